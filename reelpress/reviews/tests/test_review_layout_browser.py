"""The review and film pages in Chromium at 390 and 1280 px: credits that read as names, a summary
before the prose on phones, an editions table that scrolls without clipping."""

import pytest

CREDITS = {
    "cast": [f"Actor Number {n} Longname" for n in range(12)],
    "writers": ["Ted Sherdeman", "Russell S. Hughes", "George Worthing Yates"],
    "other_credits": {
        "Visual Effects Supervisors": ["Ralph Ayres", "William Mueller"],
        "Original Music": ["Bronisław Kaper"],
    },
}


@pytest.fixture
def review(transactional_db, stored):
    return stored(slug="them-full", **CREDITS)


@pytest.fixture
def second_edition(review, stored):
    stored(slug="them-dvd", disc_format="DVD", label="Warner Home Video", street_date="2002-05-21")


def open_page(chromium, url, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url)
    return context, page


@pytest.mark.parametrize("width", [1280, 390])
def test_no_name_in_the_credits_panel_wraps(live_server, chromium, review, artifacts, width):
    context, page = open_page(chromium, live_server.url + review.get_absolute_url(), width)
    try:
        names = page.locator(".credits dd a")
        assert names.count() >= 18
        lines = names.evaluate_all("links => links.map(a => [a.textContent, a.getClientRects().length])")
        assert [name for name, n in lines if n != 1] == []
        # The names have the panel's width, not what a column of role labels leaves them.
        panel = page.locator(".credits").bounding_box()
        first = page.locator(".credits dd").first.bounding_box()
        assert first["width"] >= panel["width"] - 2
        page.locator(".credits").screenshot(path=str(artifacts / f"review-credits-{width}.png"))
    finally:
        context.close()


def test_a_phone_shows_the_summary_above_the_prose(live_server, chromium, review, artifacts):
    context, page = open_page(chromium, live_server.url + review.get_absolute_url(), 390)
    try:
        glance = page.locator(".at-a-glance")
        assert (
            glance.bounding_box()["y"] + glance.bounding_box()["height"]
            <= (page.locator(".review__body").bounding_box()["y"])
        )
        text = glance.inner_text()
        for fact in ("Blu-ray", "Warner Archive Collection", "Highly Recommended"):
            assert fact in text
        assert page.locator(".at-a-glance meter").count() == 4
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.screenshot(path=str(artifacts / "review-390.png"), full_page=True)
    finally:
        context.close()


def scroll_box(page):
    return page.locator(".table-scroll").evaluate(
        "el => ({scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right})"
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_one_edition_fits_without_clipping(live_server, chromium, review, width):
    context, page = open_page(chromium, live_server.url + review.film.get_absolute_url(), width)
    try:
        box = scroll_box(page)
        assert box["scroll"] <= box["client"], box
        assert not page.locator(".scroll-hint").count()
    finally:
        context.close()


def test_several_editions_scroll_on_a_phone_with_a_hint_and_the_next_one_in_view(
    live_server, chromium, second_edition, review, artifacts
):
    context, page = open_page(chromium, live_server.url + review.film.get_absolute_url(), 390)
    try:
        box = scroll_box(page)
        assert box["scroll"] > box["client"]
        assert page.locator(".scroll-hint").is_visible()
        second = page.locator(".compare thead th").nth(2).bounding_box()
        assert second["x"] < box["right"] - 20  # its edge shows: there is more to the right
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.locator(".editions").screenshot(path=str(artifacts / "film-editions-390.png"))
        page.locator(".table-scroll").evaluate("el => el.scrollBy(1000, 0)")
        last = page.locator(".compare thead th").nth(2).bounding_box()
        assert last["x"] + last["width"] <= box["right"] + 1
    finally:
        context.close()
    context, page = open_page(chromium, live_server.url + review.film.get_absolute_url(), 1280)
    try:
        box = scroll_box(page)
        assert box["scroll"] <= box["client"]
        assert not page.locator(".scroll-hint").is_visible()
    finally:
        context.close()
