"""What flows may call, handed to every step as `ctx.services` by the composition root.

Each area of the bot declares its own services object next to its flows (e-facture, payment);
this aggregate only names them, so areas can grow without touching each other. A field left
None means the area is not wired (a test of another area, or a channel that does not offer it).
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FlowServices:
    efacture: Any = None  # conversations.flows.efacture.services.EfactureServices
    payment: Any = None  # conversations.flows.payment.services.PaymentServices
    sms_texts: Any = None  # domain.sms_keywords.SmsTexts (the code fidélio sent by SMS from the chat)
    public_base_url: str = "http://127.0.0.1:8080"
