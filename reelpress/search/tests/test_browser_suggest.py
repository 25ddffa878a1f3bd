"""Search as you type in a real browser: the header box suggests titles and people, and a
suggestion chosen with the keyboard opens its page; without a choice the form still submits."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_header_box_suggests_as_you_type_and_keyboard_choice_opens_the_page(live_server, page, artifacts):
    call_command("demo", "--no-pictures", verbosity=0)
    page.goto(live_server.url + "/")

    box = page.locator("#site-search")
    box.click()
    box.press_sequentially("spacew", delay=40)
    option = page.locator("#search-suggestions [role=option]").first
    option.wait_for(state="visible")
    assert "Spacewalker" in option.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(artifacts / "search-suggest.png"))

    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/reviews/spacewalker-blu-ray/")
    assert "Spacewalker" in page.locator("main h1").first.inner_text()


def test_a_person_is_suggested_and_the_plain_form_shows_results(live_server, page):
    call_command("demo", "--no-pictures", verbosity=0)
    page.goto(live_server.url + "/")

    box = page.locator("#site-search")
    box.click()
    box.press_sequentially("Mironov", delay=40)
    page.locator("#search-suggestions [role=option]", has_text="Evgeniy Mironov").first.wait_for()

    box.press("Escape")
    box.press("Enter")
    page.wait_for_url("**/search/?q=Mironov")
    assert page.locator("main mark").count() > 0
    assert "Spacewalker" in page.locator("main").inner_text()


def test_labels_and_critics_are_suggested_with_their_kind(live_server, page):
    call_command("demo", "--no-pictures", verbosity=0)
    page.goto(live_server.url + "/")
    box = page.locator("#site-search")
    for typed, name, kind in (("capel", "Capelight", "Label"), ("nadia", "Nadia Kurtz", "Critic")):
        box.fill("")
        box.press_sequentially(typed, delay=40)
        option = page.locator("#search-suggestions [role=option]", has_text=name).first
        option.wait_for()
        assert option.locator(".kind").inner_text() == kind
