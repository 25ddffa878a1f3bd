"""The public review pages render real data and never show drafts or scheduled reviews."""

import datetime as dt

import pytest
from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.reviews.models import Column, ColumnEntry

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return HTMLParser(response.content.decode())


def texts(tree, selector):
    return [node.text(strip=True) for node in tree.css(selector)]


def hrefs(tree):
    return {node.attributes.get("href") for node in tree.css("a")}


@pytest.fixture
def trio(stored, future):
    """One public review, one draft and one scheduled for next month."""
    public = stored(slug="them-blu-ray", headline="Them! on Blu-ray", tags=["giant monsters"])
    draft = stored(
        title="Tarantula",
        year=1955,
        slug="tarantula-draft",
        headline="Tarantula draft",
        status="draft",
        tags=["giant monsters"],
    )
    scheduled = stored(
        title="The Deadly Mantis",
        year=1957,
        slug="mantis-later",
        headline="Mantis scheduled",
        status="scheduled",
        published_at=future,
        tags=["giant monsters"],
    )
    return public, draft, scheduled


def test_the_review_page_shows_every_part_of_a_review(client, stored):
    review = stored(
        slug="them-full",
        headline="Them! (Warner Archive)",
        original_title="Them!",
        alternate_titles=["Formicula"],
        country="USA",
        language="English",
        writers=["Ted Sherdeman"],
        producers=["David Weisbart"],
        editors=["Thomas Reilly"],
        composers=["Bronislau Kaper"],
        other_credits={"Special effects": ["Ralph Ayers"]},
        characters={"James Whitmore": "Sgt. Ben Peterson"},
        region="A",
        audio=["English DTS-HD MA 1.0"],
        extras_subtitled=True,
        extras=["Making the Monsters (9 min)", "Trailer (2 min)"],
        retailer="Warner Archive",
        retailer_url="https://example.org/them",
        price_note="$21.99",
        thanks="Thanks to Gary Teetzel.",
        copyright="Text (c) 2026 Ada Critic",
        tags=["giant monsters"],
        review_date="2026-01-08",
    )
    tree = page(client, review.get_absolute_url())
    html = tree.html
    assert texts(tree, "h1") == ["Them! (Warner Archive)"]
    byline = tree.css_first(".byline").text()
    assert "Ada Critic" in byline and "8 January 2026" in byline and "10 January 2026" in byline
    facts = tree.css_first(".facts").text()
    for fact in ("1954", "Black & white", "1.37:1", "94 min", "USA", "English"):
        assert fact in facts
    assert "Formicula" in html
    credits = tree.css_first("dl.credits")
    headings = texts(credits, "dt")
    assert headings == [
        "Director",
        "Writer",
        "Producer",
        "Cinematography",
        "Film editor",
        "Original music",
        "Special effects",
        "Cast",
    ]
    cast = texts(credits, "ol.cast li a")
    assert cast == ["James Whitmore", "Edmund Gwenn", "Joan Weldon", "James Arness"]
    assert "as Sgt. Ben Peterson" in credits.text()
    links = hrefs(tree)
    for credit in review.film.credits.all():
        assert credit.person.get_absolute_url() in links
    assert review.author.get_absolute_url() in links
    assert review.release.get_absolute_url() in links
    assert review.release.label.get_absolute_url() in links
    edition = tree.css_first(".facts-list").text()
    for item in (
        "Warner Archive Collection",
        "Blu-ray",
        "A",
        "17 June 2014",
        "DTS-HD",
        "English",
        "Yes",
        "One Blu-ray in keep case",
        "Making the Monsters",
        "9 min",
        "$21.99",
    ):
        assert item in edition
    assert "https://example.org/them" in links
    ratings = {row.css_first("th").text(): row.css_first("td").text() for row in tree.css("table.ratings tr")}
    assert ratings == {"Movie": "Excellent", "Video": "Very Good", "Sound": "Good", "Supplements": "Fair"}
    assert "Highly Recommended" in tree.css_first(".verdict").text()
    assert "Thanks to Gary Teetzel." in html and "Text (c) 2026 Ada Critic" in html
    assert reverse("reviews:tag", args=["giant-monsters"]) in links
    assert "/mail/?review=them-full#write" in links
    assert tree.css_first(".prose em").text() == "serious"


def test_the_review_page_links_other_editions_and_other_reviews_of_the_film(client, stored):
    first = stored(slug="them-br")
    second = stored(
        slug="them-dvd",
        disc_format="DVD",
        label="Warner Home Video",
        street_date="2002-05-21",
        headline="Them! on DVD",
    )
    tree = page(client, first.get_absolute_url())
    links = hrefs(tree)
    assert second.release.get_absolute_url() in links
    assert second.get_absolute_url() in links


def test_drafts_and_scheduled_reviews_are_not_found(client, trio):
    _, draft, scheduled = trio
    page(client, draft.get_absolute_url(), 404)
    page(client, scheduled.get_absolute_url(), 404)


def test_staff_can_preview_a_draft(client, editor, trio):
    _, draft, _ = trio
    client.force_login(editor)
    tree = page(client, draft.get_absolute_url())
    assert "Preview" in tree.css_first(".preview-banner").text()
    assert tree.css_first('meta[name="robots"]').attributes["content"] == "noindex"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/authors/",
        "/authors/ada-critic/",
        "/archive/",
        "/archive/2026/",
        "/browse/",
        "/browse/format/",
        "/browse/format/blu-ray/",
        "/browse/decade/",
        "/browse/decade/1950s/",
        "/browse/verdict/",
        "/browse/verdict/highly-recommended/",
        "/tags/giant-monsters/",
    ],
)
def test_lists_show_public_reviews_and_never_drafts_or_scheduled_ones(client, trio, url):
    public, draft, scheduled = trio
    tree = page(client, url)
    html = tree.html
    links = hrefs(tree)
    if url not in (
        "/authors/",
        "/archive/",
        "/browse/",
        "/browse/format/",
        "/browse/decade/",
        "/browse/verdict/",
    ):
        assert public.get_absolute_url() in links
    for hidden in (draft, scheduled):
        assert hidden.get_absolute_url() not in links
        assert hidden.headline not in html
        assert hidden.film.title not in html
    assert "1950s" in page(client, "/browse/decade/").text()


def test_counts_on_index_pages_leave_out_drafts_and_scheduled(client, trio):
    assert "1 review" in page(client, "/archive/").text()
    assert "1 review" in page(client, "/authors/").text()
    decades = page(client, "/browse/decade/")
    assert [t for t in texts(decades, ".count")] == ["1"]


def test_browse_pages_for_nothing_public_are_not_found(client, trio):
    page(client, "/browse/decade/1990s/", 404)
    page(client, "/browse/decade/1955s/", 404)
    page(client, "/browse/format/laserdisc/", 404)
    page(client, "/browse/verdict/skip-it/", 404)
    page(client, "/archive/1990/", 404)
    page(client, "/tags/nothing/", 404)


def test_the_home_page_shows_the_latest_column_with_its_public_reviews(client, trio, stored):
    public, draft, scheduled = trio
    older = stored(title="Tarantula", year=1955, slug="tarantula-public", headline="Tarantula")
    today = dt.date.today()
    old_column = Column.objects.create(date=today - dt.timedelta(days=7), title="Last week", slug="last-week")
    ColumnEntry.objects.create(column=old_column, review=older)
    column = Column.objects.create(
        date=today, title="This week", slug="this-week", notes="Notes with *stress*."
    )
    for n, review in enumerate([public, draft, scheduled]):
        ColumnEntry.objects.create(column=column, review=review, order=n)
    Column.objects.create(date=today + dt.timedelta(days=3), title="Next week", slug="next-week")
    Column.objects.create(date=today, title="Unpublished", slug="unpublished", is_published=False)

    tree = page(client, "/")
    assert texts(tree, "h1") == ["This week"]
    assert tree.css_first(".column__notes em").text() == "stress"
    item = tree.css_first(".review-item")
    assert item.css_first("a").attributes["href"] == public.get_absolute_url()
    assert "Blu-ray" in item.text() and "Warner Archive Collection" in item.text()
    assert public.blurb in item.text()
    links = hrefs(tree)
    assert old_column.get_absolute_url() in links and older.get_absolute_url() in links
    for hidden in ("Next week", "Unpublished", draft.headline, scheduled.headline):
        assert hidden not in tree.html

    column_page = page(client, column.get_absolute_url())
    assert public.get_absolute_url() in hrefs(column_page)
    assert draft.headline not in column_page.html
    page(client, "/columns/next-week/", 404)
    page(client, "/columns/unpublished/", 404)


def test_the_home_page_paginates_older_updates(client, stored):
    review = stored()
    for n in range(25):
        column = Column.objects.create(
            date=dt.date(2025, 1, 1) + dt.timedelta(days=n), title=f"Update {n}", slug=f"u{n}"
        )
        ColumnEntry.objects.create(column=column, review=review)
    first = page(client, "/")
    assert texts(first, "h1") == ["Update 24"]
    assert "?page=2" in hrefs(first)
    third = page(client, "/?page=3")
    assert "Update 0" in third.text() and "Update 24" not in third.text()


def test_without_columns_the_home_page_lists_the_latest_public_reviews(client, trio):
    public, draft, _ = trio
    tree = page(client, "/")
    assert public.get_absolute_url() in hrefs(tree)
    assert draft.headline not in tree.html


def test_the_author_page_shows_the_bio_and_paginates_reviews(client, stored):
    for n in range(23):
        stored(title=f"Film {n}", year=1950 + n, slug=f"film-{n}")
    from reelpress.reviews.models import Author

    Author.objects.filter(slug="ada-critic").update(
        bio="Ada writes about **monsters**.", email="ada@example.org"
    )
    first = page(client, "/authors/ada-critic/")
    assert first.css_first(".author-bio strong").text() == "monsters"
    assert len(first.css(".review-item")) == 20
    assert len(page(client, "/authors/ada-critic/?page=2").css(".review-item")) == 3
    assert "ada@example.org" not in first.html


def test_the_archive_groups_a_year_by_month(client, stored):
    stored(slug="jan", published_at="2025-01-05T10:00:00+00:00")
    stored(title="Tarantula", year=1955, slug="mar", published_at="2025-03-09T10:00:00+00:00")
    tree = page(client, "/archive/2025/")
    assert texts(tree, ".archive-month h2") == ["January 2025", "March 2025"]
    years = page(client, "/archive/")
    assert reverse("reviews:archive_year", args=[2025]) in hrefs(years)


def test_the_header_carries_the_search_box_and_the_suggest_script(client, stored):
    stored()
    tree = page(client, "/")
    form = tree.css_first('form[role="search"]')
    assert form.attributes["action"] == "/search/" and form.attributes["method"] == "get"
    search = form.css_first("#site-search")
    assert search.attributes["name"] == "q" and search.attributes["autocomplete"] == "off"
    assert tree.css_first("#search-suggestions") is not None
    assert any("search/suggest.js" in (s.attributes.get("src") or "") for s in tree.css("script"))
    assert tree.css_first("a.skip-link").attributes["href"] == "#main"
    assert tree.css_first("main#main") is not None


def test_the_review_page_opens_with_its_deck_and_gives_the_verdict_once(client, stored):
    review = stored(slug="deck", blurb="Giant ants, and a film that takes them seriously.")
    tree = HTMLParser(client.get(review.get_absolute_url()).content.decode())
    assert (
        tree.css_first("header .review__deck").text() == "Giant ants, and a film that takes them seriously."
    )
    assert len(tree.css("main .verdict")) == 1
    assert tree.css_first("main").text().count("Highly Recommended") == 1


def test_the_review_page_lists_the_films_other_public_editions_once_each_by_date(client, stored):
    first = stored(slug="them-br")
    dvd = stored(slug="them-dvd", disc_format="DVD", label="Warner Home Video", street_date="2002-05-21")
    stored(slug="them-dvd-again", disc_format="DVD", label="Warner Home Video", street_date="2002-05-21")
    laser = stored(
        slug="them-ld", disc_format="LaserDisc", label="Warner Home Video", street_date="1990-03-01"
    )
    stored(
        slug="them-vhs",
        disc_format="VHS",
        label="Warner Home Video",
        street_date="1985-01-01",
        status="draft",
    )
    tree = page(client, first.get_absolute_url())
    more_on = tree.css_first("section.related")  # "More on <film>", before "More like this"
    editions = [a.attributes["href"] for a in more_on.css_first("ul.plain-list").css("a")]
    assert editions == [laser.release.get_absolute_url(), dvd.release.get_absolute_url()]
