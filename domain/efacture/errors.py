"""The one error of e-facture that points at a field the user can type again.

It is a `Refused` (so an edge that catches `Refused` translates every e-facture refusal by its
`reason` key) and an `InvalidInput` (so a flow may re-prompt `field` instead of ending).
"""

from domain.errors import InvalidInput, Refused


class InvalidField(Refused, InvalidInput):
    """`field` names what to ask again: line_identifier, customer_number, login, email,
    email_confirmation, old_password, new_password, confirmation, code."""

    def __init__(self, field: str, reason: str, **details: object) -> None:
        super().__init__(reason, **details)
        self.field = field
