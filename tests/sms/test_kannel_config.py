"""Rendering the project's Kannel template (no Kannel needed)."""

from pathlib import Path

import pytest

from bot.sms.kannel import KannelConfig, render_config
from bot.sms.kannel.process import KannelError, start_kannel


def config(tmp_path: Path, secret: str = "s3cret_Token-1") -> KannelConfig:
    return KannelConfig.on_free_ports("http://127.0.0.1:8080/sms/mo", secret, tmp_path)


def test_the_rendered_config_has_no_placeholder_and_carries_the_secret_in_the_service_url(tmp_path):
    rendered = render_config(config(tmp_path))
    assert "{{" not in rendered
    assert 'get-url = "http://127.0.0.1:8080/sms/mo?secret=s3cret_Token-1&sender=%p&' in rendered
    assert "accept-x-kannel-headers = true" in rendered and "store-type = file" in rendered


def test_config_groups_have_no_blank_line_inside_which_kannel_would_reject(tmp_path):
    groups = render_config(config(tmp_path)).split("\n\n")
    for group in groups:
        settings = [ln for ln in group.splitlines() if ln.strip() and not ln.startswith("#")]
        assert not settings or settings[0].startswith("group = ")


@pytest.mark.parametrize("secret", ["with space", "pct%41", "amp&x", ""])
def test_secrets_kannel_would_mangle_are_refused(tmp_path, secret):
    with pytest.raises(ValueError):
        render_config(config(tmp_path, secret))


def test_the_starter_refuses_a_config_that_still_has_placeholders(tmp_path):
    raw = tmp_path / "kannel.conf"
    raw.write_text("group = core\nadmin-port = {{ADMIN_PORT}}\n")
    with pytest.raises(KannelError):
        start_kannel(raw, tmp_path / "run")
