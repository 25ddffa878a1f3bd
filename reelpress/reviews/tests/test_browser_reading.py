"""A reader in a real browser: home page -> a review -> a person, at phone and desktop widths."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_goes_from_the_column_to_a_review_to_a_person(live_server, page, artifacts):
    call_command("demo", "--no-pictures", verbosity=0)  # pictures: images/tests/test_pictures_browser.py

    page.goto(live_server.url + "/")
    assert page.locator("h1, h2").first.is_visible()
    page.screenshot(path=str(artifacts / "home-desktop.png"), full_page=True)

    page.locator("main a[href^='/reviews/']").first.click()
    page.wait_for_url("**/reviews/**")
    review_url = page.url
    headline = page.locator("main h1").first.inner_text()
    assert headline.strip()
    assert page.locator("main a[href^='/people/']").count() > 0
    page.screenshot(path=str(artifacts / "review-desktop.png"), full_page=True)

    person_link = page.locator("main a[href^='/people/']").first
    name = person_link.inner_text().strip()
    person_link.click()
    page.wait_for_url("**/people/**")
    assert name in page.locator("main h1").first.inner_text()
    # The person page links back to the films and reviews that name them.
    assert page.locator("main a[href^='/films/'], main a[href^='/reviews/']").count() > 0

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    page.screenshot(path=str(artifacts / "home-phone.png"), full_page=True)
    page.goto(review_url)
    page.screenshot(path=str(artifacts / "review-phone.png"), full_page=True)
    # Nothing overflows sideways on a phone: the page is no wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
