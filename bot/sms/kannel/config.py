"""Render kannel.conf.template into a working Kannel configuration."""

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.net import free_port

TEMPLATE = Path(__file__).with_name("kannel.conf.template")
PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
# Kannel reads '%x' in get-url as its own escape codes: keep the secret to URL-safe characters.
URL_SAFE = re.compile(r"[A-Za-z0-9._~-]+")




@dataclass(frozen=True)
class KannelConfig:
    service_url: str
    service_secret: str
    log_dir: str
    store_file: str
    admin_port: int
    smsbox_port: int
    fakesmsc_port: int
    sendsms_port: int
    admin_password: str = "admin"
    sendsms_username: str = "iam-bot"
    sendsms_password: str = "iam-bot-secret"
    short_code: str = "1117"

    @classmethod
    def on_free_ports(cls, service_url: str, service_secret: str, run_dir: Path, **values) -> "KannelConfig":
        ports = {name: free_port() for name in ("admin_port", "smsbox_port", "fakesmsc_port", "sendsms_port")}
        return cls(service_url=service_url, service_secret=service_secret, log_dir=str(run_dir / "logs"),
                   store_file=str(run_dir / "kannel.store"), **{**ports, **values})

    @property
    def sendsms_url(self) -> str:
        return f"http://127.0.0.1:{self.sendsms_port}/cgi-bin/sendsms"

    @property
    def admin_url(self) -> str:
        return f"http://127.0.0.1:{self.admin_port}"


def render_config(config: KannelConfig, template: Path = TEMPLATE) -> str:
    for name in ("service_secret", "sendsms_password", "admin_password"):
        if not URL_SAFE.fullmatch(getattr(config, name)):
            raise ValueError(f"{name} must be made of letters, digits and . _ ~ - only")
    values = {key.upper(): str(value) for key, value in asdict(config).items()}
    text = template.read_text(encoding="utf-8")
    rendered = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    missing = sorted(set(PLACEHOLDER.findall(rendered)))
    if missing:
        raise ValueError(f"no value for {', '.join(missing)}")
    return rendered


def write_config(config: KannelConfig, path: Path) -> Path:
    Path(config.log_dir).mkdir(parents=True, exist_ok=True)
    path.write_text(render_config(config), encoding="utf-8")
    return path
