"""Payer une facture: without an account (payment.py) or from e-facture (from_efacture.py).

Both end on the same steps (selection.py: the invoices to pay, the link, the verdict); the
gateway's verdict comes back as a system event (events.py), to the flow if the user is still in
it, else to the registry-wide fallback (FALLBACK_EVENTS, registered by conversations.flows).
Card numbers never go through the chat: no prompt asks for card data, the engine deletes any.
"""
