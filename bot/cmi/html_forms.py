"""Tiny HTML helpers shared by the sandbox pages and our payment pages (no template engine)."""

from collections.abc import Iterable, Mapping
from html import escape

STYLE = ("body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}"
         "h1{font-size:1.4rem}.error{color:#b00020}label{display:block;margin:.6rem 0 .2rem}"
         "input,select{padding:.4rem;font-size:1rem}button{margin-top:1rem;padding:.5rem 1rem}"
         "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;"
         "text-align:left}@media print{.noprint{display:none}}")


def page(title: str, body: str, lang: str = "fr") -> str:
    direction = ' dir="rtl"' if lang == "ar" else ""
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"{direction}><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
            f"<body><h1>{escape(title)}</h1>{body}</body></html>")


def paragraphs(lines: Iterable[str], css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return "".join(f"<p{attribute}>{escape(line)}</p>" for line in lines)


def hidden_inputs(fields: Mapping[str, str]) -> str:
    return "".join(f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
                   for name, value in fields.items())


def auto_post(url: str, fields: Mapping[str, str], title: str, message: str, button: str,
              lang: str = "fr") -> str:
    """A page whose form posts itself at once; the button is there for browsers without JavaScript."""
    body = (f"<p>{escape(message)}</p>"
            f'<form id="autopost" method="post" action="{escape(url)}" accept-charset="UTF-8">'
            f'{hidden_inputs(fields)}<button type="submit">{escape(button)}</button></form>'
            "<script>document.getElementById('autopost').submit();</script>")
    return page(title, body, lang)
