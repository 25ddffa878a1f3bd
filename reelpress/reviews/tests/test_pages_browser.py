"""The public pages in a real browser (Chromium): readable from 360px phones to desktops, light and dark."""

import datetime as dt

import pytest

from reelpress.reviews.models import Column, ColumnEntry

WIDTHS = [360, 390, 1280]


@pytest.fixture
def site(transactional_db, stored):
    """A column with a fully credited review and a second edition of the same film."""
    review = stored(
        slug="them-full",
        headline="Them! and the long, long title of a review that has to wrap on a phone",
        cast=[f"Actor Number {n} With A Long Name" for n in range(30)],
        extras=["An extremely long featurette title that goes on and on about the ants (26 min)"],
        audio=["English DTS-HD Master Audio 1.0 mono (restored from the original optical track)"],
        retailer="Warner Archive",
        retailer_url="https://example.org/a/very/long/path/that/should/not/overflow/the/sidebar/at/all",
    )
    stored(slug="them-dvd", disc_format="DVD", label="Warner Home Video", street_date="2002-05-21")
    column = Column.objects.create(date=dt.date.today(), title="This week", slug="this-week", notes="Notes.")
    ColumnEntry.objects.create(column=column, review=review)
    return review


def overflow(pg):
    return pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_never_scroll_sideways(live_server, chromium, site, artifacts, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    try:
        for path in ("/", site.get_absolute_url(), site.film.get_absolute_url(), "/people/gordon-douglas/"):
            pg.goto(live_server.url + path)
            assert overflow(pg) <= 0, (path, width)
        pg.goto(live_server.url + site.get_absolute_url())
        pg.screenshot(path=str(artifacts / f"public-review-{width}.png"), full_page=True)
    finally:
        context.close()


def test_the_sidebar_sits_beside_the_prose_on_desktop_and_under_it_on_phones(live_server, chromium, site):
    for width, beside in ((1280, True), (390, False)):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        pg = context.new_page()
        pg.goto(live_server.url + site.get_absolute_url())
        body = pg.locator(".review__body").bounding_box()
        aside = pg.locator(".review__aside").bounding_box()
        assert (aside["x"] >= body["x"] + body["width"]) is beside, width
        assert (aside["y"] >= body["y"] + body["height"]) is not beside, width
        context.close()


def test_dark_mode_follows_the_system_setting(live_server, chromium, site, artifacts):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    pg = context.new_page()
    pg.goto(live_server.url + site.get_absolute_url())
    background = pg.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(v) for v in background[background.index("(") + 1 : -1].split(",")[:3])
    assert red + green + blue < 150
    pg.screenshot(path=str(artifacts / "public-review-dark.png"))
    context.close()


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(live_server, page, site):
    page.goto(live_server.url + site.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
