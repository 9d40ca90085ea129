"""The SMS and emails of e-facture (domain.efacture.ports.NotificationTexts), from the catalogs.

Texts are `efacture.sms_*` and `efacture.email_*` in conversations/texts/<lang>/efacture.yaml;
an SMS stays within one message (160 GSM-7 characters, 70 in Arabic): tests/efacture_flows checks.
"""

from datetime import datetime

from conversations.catalog import Catalog
from domain.clock import LOCAL_TZ


class CatalogNotificationTexts:
    def __init__(self, catalog: Catalog | None = None) -> None:
        self.catalog = catalog or Catalog.load()

    def _language(self, language: str) -> str:
        return language if language in self.catalog.languages else self.catalog.default

    def temporary_password_sms(self, login: str, password: str, language: str) -> str:
        return self.catalog.text(self._language(language), "efacture.sms_temporary_password",
                                 login=login, password=password)

    def temporary_password_email(self, login: str, password: str, language: str) -> tuple[str, str]:
        lang = self._language(language)
        return (self.catalog.text(lang, "efacture.email_temporary_password_subject"),
                self.catalog.text(lang, "efacture.email_temporary_password_body", login=login, password=password))

    def email_change_code(self, login: str, code: str, expires_at: datetime, language: str) -> tuple[str, str]:
        lang = self._language(language)
        until = expires_at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
        return (self.catalog.text(lang, "efacture.email_code_subject"),
                self.catalog.text(lang, "efacture.email_code_body", login=login, code=code, until=until))
