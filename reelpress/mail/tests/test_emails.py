"""The editor is told of each new letter and the reader gets an acknowledgement, after commit."""

import logging

from django.test import override_settings

from reelpress.mail.models import Letter

from .conftest import READER_EMAIL


@override_settings(REELPRESS_EDITOR_EMAILS=["ed@example.org", "critic@example.org"])
def test_the_editor_is_notified_and_the_reader_acknowledged(
    post_letter, letter_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_letter(letter_data)
    letter = Letter.objects.get()
    assert len(mailoutbox) == 2
    to_editor, to_reader = mailoutbox

    assert to_editor.to == ["ed@example.org", "critic@example.org"]
    assert to_editor.reply_to == [READER_EMAIL]
    assert "About the ants" in to_editor.subject
    assert "drive-in" in to_editor.body
    assert f"/admin/mail/letter/{letter.pk}/change/" in to_editor.body
    [(html, mimetype)] = to_editor.alternatives
    assert mimetype == "text/html"
    assert "drive-in" in html

    assert to_reader.to == [READER_EMAIL]
    assert to_reader.body.strip()
    [(html, mimetype)] = to_reader.alternatives
    assert mimetype == "text/html"
    assert "Thank you for writing" in html


def test_nothing_is_sent_before_the_letter_commits(post_letter, letter_data, mailoutbox):
    # Inside the test's transaction nothing has committed, so nothing may have gone out.
    post_letter(letter_data)
    assert Letter.objects.count() == 1
    assert mailoutbox == []


def test_the_acknowledgement_repeats_nothing_the_sender_typed(
    post_letter, letter_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_letter({**letter_data, "name": "Buy pills now", "subject": "cheap pills here"})
    to_reader = mailoutbox[1]
    text = to_reader.subject + to_reader.body + to_reader.alternatives[0][0]
    assert "pills" not in text
    assert "drive-in" not in text


def test_html_in_a_letter_is_escaped_in_the_editors_html_email(
    post_letter, letter_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_letter({**letter_data, "message": "<script>alert(1)</script>"})
    html = mailoutbox[0].alternatives[0][0]
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


@override_settings(EMAIL_BACKEND="reelpress.mail.tests.broken_backend.EmailBackend")
def test_a_mail_failure_is_logged_and_the_letter_kept(
    post_letter, letter_data, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.ERROR, logger="reelpress.mail.notify"):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_letter(letter_data)
    assert response.status_code == 302
    assert Letter.objects.count() == 1
    assert "Could not send the editor_notification email" in caplog.text
    assert "Could not send the reader_acknowledgement email" in caplog.text
