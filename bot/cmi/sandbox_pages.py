"""The sandbox gateway's pages: errors, the card form, the 3-D Secure step."""

from collections.abc import Mapping
from html import escape

from bot.cmi.html_forms import page, paragraphs
from bot.cmi.sandbox_cards import TEST_CARDS


def error_page(problems: list[str]) -> str:
    return page("Erreur de paiement (bac à sable CMI)",
                paragraphs(problems, "error") + paragraphs(["La demande de paiement a été refusée."]))


def _input(name: str, label: str, value: str = "", **attributes: str) -> str:
    extra = "".join(f' {key}="{escape(val)}"' for key, val in attributes.items())
    return (f'<label for="{name}">{escape(label)}</label>'
            f'<input id="{name}" name="{name}" value="{escape(value)}"{extra}>')


def card_form(session_id: str, request: Mapping[str, str], problems: list[str],
              form: Mapping[str, str]) -> str:
    card_types = "".join(f'<option{" selected" if form.get("card_type") == brand else ""}>{brand}</option>'
                         for brand in ("CMI", "VISA", "MASTERCARD"))
    body = (paragraphs([f"Commande {request.get('oid', '')} — montant {request.get('amount', '')} MAD"])
            + paragraphs(problems, "error")
            + '<form method="post" action="/fim/sandbox/card">'
            f'<input type="hidden" name="session" value="{escape(session_id)}">'
            f'<label for="card_type">Type de carte</label><select id="card_type" name="card_type">{card_types}'
            "</select>"
            + _input("holder", "Nom du porteur de la carte", form.get("holder", ""))
            + _input("pan", "Numéro de carte (16 chiffres)", form.get("pan", ""), inputmode="numeric",
                     autocomplete="cc-number")
            + _input("exp_month", "Mois d'expiration (MM)", form.get("exp_month", ""), size="2")
            + _input("exp_year", "Année d'expiration (AAAA)", form.get("exp_year", ""), size="4")
            + _input("cvv", "Code de vérification (CVV)", "", size="3", autocomplete="cc-csc")
            + '<button type="submit">Payer</button></form>'
            + f'<p><a href="{escape(request.get("shopurl", "") or "#")}">Annuler</a></p>'
            + "<details><summary>Cartes de test</summary>"
            + paragraphs([f"{pan} — {card.label}" for pan, card in TEST_CARDS.items()]) + "</details>")
    return page("Paiement sécurisé CMI (bac à sable)", body)


def three_d_secure_form(session_id: str, problem: str = "") -> str:
    body = (paragraphs(["Votre banque vous demande de confirmer ce paiement (3-D Secure)."])
            + (paragraphs([problem], "error") if problem else "")
            + '<form method="post" action="/fim/sandbox/3ds">'
            f'<input type="hidden" name="session" value="{escape(session_id)}">'
            + _input("code", "Code reçu de votre banque", "", inputmode="numeric")
            + '<button type="submit">Valider</button></form>')
    return page("Authentification 3-D Secure", body)
