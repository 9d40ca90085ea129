"""Printed labels of the invoice PDF, per language.

French is the language of Maroc Telecom's bills and guides. Arabic bills would need an embedded
TTF with Arabic glyphs and shaping (reportlab does neither), so "ar" prints the French bill;
"en" prints English labels. Amounts keep the French form ("769,20 DH") in every language.
"""

from typing import Final

FR: Final[dict[str, str]] = {
    "title": "Facture",
    "subtitle": "Service {service} · échéance {period}",
    "holder": "Titulaire",
    "customer_number": "N° client",
    "msisdn": "Numéro d'appel",
    "invoice_number": "N° de facture",
    "payment_code": "Code de paiement",
    "fidelio_hint": "code fidélio (SMS au 1117)",
    "no_msisdn": "—",
    "period": "Échéance",
    "billing_period": "Période",
    "billing_range": "du {start} au {end}",
    "due_date": "Date limite de paiement",
    "service": "Service",
    "to_pay": "Montant à payer avant le {due}",
    "paid": "Facture payée le {day}",
    "paid_undated": "Facture payée",
    "cancelled": "Facture annulée",
    "details": "Détail de votre facture",
    "designation": "Désignation",
    "amount_ht": "Montant HT",
    "default_detail": "Abonnement et consommations",
    "total_ht": "Total HT",
    "vat": "TVA 20 %",
    "total_ttc": "Total TTC",
    "how_to_pay": "Comment payer votre facture",
    "pay_online": ("En ligne, 24h/24, gratuitement : e-facture (efacture.iam.ma) ou paiement.iam.ma, "
                   "avec votre {reference} et votre {code}."),
    "pay_agency": "Dans toute agence commerciale Maroc Telecom, sur présentation de cette facture.",
    "pay_777": "Une question ? Appelez le service client au 777.",
    "reference_msisdn": "numéro d'appel",
    "reference_customer": "numéro client",
    "code_payment": "code de paiement (1ère page, 5ème ligne à gauche)",
    "code_fidelio": "code fidélio (envoyez « code » par SMS au 1117)",
    "slip": "Talon de paiement · à présenter en agence commerciale avec votre règlement",
    "amount_ttc": "Montant TTC",
    "footer": "Maroc Telecom · Facture N° {number} · Service client 777 · efacture.iam.ma",
    "MOBILE": "Mobile",
    "FIXE": "Fixe",
    "INTERNET": "Internet",
}

EN: Final[dict[str, str]] = {
    "title": "Invoice",
    "subtitle": "{service} service · billing month {period}",
    "holder": "Account holder",
    "customer_number": "Customer number",
    "msisdn": "Phone number",
    "invoice_number": "Invoice number",
    "payment_code": "Payment code",
    "fidelio_hint": "Fidelio code (SMS to 1117)",
    "no_msisdn": "—",
    "period": "Billing month",
    "billing_period": "Period",
    "billing_range": "{start} – {end}",
    "due_date": "Payment due date",
    "service": "Service",
    "to_pay": "Amount due by {due}",
    "paid": "Invoice paid on {day}",
    "paid_undated": "Invoice paid",
    "cancelled": "Invoice cancelled",
    "details": "Invoice details",
    "designation": "Description",
    "amount_ht": "Amount excl. VAT",
    "default_detail": "Subscription and usage",
    "total_ht": "Total excl. VAT",
    "vat": "VAT 20 %",
    "total_ttc": "Total incl. VAT",
    "how_to_pay": "How to pay",
    "pay_online": ("Online, 24/7, free of charge: e-facture (efacture.iam.ma) or paiement.iam.ma, "
                   "with your {reference} and your {code}."),
    "pay_agency": "At any Maroc Telecom shop, with this invoice.",
    "pay_777": "Any question? Call customer service on 777.",
    "reference_msisdn": "phone number",
    "reference_customer": "customer number",
    "code_payment": "payment code (page 1, fifth line, left)",
    "code_fidelio": "Fidelio code (text \"code\" to 1117)",
    "slip": "Payment slip · bring it to a Maroc Telecom shop with your payment",
    "amount_ttc": "Amount incl. VAT",
    "footer": "Maroc Telecom · Invoice No. {number} · Customer service 777 · efacture.iam.ma",
    "MOBILE": "Mobile",
    "FIXE": "Landline",
    "INTERNET": "Internet",
}

_BY_LANGUAGE: Final = {"fr": FR, "en": EN, "ar": FR}


def labels_for(language: str) -> dict[str, str]:
    """Labels for a conversation language; unknown languages get the French bill."""
    return _BY_LANGUAGE.get(language, FR)
