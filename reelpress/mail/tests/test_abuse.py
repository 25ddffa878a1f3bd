"""Writing in is guarded: CSRF, a honeypot, rate limits, length limits, control characters."""

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from reelpress.mail.models import Letter


def test_a_post_without_a_csrf_token_is_refused(letter_data):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("mail:index"), letter_data)
    assert response.status_code == 403
    assert Letter.objects.count() == 0


def test_a_post_with_the_csrf_token_is_accepted(letter_data):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("mail:index"))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("mail:index"), {**letter_data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Letter.objects.count() == 1


def test_a_filled_honeypot_stores_nothing_and_looks_like_success(
    post_letter, letter_data, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        real = post_letter({**letter_data, "subject": "Real letter"})
    Letter.objects.all().delete()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        bot = post_letter({**letter_data, "website": "http://spam.example/"})
    assert Letter.objects.count() == 0
    assert mailoutbox == []
    assert (bot.status_code, bot["Location"]) == (real.status_code, real["Location"])
    assert bot.content == real.content
    assert sorted(bot.cookies) == sorted(real.cookies)


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, db):
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    page = HTMLParser(client.get(reverse("mail:index")).content)
    field = page.css_first('input[name="website"]')
    assert field.attributes["tabindex"] == "-1"
    assert field.attributes["autocomplete"] == "off"
    wrapper = field.parent
    assert wrapper.attributes["aria-hidden"] == "true"
    assert "mail-hp" in wrapper.attributes["class"]
    # The rule that moves it off screen is in the page's style sheet (no inline style: CSP).
    from django.contrib.staticfiles import finders

    sheets = [link.attributes["href"] for link in page.css('link[rel="stylesheet"]')]
    assert any(href.endswith("mail/mail.css") for href in sheets)
    assert ".mail-hp" in open(finders.find("mail/mail.css")).read()


def test_a_sixth_letter_from_one_address_in_an_hour_is_refused_politely(post_letter, letter_data):
    for n in range(5):
        assert post_letter({**letter_data, "subject": f"Letter {n}"}).status_code == 302
    response = post_letter({**letter_data, "subject": "One too many"})
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Please wait a little" in response.content.decode()
    assert Letter.objects.count() == 5


def test_the_address_limit_ignores_case(post_letter, letter_data):
    for n in range(5):
        post_letter({**letter_data, "email": letter_data["email"].upper() if n % 2 else letter_data["email"]})
    assert post_letter(letter_data).status_code == 429


def test_letters_older_than_an_hour_do_not_count(post_letter, letter_data):
    for _ in range(5):
        post_letter(letter_data)
    Letter.objects.update(received_at=timezone.now() - dt.timedelta(minutes=61))
    assert post_letter(letter_data).status_code == 302


@override_settings(REELPRESS_MAIL_PER_IP_PER_HOUR=3)
def test_one_ip_writing_as_many_addresses_is_limited(post_letter, letter_data):
    for n in range(3):
        assert post_letter({**letter_data, "email": f"reader{n}@example.net"}).status_code == 302
    response = post_letter({**letter_data, "email": "reader9@example.net"})
    assert response.status_code == 429
    assert Letter.objects.count() == 3


def test_a_100_kb_message_is_refused_with_a_message_naming_the_limit(post_letter, letter_data):
    response = post_letter({**letter_data, "message": "x" * 100 * 1024})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Your message is too long: the limit is 10,000 characters" in body
    assert Letter.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "size", "text"),
    [
        ("subject", 201, "The subject is too long: the limit is 200 characters"),
        ("name", 101, "Your name is too long: the limit is 100 characters"),
    ],
)
def test_long_names_and_subjects_are_refused_with_the_limit(post_letter, letter_data, field, size, text):
    response = post_letter({**letter_data, field: "y" * size})
    assert response.status_code == 400
    assert text in response.content.decode()
    assert Letter.objects.count() == 0


def test_a_message_of_exactly_the_limit_is_accepted(post_letter, letter_data):
    assert post_letter({**letter_data, "message": "z" * 10_000}).status_code == 302


def test_control_characters_are_stripped_before_storing(post_letter, letter_data):
    post_letter(
        {
            **letter_data,
            "name": "Rita\x00 Reader\x07",
            "subject": "Line one\r\nBcc: victim@example.com",
            "message": "Hello\x00 there\x1b[31m\r\nsecond line\u202e",
        }
    )
    letter = Letter.objects.get()
    assert letter.name == "Rita Reader"
    assert letter.subject == "Line one Bcc: victim@example.com"
    assert letter.message == "Hello there[31m\nsecond line"


def test_a_review_that_is_not_public_cannot_be_chosen(post_letter, letter_data, stored, future):
    hidden = stored(title="Tarantula", year=1955, headline="Tarantula", slug="tarantula", published_at=future)
    response = post_letter({**letter_data, "review": hidden.slug})
    assert response.status_code == 400
    assert "could not find that review" in response.content.decode()


def test_sql_looking_input_is_just_text(post_letter, letter_data):
    nasty = "'; DROP TABLE mail_letter; --"
    response = post_letter({**letter_data, "subject": nasty, "review": nasty})
    assert response.status_code == 400  # the review does not exist
    assert post_letter({**letter_data, "subject": nasty}).status_code == 302
    assert Letter.objects.get().subject == nasty
