"""What the payment flows need, built once by the composition root; `ctx.services.payment`."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.payment_usecases import PayerIdentification, PaymentUseCases
from domain.ports import UnitOfWorkFactory
from domain.receipts import Receipt


@dataclass(frozen=True)
class PaymentServices:
    """`usecases` must be the SAME PaymentUseCases the payment pages use (PaymentWebDeps.usecases()).

    `receipt_pdf` renders the receipt PDF (bot.documents.render_receipt_pdf; without it the chat
    shows the receipt as text and a link only); `public_base_url` is where our payment pages are
    served (settings.web.public_base_url).
    """

    usecases: PaymentUseCases
    uow: UnitOfWorkFactory
    public_base_url: str
    receipt_pdf: Callable[[Receipt], bytes] | None = None

    @classmethod
    def from_web_deps(cls, web_deps: Any, uow: UnitOfWorkFactory, public_base_url: str,
                      receipt_pdf: Callable[[Receipt], bytes] | None = None) -> "PaymentServices":
        """Over the payment pages' own use cases (bot.web.payment_pages.PaymentWebDeps.usecases())."""
        return cls(web_deps.usecases(), uow, public_base_url, receipt_pdf)

    @property
    def payers(self) -> PayerIdentification:
        return PayerIdentification(self.uow)

    def link_url(self, path: str, language: str) -> str:
        return f"{self.public_base_url.rstrip('/')}{path}?lang={language}"

    def receipt_url(self, token: str, language: str) -> str:
        return f"{self.public_base_url.rstrip('/')}/receipt/{token}?lang={language}"
