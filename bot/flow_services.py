"""The services each area of flows receives (`ctx.services`), built from the settings."""

from bot.config import Settings
from bot.documents.captcha import new_captcha
from bot.documents.invoice import render_invoice_pdf
from bot.documents.receipt import render_receipt_pdf
from bot.notification_texts import CatalogNotificationTexts
from bot.security import Argon2PasswordHasher
from bot.sms.texts import SmsCatalog
from bot.web.payment_pages import PaymentWebDeps
from conversations.catalog import Catalog
from conversations.flows.efacture.services import EfactureServices
from conversations.flows.payment.services import PaymentServices
from conversations.services import FlowServices
from domain.clock import Clock
from storage.database import Database


def build_flow_services(settings: Settings, database: Database, catalog: Catalog,
                        payment_web: PaymentWebDeps, clock: Clock) -> FlowServices:
    efacture = EfactureServices.build(database.uow, Argon2PasswordHasher(), CatalogNotificationTexts(catalog),
                                      new_captcha, render_invoice_pdf)
    return FlowServices(efacture=efacture, payment=_payment_services(settings, database, payment_web),
                        sms_texts=SmsCatalog(catalog, settings.sms.short_number),
                        public_base_url=settings.web.public_base_url)


def _payment_services(settings: Settings, database: Database, payment_web: PaymentWebDeps):
    return PaymentServices.from_web_deps(payment_web, database.uow, settings.web.public_base_url,
                                         receipt_pdf=render_receipt_pdf)
