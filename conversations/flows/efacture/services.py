"""What the e-facture flows need, built by the composition root (bot/app.py) and found by steps
as `ctx.services.efacture`."""

from dataclasses import dataclass, field

from domain.efacture.login import Authenticator
from domain.efacture.ports import CaptchaFactory, InvoicePdfRenderer, NotificationTexts, PasswordHasher
from domain.ports import UnitOfWorkFactory


@dataclass(frozen=True)
class EfactureServices:
    """`uow()` opens a new unit of work per use case; `authenticator` keeps a dummy hash made
    with the production hasher (see domain.efacture.login), so build it once with `build`."""

    uow: UnitOfWorkFactory
    hasher: PasswordHasher
    texts: NotificationTexts
    captcha: CaptchaFactory
    invoice_pdf: InvoicePdfRenderer
    authenticator: Authenticator = field(default=None)  # type: ignore[assignment]

    @classmethod
    def build(cls, uow: UnitOfWorkFactory, hasher: PasswordHasher, texts: NotificationTexts,
              captcha: CaptchaFactory, invoice_pdf: InvoicePdfRenderer) -> "EfactureServices":
        return cls(uow, hasher, texts, captcha, invoice_pdf, Authenticator(hasher))
