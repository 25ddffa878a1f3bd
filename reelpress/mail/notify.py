"""Emails about letters: the editor's notification and the reader's acknowledgement.

Both are rendered from templates (subject, text, HTML) and sent after the letter's
transaction commits. A failed send is logged and never undoes or loses the letter.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from reelpress.mail.models import Letter
from reelpress.mail.text import clean_line
from reelpress.site.address import absolute, site_url

logger = logging.getLogger(__name__)


def _message(template: str, context: dict, to: list[str], reply_to: list[str] | None = None):
    """Build a two-part email from mail/email/<template>_{subject.txt,body.txt,body.html}."""
    subject = clean_line(render_to_string(f"mail/email/{template}_subject.txt", context))
    text = render_to_string(f"mail/email/{template}_body.txt", context)
    html = render_to_string(f"mail/email/{template}_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to, reply_to=reply_to or []
    )
    message.attach_alternative(html, "text/html")
    return message


def editor_notification(letter: Letter):
    context = {
        "letter": letter,
        "site_name": settings.SITE_NAME,
        "admin_url": absolute(reverse("admin:mail_letter_change", args=[letter.pk])),
        "review_url": absolute(letter.review.get_absolute_url()) if letter.review else "",
    }
    # Reply-To lets the editor answer privately from their mail client.
    return _message("editor_notification", context, list(settings.REELPRESS_EDITOR_EMAILS), [letter.email])


def reader_acknowledgement(letter: Letter):
    # Nothing the sender typed goes into this email: the address is unverified, and echoing
    # their text would let anyone use the form to send words of their choosing to a stranger.
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": site_url(),
        "mail_url": absolute(reverse("mail:index")),
        "received_at": letter.received_at,
    }
    return _message("reader_acknowledgement", context, [letter.email])


def send_letter_emails(letter_id: int) -> None:
    """Notify the editors and acknowledge the reader; log and carry on if either send fails."""
    letter = Letter.objects.select_related("review").filter(pk=letter_id).first()
    if letter is None:
        return
    for build in (editor_notification, reader_acknowledgement):
        try:
            message = build(letter)
            if message.to:
                message.send()
        except Exception:
            logger.exception("Could not send the %s email for letter %s", build.__name__, letter_id)


def send_after_commit(letter: Letter) -> None:
    """Queue the emails for when the transaction that stored ``letter`` commits."""
    letter_id = letter.pk
    transaction.on_commit(lambda: send_letter_emails(letter_id))
