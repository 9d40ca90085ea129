"""Documents the bot hands out: invoice and receipt PDFs (reportlab) and captcha images (Pillow)."""

from bot.documents.captcha import Captcha, new_captcha
from bot.documents.invoice import render_invoice_pdf
from bot.documents.receipt import render_receipt_pdf

__all__ = ["Captcha", "new_captcha", "render_invoice_pdf", "render_receipt_pdf"]
