"""A hand-written stand-in for the conversation engine: enough behaviour to drive every rendering."""

from conversations.messages import Choice, Inbound, Outbound, delete_user_message, document, image, text

PDF = b"%PDF-1.4\n% fake invoice\n"
PNG = b"\x89PNG\r\n\x1a\n fake captcha"
PAY_URL = "http://127.0.0.1:8080/pay/abc"


class FakeEngine:
    """Echoes, shows menus, sends files, asks for a secret; ignores an inbound id seen before."""

    def __init__(self) -> None:
        self.inbounds: list[Inbound] = []
        self._seen: set[str] = set()
        self._secret_pending: set[str] = set()

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        if inbound.message_id in self._seen:
            return []
        self._seen.add(inbound.message_id or "")
        self.inbounds.append(inbound)
        if inbound.key in self._secret_pending:
            self._secret_pending.discard(inbound.key)
            return [delete_user_message(inbound.message_id), text("Mot de passe reçu.")]
        if inbound.choice_id is not None:
            return self._pressed(inbound.choice_id)
        return self._typed(inbound)

    def _typed(self, inbound: Inbound) -> list[Outbound]:
        said = inbound.text or ""
        if said == "/start":
            return [text("Bienvenue !", [Choice("menu:invoices", "Mes factures")],
                         [Choice("pay", "Payer en ligne", url=PAY_URL)])]
        if said == "facture":
            return [document(PDF, "facture-2026-01.pdf", caption="Votre facture", cache_key="inv:2026-01")]
        if said == "captcha":
            return [image(PNG, "captcha.png", caption="Recopiez le code")]
        if said == "login":
            self._secret_pending.add(inbound.key)
            return [text("Votre mot de passe :", secret_input=True)]
        if said == "boom":
            raise RuntimeError("engine failure for test")
        if inbound.attachment is not None:
            return [text(f"reçu: {inbound.attachment.kind}")]
        return [text(f"echo: {said}")]

    def _pressed(self, choice_id: str) -> list[Outbound]:
        if choice_id == "menu:invoices":
            return [text("Vos factures :", [Choice("inv:1", "Janvier 2026")])]
        if choice_id == "inv:1":
            return [document(PDF, "facture-2026-01.pdf", cache_key="inv:2026-01"),
                    text("Autre chose ?", [Choice("menu:invoices", "Mes factures")])]
        return [text(f"choix: {choice_id}")]
