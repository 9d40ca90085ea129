"""The "sms" area of the text catalogs (conversations/texts/<lang>/sms.yaml), rendered for SMS."""

from conversations.catalog import Catalog


class SmsCatalog:
    """Implements domain.sms_keywords.SmsTexts over the shared catalog; fills {short_number}."""

    def __init__(self, catalog: Catalog | None = None, short_number: str = "1117") -> None:
        self.catalog = catalog or Catalog.load()
        self.short_number = short_number

    def render(self, key: str, language: str, **values: str) -> str:
        return self.catalog.text(language, key, short_number=self.short_number, **values)
