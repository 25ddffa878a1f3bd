"""The films and people indexes in Chromium: no sideways scroll on phones, filters usable."""

import pytest


@pytest.fixture
def archive(transactional_db, stored):
    for n in range(12):
        stored(
            slug=f"f{n}",
            title=f"The Extraordinarily Long Title of Film Number {n}",
            year=1950 + n * 4,
            country=["France", "United Kingdom", "USA"][n % 3],
            cast=[f"Actor With A Rather Long Name {n}"],
            writers=[f"Writer {n}"],
            disc_format=["Blu-ray", "4K Ultra HD + Blu-ray", "DVD"][n % 3],
        )


@pytest.mark.parametrize("width", [390, 1280])
def test_the_indexes_fit_the_screen(live_server, chromium, archive, artifacts, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    try:
        for path, name in (("/films/", "films"), ("/people/", "people")):
            pg.goto(live_server.url + path)
            assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, (path, width)
            pg.screenshot(path=str(artifacts / f"{name}-index-{width}.png"), full_page=True)
    finally:
        context.close()


def test_choosing_a_filter_narrows_the_films(live_server, page, archive):
    page.goto(live_server.url + "/films/")
    page.select_option("#f-country", "France")
    page.click("text=Show films")
    titles = page.locator("table.catalog-list tbody th a").all_inner_texts()
    assert titles and all(t.endswith(("0", "3", "6", "9")) for t in titles), titles
    assert "country=France" in page.url
