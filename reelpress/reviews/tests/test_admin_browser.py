"""A critic writes a whole review on one screen of the desk, in a real browser (Chromium)."""

import pytest

from reelpress.catalog.models import Film, Person
from reelpress.reviews.models import Review
from reelpress.reviews.tests.admin_personas import PASSWORD, critic_fixture  # noqa: F401 - fixtures


@pytest.mark.django_db(transaction=True)
def test_a_critic_writes_previews_and_saves_a_review_in_the_browser(live_server, page, critic, artifacts):
    Film.objects.create(title="The Night of the Hunter", title_key="the night of the hunter", year=1955,
                        slug="the-night-of-the-hunter-1955")  # fmt: skip
    page.goto(live_server.url + "/admin/reviews/review/add/")
    page.fill("#id_username", "ada")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/reviews/review/add/")

    page.locator("#id_headline").press_sequentially("Hunter, restored")
    # The slug is typed for them as they write the headline.
    assert page.input_value("#id_slug") == "hunter-restored"

    # The film is picked with the autocomplete.
    page.locator(".field-film .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").press_sequentially("Night of")
    page.locator(".select2-results__option", has_text="The Night of the Hunter").click()

    page.fill("#id_body", "A *fairy tale*.\n\n<script>document.title = 'owned'</script>")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#reelpress-preview .reelpress-preview-body")
    preview.locator("em").wait_for()
    assert preview.locator("em").inner_text() == "fairy tale"
    assert preview.locator("script").count() == 0
    assert page.title() != "owned"

    page.fill("#id_ratings-0-value", "Excellent")
    page.screenshot(path=str(artifacts / "admin-review-add.png"), full_page=True)
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/reviews/review/")

    review = Review.objects.get()
    assert (review.slug, review.film.title, review.author.user) == (
        "hunter-restored",
        Film.objects.get().title,
        critic,
    )
    assert [(r.axis, r.value) for r in review.ratings.all()] == [("Movie", "Excellent")]


@pytest.mark.django_db(transaction=True)
def test_a_new_film_and_its_credits_are_made_from_the_review_form(live_server, page, editor):
    Person.objects.create(name="Robert Mitchum", name_key="robert mitchum", slug="robert-mitchum")
    page.goto(live_server.url + "/admin/login/?next=/admin/reviews/review/add/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-pass-123")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/reviews/review/add/")

    # The "+" beside the film opens the film's own form, credits inline included, in a popup.
    with page.expect_popup() as opened:
        page.click("#add_id_film")
    popup = opened.value
    popup.fill("#id_title", "The Night of the Hunter")
    popup.fill("#id_year", "1955")
    popup.locator("#credits-0 .field-person .select2-selection").click()
    popup.locator(".select2-dropdown .select2-search__field").press_sequentially("mitch")
    popup.locator(".select2-results__option", has_text="Robert Mitchum").click()
    popup.select_option("#id_credits-0-role", "cast")
    popup.fill("#id_credits-0-character", "Harry Powell")
    # Listening before the click: a quick save closes the popup before a later wait would start.
    with popup.expect_event("close", timeout=60_000):
        popup.click("input[name=_save]")

    assert "The Night of the Hunter (1955)" in page.locator("#select2-id_film-container").inner_text()
    film = Film.objects.get()
    assert [(c.person.name, c.character) for c in film.credits.all()] == [("Robert Mitchum", "Harry Powell")]
