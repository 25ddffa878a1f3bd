"""Only approved and published letters appear in public; the address never does; HTML stays text."""

import pytest
from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.mail.models import Letter

from .conftest import READER_EMAIL


def _review_page_html(client, review) -> str:
    """The real review page, which includes mail/_review_letters.html."""
    response = client.get(reverse("reviews:review", args=[review.slug]))
    assert response.status_code == 200
    return response.content.decode()


def _column_page_html(client, column) -> str:
    """The real column page, which includes mail/_column_letters.html."""
    response = client.get(reverse("reviews:column", args=[column.slug]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def letter(post_letter, letter_data):
    post_letter(letter_data)
    return Letter.objects.get()


def _public_pages(client, letter, review, column) -> dict[str, str]:
    return {
        "index": client.get(reverse("mail:index")).content.decode(),
        "feed": client.get(reverse("mail:feed")).content.decode(),
        "review": _review_page_html(client, review),
        "column": _column_page_html(client, column),
    }


@pytest.mark.parametrize("status", ["pending", "spam", "rejected", "approved"])
def test_letters_not_approved_and_published_show_nowhere_public(client, letter, review, column, status):
    letter.status = status
    letter.column = column
    letter.reply = "A reply nobody should see yet."
    letter.save()
    for name, html in _public_pages(client, letter, review, column).items():
        assert "About the ants" not in html, name
        assert "drive-in" not in html, name
    assert client.get(reverse("mail:letter", args=[letter.pk])).status_code == 404


def test_a_published_letter_with_its_reply_shows_everywhere_it_belongs(
    client, letter, review, column, publish
):
    publish(letter, reply="Thank you, Rita: the restoration is new.", column=column)
    pages = _public_pages(client, letter, review, column)
    pages["letter"] = client.get(reverse("mail:letter", args=[letter.pk])).content.decode()
    for name in ("index", "review", "column", "letter", "feed"):
        assert "About the ants" in pages[name], name
        assert "the restoration is new" in pages[name], name


def test_the_letter_page_links_back_to_its_review(client, letter, review, publish):
    publish(letter)
    page = HTMLParser(client.get(reverse("mail:letter", args=[letter.pk])).content)
    hrefs = [a.attributes.get("href") for a in page.css("a")]
    assert review.get_absolute_url() in hrefs


def test_the_address_appears_in_no_public_page_or_feed(client, letter, review, column, publish):
    publish(letter, column=column)
    pages = _public_pages(client, letter, review, column)
    pages["letter"] = client.get(reverse("mail:letter", args=[letter.pk])).content.decode()
    for name, html in pages.items():
        assert READER_EMAIL not in html, name
        assert "reader.private" not in html, name


def test_html_in_a_letter_is_shown_as_text(client, post_letter, letter_data, publish):
    post_letter(
        {**letter_data, "subject": "<b>bold</b> claim", "message": "<script>alert('x')</script>\n<img src=x>"}
    )
    publish(Letter.objects.get())
    html = client.get(reverse("mail:index")).content.decode()
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in html
    assert "<img src=x>" not in html


def test_links_are_nofollow_and_only_once_published(client, post_letter, letter_data, publish, editor):
    url = "https://example.org/ants?a=1&b=2"
    post_letter({**letter_data, "message": f"See {url}. Or javascript:alert(1)"})
    letter = Letter.objects.get()

    client.force_login(editor)
    admin_html = client.get(reverse("admin:mail_letter_change", args=[letter.pk])).content.decode()
    assert 'href="https://example.org/ants' not in admin_html
    client.logout()

    publish(letter)
    page = HTMLParser(client.get(reverse("mail:letter", args=[letter.pk])).content)
    links = [a for a in page.css(".letter-body a")]
    assert [a.attributes["href"] for a in links] == [url]
    assert links[0].attributes["rel"] == "nofollow ugc noopener"


def test_published_letters_are_paginated_newest_first(client, review, publish):
    for n in range(25):
        letter = Letter.objects.create(
            name="R", email=f"r{n}@example.net", subject=f"Letter number {n:02}", message="m"
        )
        publish(letter)
    first = HTMLParser(client.get(reverse("mail:index")).content)
    subjects = [h.text(strip=True) for h in first.css(".letter-subject")]
    assert len(subjects) == 20
    assert subjects[0] == "Letter number 24"
    second = HTMLParser(client.get(reverse("mail:index") + "?page=2").content)
    assert [h.text(strip=True) for h in second.css(".letter-subject")][-1] == "Letter number 00"
    assert client.get(reverse("mail:index") + "?page=abc").status_code == 200


def test_the_feed_parses_and_carries_no_author_email(client, letter, publish):
    import xml.etree.ElementTree as ET

    publish(letter)
    root = ET.fromstring(client.get(reverse("mail:feed")).content)  # noqa: S314 - our own feed
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["About the ants"]
    assert items[0].find("author") is None
    assert items[0].findtext("link").endswith(reverse("mail:letter", args=[letter.pk]))


def test_a_letter_about_a_review_made_private_no_longer_links_to_it(client, letter, review, publish):
    from reelpress.reviews.models import Review

    publish(letter)
    Review.objects.filter(pk=review.pk).update(status=Review.Status.DRAFT)
    page = HTMLParser(client.get(reverse("mail:letter", args=[letter.pk])).content)
    assert review.get_absolute_url() not in [a.attributes.get("href") for a in page.css("a")]


def test_the_letter_page_names_its_column_and_the_replying_critic(client, letter, column, publish):
    from reelpress.reviews.models import Author

    critic = Author.objects.get(name="Ada Critic")
    publish(letter, column=column, replied_by=critic)
    page = HTMLParser(client.get(reverse("mail:letter", args=[letter.pk])).content)
    hrefs = [a.attributes.get("href") for a in page.css("a")]
    assert column.get_absolute_url() in hrefs
    assert critic.get_absolute_url() in hrefs
    assert "Ada Critic" in page.css_first(".letter-reply-by").text()
