"""Settings: config.yaml, then environment overrides, validated once into frozen dataclasses.

Secrets are read only from the environment and kept in `Secrets`, whose repr hides them so they
cannot reach a log by accident.
"""

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config.yaml"
ENV_PREFIX = "IAM_"


class ConfigError(Exception):
    """The configuration cannot be used; `problems` has one readable line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = "sqlite+aiosqlite:///data/iam.sqlite3"
    demo_lines: int = 2000


@dataclass(frozen=True)
class ConversationSettings:
    default_language: str = "fr"
    inactivity_minutes: int = 15


@dataclass(frozen=True)
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    public_base_url: str = "http://127.0.0.1:8080"


@dataclass(frozen=True)
class TelegramSettings:
    mode: str = "polling"
    base_url: str = ""
    webhook_path: str = "/telegram/webhook"
    emulator_host: str = "127.0.0.1"
    emulator_port: int = 8081


@dataclass(frozen=True)
class CmiSettings:
    gateway_url: str = "http://127.0.0.1:8082/fim/est3Dgate"
    client_id: str = "600000000"
    link_validity_minutes: int = 15
    sandbox_host: str = "127.0.0.1"
    sandbox_port: int = 8082


@dataclass(frozen=True)
class SmsSettings:
    transport: str = "console"  # console: print outgoing SMS (development); kannel: smsbox sendsms
    sendsms_url: str = "http://127.0.0.1:13013/cgi-bin/sendsms"
    username: str = "iam-bot"
    short_number: str = "1117"


@dataclass(frozen=True)
class SmtpSettings:
    transport: str = "console"  # console: print outgoing emails (development); smtp: send them
    host: str = "127.0.0.1"
    port: int = 2525
    sender: str = "Maroc Telecom e-facture <no-reply@iam.ma>"
    username: str = ""
    use_tls: bool = False


class Secret(str):
    """A string that never shows itself in repr or logs."""

    def __repr__(self) -> str:
        return "Secret('***')" if self else "Secret('')"


@dataclass(frozen=True)
class Secrets:
    telegram_bot_token: Secret = Secret("")
    telegram_webhook_secret: Secret = Secret("")
    cmi_store_key: Secret = Secret("")
    smtp_password: Secret = Secret("")
    kannel_password: Secret = Secret("")
    sms_service_secret: Secret = Secret("")
    conversation_secret: Secret = Secret("")

    @classmethod
    def from_environment(cls, environ: dict[str, str]) -> "Secrets":
        return cls(**{f.name: Secret(environ.get(f.name.upper(), "")) for f in fields(cls)})


@dataclass(frozen=True)
class Settings:
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    conversations: ConversationSettings = field(default_factory=ConversationSettings)
    web: WebSettings = field(default_factory=WebSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    cmi: CmiSettings = field(default_factory=CmiSettings)
    sms: SmsSettings = field(default_factory=SmsSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    secrets: Secrets = field(default_factory=Secrets, repr=False)

    def with_database(self, url: str | None) -> "Settings":
        return self if not url else replace(self, database=replace(self.database, url=url))


def _coerce(value: Any, target: type, where: str, problems: list[str]) -> Any:
    if target is bool:
        if isinstance(value, bool):
            return value
        if str(value).lower() in {"true", "1", "yes", "on"}:
            return True
        if str(value).lower() in {"false", "0", "no", "off", ""}:
            return False
        problems.append(f"{where}: expected true or false, got {value!r}")
        return None
    if target is int:
        try:
            return int(value)
        except (TypeError, ValueError):
            problems.append(f"{where}: expected a whole number, got {value!r}")
            return None
    return "" if value is None else str(value)


def _section(cls: type, raw: Any, name: str, environ: dict[str, str], problems: list[str]) -> Any:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(f"{name}: expected a mapping of settings, got {type(raw).__name__}")
        raw = {}
    known = {f.name: f for f in fields(cls)}
    for key in raw:
        if key not in known:
            problems.append(f"{name}.{key}: unknown setting (known: {', '.join(known)})")
    values = {}
    for key, spec in known.items():
        env_name = f"{ENV_PREFIX}{name.upper()}__{key.upper()}"
        if env_name in environ:
            value, where = environ[env_name], env_name
        elif key in raw:
            value, where = raw[key], f"{name}.{key}"
        else:
            continue
        target = type(spec.default)
        coerced = _coerce(value, target, where, problems)
        if coerced is not None:
            values[key] = coerced
    return cls(**values)


def _validate(settings: Settings, problems: list[str], environ_allows_console_sinks: bool = False) -> None:
    url = settings.database.url
    if not (url.startswith("sqlite+aiosqlite://") or url.startswith("postgresql+asyncpg://")
            or url.startswith("postgresql://")):
        problems.append(f"database.url: use sqlite+aiosqlite:///PATH or postgresql+asyncpg://..., got {url!r}")
    if settings.conversations.default_language not in {"fr", "ar", "en"}:
        problems.append("conversations.default_language: must be fr, ar or en")
    if settings.conversations.inactivity_minutes < 1:
        problems.append("conversations.inactivity_minutes: must be at least 1")
    if settings.telegram.mode not in {"polling", "webhook"}:
        problems.append(f"telegram.mode: must be polling or webhook, got {settings.telegram.mode!r}")
    for name, port in (("web.port", settings.web.port), ("cmi.sandbox_port", settings.cmi.sandbox_port),
                       ("telegram.emulator_port", settings.telegram.emulator_port), ("smtp.port", settings.smtp.port)):
        if not 0 < port < 65536:
            problems.append(f"{name}: {port} is not a TCP port")
    if settings.sms.transport not in {"console", "kannel"}:
        problems.append(f"sms.transport: must be console or kannel, got {settings.sms.transport!r}")
    if settings.smtp.transport not in {"console", "smtp"}:
        problems.append(f"smtp.transport: must be console or smtp, got {settings.smtp.transport!r}")
    if settings.secrets.telegram_bot_token and "console" in (settings.sms.transport, settings.smtp.transport) \
            and environ_allows_console_sinks is False:
        problems.append("sms.transport/smtp.transport: 'console' prints passwords on the terminal; with a real "
                        "TELEGRAM_BOT_TOKEN use kannel/smtp (or set IAM_ALLOW_CONSOLE_SINKS=1 for a test bot)")
    if settings.telegram.mode == "webhook" and settings.secrets.telegram_bot_token and not settings.secrets.telegram_webhook_secret:
        problems.append("TELEGRAM_WEBHOOK_SECRET: required in webhook mode")


_SECTIONS = {f.name: f.type for f in fields(Settings) if f.name != "secrets"}


def load_settings(path: str | Path | None = None, environ: dict[str, str] | None = None,
                  database_url: str | None = None) -> Settings:
    """Read, override and validate; raise ConfigError listing every problem at once."""
    environ = dict(os.environ if environ is None else environ)
    path = Path(path) if path else DEFAULT_CONFIG
    problems: list[str] = []
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigError([f"{path}: not valid YAML ({exc})"]) from None
        if not isinstance(raw, dict):
            raise ConfigError([f"{path}: expected a mapping of sections"])
    elif path != DEFAULT_CONFIG:
        raise ConfigError([f"{path}: no such configuration file"])
    for name in raw:
        if name not in _SECTIONS:
            problems.append(f"{name}: unknown section (known: {', '.join(_SECTIONS)})")
    sections = {name: _section(cls, raw.get(name), name, environ, problems) for name, cls in _SECTIONS.items()}
    settings = Settings(**sections, secrets=Secrets.from_environment(environ))
    settings = settings.with_database(environ.get("DATABASE_URL")).with_database(database_url)
    settings = replace(settings, database=replace(settings.database, url=_absolute_sqlite(settings.database.url)))
    _validate(settings, problems, environ.get("IAM_ALLOW_CONSOLE_SINKS", "") in {"1", "true", "yes"})
    if problems:
        raise ConfigError(problems)
    return settings


def _absolute_sqlite(url: str) -> str:
    """A relative SQLite path is relative to the project root, wherever the program starts."""
    prefix = "sqlite+aiosqlite:///"
    if url.startswith(prefix) and not url[len(prefix):].startswith("/") and ":memory:" not in url:
        return prefix + str(PROJECT_ROOT / url[len(prefix):])
    return url
