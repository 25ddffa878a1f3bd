"""A reader writes a letter in a real browser; it stays hidden until the editor publishes it."""

import re

import pytest
from django.urls import reverse

from reelpress.mail.models import Letter

from .conftest import READER_EMAIL


@pytest.mark.django_db(transaction=True)
def test_a_letter_written_in_the_browser_is_published_only_after_moderation(
    live_server, page, review, publish, mailoutbox, settings
):
    review_url = live_server.url + reverse("reviews:review", args=[review.slug])
    mail_url = live_server.url + reverse("mail:index")

    # The review page's link leads to the form with the review filled in.
    page.goto(review_url)
    page.get_by_role("link", name="Write to the critic about this review").first.click()
    page.wait_for_url(f"**{reverse('mail:index')}?review={review.slug}#write")
    assert page.locator('input[name="review"]').input_value() == review.slug

    # The honeypot is in the form but off screen, and the reader never touches it.
    box = page.locator('input[name="website"]').bounding_box()
    assert box is None or box["x"] + box["width"] <= 0

    page.fill('input[name="name"]', "Rita Reader")
    page.fill('input[name="email"]', READER_EMAIL)
    page.fill('input[name="subject"]', "Ants on a big screen")
    page.fill(
        'textarea[name="message"]', "Saw it at a drive-in. <b>Loved</b> it.\n\nhttps://example.org/ants"
    )
    page.get_by_role("button", name="Send your letter").click()
    # The form posts to /mail/#write so errors land on the form; the fragment survives the redirect.
    page.wait_for_url(re.compile(re.escape(reverse("mail:thanks")) + "(#write)?$"))
    assert "Thank you for writing" in page.content()

    letter = Letter.objects.get()
    assert letter.status == Letter.Status.PENDING
    assert letter.review == review
    # The live server really commits, so the emails went out after the letter was stored.
    assert [m.to for m in mailoutbox] == [list(settings.REELPRESS_EDITOR_EMAILS), [READER_EMAIL]]
    for url in (mail_url, review_url):
        page.goto(url)
        assert "Ants on a big screen" not in page.content()
    assert page.goto(live_server.url + letter.get_absolute_url()).status == 404

    publish(letter, reply="Thank you, Rita: the new scan is from the negative.")

    page.goto(mail_url)
    article = page.locator(f"#letter-{letter.pk}")
    assert article.locator(".letter-subject").inner_text() == "Ants on a big screen"
    assert "<b>Loved</b>" in article.locator(".letter-body").inner_text()
    link = article.locator(".letter-body a")
    assert link.get_attribute("href") == "https://example.org/ants"
    assert link.get_attribute("rel") == "nofollow ugc noopener"
    assert "the new scan is from the negative" in article.inner_text()
    assert READER_EMAIL not in page.content()

    page.goto(review_url)
    assert "Ants on a big screen" in page.locator("#letters").inner_text()
    assert READER_EMAIL not in page.content()

    page.goto(live_server.url + letter.get_absolute_url())
    page.get_by_role("link", name=review.headline).first.click()
    page.wait_for_url(review_url)
