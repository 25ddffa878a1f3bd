"""A reader writes in through /mail/: the form, the pre-filled review, the stored pending letter."""

from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.mail.models import Letter


def test_the_form_has_the_agreed_field_names(client, db):
    page = HTMLParser(client.get(reverse("mail:index")).content)
    form = page.css_first("form#write, #write form")
    names = {node.attributes.get("name") for node in form.css("input, textarea, select")}
    assert {"name", "email", "subject", "message", "review", "csrfmiddlewaretoken"} <= names


def test_a_review_slug_in_the_address_pre_fills_the_review(client, review):
    response = client.get(reverse("mail:index") + f"?review={review.slug}")
    page = HTMLParser(response.content)
    assert page.css_first('input[name="review"]').attributes["value"] == review.slug
    assert review.headline in page.css_first(".letter-about").text()


def test_an_unknown_review_slug_is_ignored(client, db):
    response = client.get(reverse("mail:index") + "?review=no-such-review")
    page = HTMLParser(response.content)
    assert response.status_code == 200
    assert not page.css_first('input[name="review"]').attributes.get("value")


def test_a_letter_is_stored_as_pending_and_the_reader_is_thanked(client, post_letter, letter_data, review):
    response = post_letter(letter_data)
    assert response.status_code == 302
    assert response["Location"] == reverse("mail:thanks")
    letter = Letter.objects.get()
    assert letter.status == Letter.Status.PENDING
    assert not letter.is_published
    assert letter.review == review
    assert letter.ip_address == "127.0.0.1"
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_a_letter_needs_no_review(post_letter, letter_data):
    letter_data.pop("review")
    assert post_letter(letter_data).status_code == 302
    assert Letter.objects.get().review is None


def test_missing_fields_are_named_and_nothing_is_stored(post_letter, db):
    response = post_letter({"name": "", "email": "not-an-address", "subject": "", "message": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please give your name." in body
    assert "Enter a valid email address." in body
    assert "Please write your letter." in body
    assert Letter.objects.count() == 0


def test_what_the_reader_typed_is_kept_when_the_form_is_refused(post_letter, letter_data):
    letter_data["email"] = "oops"
    page = HTMLParser(post_letter(letter_data).content)
    assert page.css_first('input[name="subject"]').attributes["value"] == "About the ants"
    assert "drive-in" in page.css_first('textarea[name="message"]').text()


def test_the_address_is_stored_lower_case(post_letter, letter_data):
    letter_data["email"] = "Rita.Reader@Example.NET"
    post_letter(letter_data)
    assert Letter.objects.get().email == "rita.reader@example.net"
