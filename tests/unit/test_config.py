from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.local_stack import startup_problems, uses_local_sandbox, with_development_store_key


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_configuration_loads_with_an_empty_environment():
    settings = load_settings(environ={})
    assert settings.database.url.startswith("sqlite+aiosqlite:////")
    assert settings.sms.transport == "console" and uses_local_sandbox(settings)


def test_environment_variables_override_the_file_and_database_option_overrides_both(tmp_path):
    path = write(tmp_path, "web:\n  port: 9000\n")
    settings = load_settings(path, environ={"IAM_WEB__PORT": "9100", "DATABASE_URL": "postgresql+asyncpg://a/b"},
                             database_url="sqlite+aiosqlite:////tmp/x.sqlite3")
    assert settings.web.port == 9100
    assert settings.database.url == "sqlite+aiosqlite:////tmp/x.sqlite3"


def test_a_bad_configuration_lists_every_problem_on_its_own_line(tmp_path):
    path = write(tmp_path, "web:\n  port: huit\n  colour: blue\ntelegram:\n  mode: carrier-pigeon\nextra: {}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    problems = caught.value.problems
    assert any("web.port" in p and "whole number" in p for p in problems)
    assert any("web.colour: unknown setting" in p for p in problems)
    assert any("telegram.mode" in p for p in problems)
    assert any("extra: unknown section" in p for p in problems)


def test_secrets_come_from_the_environment_and_never_show_in_repr():
    settings = load_settings(environ={"CMI_STORE_KEY": "s3cr3t-key", "SMTP_PASSWORD": "hunter2"})
    assert settings.secrets.cmi_store_key == "s3cr3t-key"
    assert "s3cr3t" not in repr(settings) and "hunter2" not in repr(settings.secrets)


def test_console_sinks_are_refused_with_a_real_telegram_token_unless_allowed():
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"TELEGRAM_BOT_TOKEN": "1:abc"})
    assert "console" in str(caught.value)
    assert load_settings(environ={"TELEGRAM_BOT_TOKEN": "1:abc", "IAM_ALLOW_CONSOLE_SINKS": "1"})


def test_a_real_gateway_needs_a_store_key_and_the_sandbox_gets_one_made_for_the_run():
    real = load_settings(environ={"IAM_CMI__GATEWAY_URL": "https://testpayment.cmi.co.ma/fim/est3Dgate"})
    assert startup_problems(real) == ["CMI_STORE_KEY: required to sign payments for "
                                      "https://testpayment.cmi.co.ma/fim/est3Dgate"]
    local = load_settings(environ={})
    assert startup_problems(local) == []
    assert len(with_development_store_key(local).secrets.cmi_store_key) >= 24
