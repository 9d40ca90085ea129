import email
import email.policy
import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from bot.documents import render_invoice_pdf
from bot.mail import MailError, SmtpMailer
from domain.clock import fixed_clock
from tests.documents.builders import a_line, an_invoice
from tests.mail.conftest import free_port

SENDER = "Maroc Telecom e-facture <no-reply@iam.ma>"
NOW = datetime(2024, 11, 21, 10, 0, tzinfo=UTC)


def mailer(port: int, **options) -> SmtpMailer:
    return SmtpMailer("127.0.0.1", port, SENDER, clock=fixed_clock(NOW), timeout=5, **options)


def received_message(server) -> email.message.EmailMessage:
    (envelope,) = server.handler.received
    # SMTP carries CRLF line ends; compare bodies the way Python writes them.
    return email.message_from_bytes(envelope.original_content.replace(b"\r\n", b"\n"), policy=email.policy.default)


async def test_mail_reaches_the_server_with_subject_body_and_envelope(smtp_server):
    await mailer(smtp_server.port).send("client@example.ma", "Votre reçu de paiement", "Bonjour,\nmerci.")
    envelope = smtp_server.handler.received[0]
    message = received_message(smtp_server)
    assert envelope.mail_from == "no-reply@iam.ma" and envelope.rcpt_tos == ["client@example.ma"]
    assert message["Subject"] == "Votre reçu de paiement"
    assert message["From"] == SENDER
    assert message["Date"] == "Thu, 21 Nov 2024 10:00:00 +0000"
    assert message["Message-ID"].endswith("@iam.ma>")
    assert message.get_body(("plain",)).get_content() == "Bonjour,\nmerci.\n"


async def test_pdf_attachment_arrives_intact_and_readable(smtp_server):
    pdf = render_invoice_pdf(an_invoice(), a_line())
    await mailer(smtp_server.port).send("client@example.ma", "Votre facture", "Ci-joint votre facture.",
                                        attachments=[("facture-0000171682062019.pdf", pdf, "application/pdf")])
    (attachment,) = list(received_message(smtp_server).iter_attachments())
    assert attachment.get_filename() == "facture-0000171682062019.pdf"
    assert attachment.get_content_type() == "application/pdf"
    content = attachment.get_content()
    assert content == pdf
    assert "Code de paiement : 731905" in PdfReader(io.BytesIO(content)).pages[0].extract_text()


async def test_html_is_sent_as_an_alternative_to_the_text(smtp_server):
    await mailer(smtp_server.port).send("client@example.ma", "Reçu", "Texte seul", html="<p>Reçu <b>ok</b></p>")
    message = received_message(smtp_server)
    assert message.get_body(("plain",)).get_content().strip() == "Texte seul"
    assert "<b>ok</b>" in message.get_body(("html",)).get_content()


async def test_mailer_logs_in_when_given_credentials(smtp_server_with_auth):
    await mailer(smtp_server_with_auth.port, username="bot", password="s3cret").send(
        "client@example.ma", "Bienvenue", "Bonjour")
    assert len(smtp_server_with_auth.handler.received) == 1


async def test_wrong_password_is_a_permanent_mail_error(smtp_server_with_auth):
    with pytest.raises(MailError) as raised:
        await mailer(smtp_server_with_auth.port, username="bot", password="wrong").send(
            "client@example.ma", "Bienvenue", "Bonjour")
    assert raised.value.permanent and raised.value.code == 535
    assert smtp_server_with_auth.handler.received == []


async def test_refused_recipient_is_a_permanent_mail_error(smtp_server):
    smtp_server.handler.rcpt_reply = "550 No such user here"
    with pytest.raises(MailError) as raised:
        await mailer(smtp_server.port).send("nobody@example.ma", "Reçu", "Bonjour")
    assert raised.value.permanent and raised.value.code == 550


async def test_server_asking_to_try_later_is_a_temporary_mail_error(smtp_server):
    smtp_server.handler.data_reply = "451 Requested action aborted: try again later"
    with pytest.raises(MailError) as raised:
        await mailer(smtp_server.port).send("client@example.ma", "Reçu", "Bonjour")
    assert not raised.value.permanent and raised.value.code == 451


async def test_unreachable_server_is_a_temporary_mail_error():
    with pytest.raises(MailError) as raised:
        await mailer(free_port()).send("client@example.ma", "Reçu", "Bonjour")
    assert not raised.value.permanent


async def test_line_break_in_a_header_is_refused_before_anything_is_sent(smtp_server):
    with pytest.raises(MailError) as raised:
        await mailer(smtp_server.port).send("client@example.ma\r\nBcc: victim@example.ma", "Reçu", "Bonjour")
    assert raised.value.permanent
    assert smtp_server.handler.received == []


def test_password_never_shows_in_the_mailer_repr():
    assert "s3cret" not in repr(SmtpMailer("smtp.example.ma", 587, SENDER, "bot", "s3cret", True))
