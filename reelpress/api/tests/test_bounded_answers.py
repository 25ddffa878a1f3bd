"""Every API answer is one bounded page: a label's editions and a film's editions and reviews by
cursor, and filtered review counts from the tallies or counted only up to a cap."""

import itertools
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reelpress.api import catalog, totals
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def label_shelf(stored, future):
    """Five public editions of one label on four dates and one undated; one scheduled, one draft."""
    dates = ["2014-06-17", "2019-03-01", "2019-03-01", "2021-11-30", ""]
    for n, date in enumerate(dates):
        stored(slug=f"ed-{n}", title=f"Film {n}", year=1950 + n, street_date=date)
    stored(
        slug="soon",
        title="Soon Film",
        year=1960,
        street_date="2024-01-01",
        status="scheduled",
        published_at=future,
    )
    stored(slug="draft", title="Draft Film", year=1961, street_date="2025-01-01", status="draft")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def walk(client, url: str, key: str = "releases") -> list[dict]:
    """Every item of a cursor-paged answer, following ``next`` to the end."""
    items, after = [], None
    for _ in range(50):
        answer = client.get(url + (f"&after={after}" if after else "")).json()
        items += answer[key]
        after = answer["next"]
        if after is None:
            return items
    raise AssertionError("the cursor never ended")


def test_a_label_lists_its_editions_newest_first_undated_last_by_cursor(client, label_shelf):
    url = "/api/labels/warner-archive-collection?limit=2"
    first = client.get(url).json()
    assert first["releases_count"] == 5
    assert first["limit"] == 2
    assert len(first["releases"]) == 2 and first["next"]

    editions = walk(client, url)

    dates = [e["street_date"] for e in editions]
    assert dates == ["2021-11-30", "2019-03-01", "2019-03-01", "2014-06-17", None]
    assert len({e["slug"] for e in editions}) == 5  # no edition twice across pages, none lost
    same_day = [e["film"]["title"] for e in editions[1:3]]
    assert same_day == ["Film 2", "Film 1"]  # within a date, the newest added first
    assert "Soon Film" not in {e["film"]["title"] for e in editions}


def test_a_label_page_at_the_end_has_no_cursor(client, label_shelf):
    answer = client.get("/api/labels/warner-archive-collection?limit=5").json()
    assert len(answer["releases"]) == 5
    assert answer["next"] is None


@pytest.mark.parametrize("query", ["after=nonsense", "after=2014-99-01~3", "after=~", "limit=0", "limit=201"])
def test_a_bad_label_cursor_or_limit_is_a_422_naming_it(client, label_shelf, query):
    answer = client.get(f"/api/labels/warner-archive-collection?{query}")
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][-1] in {"after", "limit"}


def test_a_film_shows_its_newest_reviews_and_links_to_the_rest(client, stored, future, monkeypatch):
    monkeypatch.setattr(catalog, "FILM_REVIEWS", 2)
    for n in range(5):
        stored(slug=f"them-{n}", published_at=f"2025-0{n + 1}-01T12:00:00+00:00", reviewer=f"Critic {n}")
    stored(slug="them-soon", status="scheduled", published_at=future, reviewer="Critic Later")
    stored(slug="tarantula", title="Tarantula", year=1955)

    film = client.get("/api/films/them-1954").json()

    assert [r["slug"] for r in film["reviews"]] == ["them-4", "them-3"]
    assert film["more_reviews"].startswith("http")
    assert "film=them-1954" in film["more_reviews"]
    rest = client.get(path_of(film["more_reviews"])).json()
    assert [r["slug"] for r in rest["items"]] == ["them-2", "them-1", "them-0"]
    assert rest["next"] is None
    assert rest["count"] == 5  # a film's reviews are counted (it has far fewer than the cap)


def test_a_film_with_few_reviews_and_editions_links_nowhere(client, stored):
    stored(slug="them")
    film = client.get("/api/films/them-1954").json()
    assert film["more_reviews"] is None
    assert film["more_releases"] is None


def test_a_film_shows_its_first_editions_and_the_rest_by_cursor(client, stored, monkeypatch):
    monkeypatch.setattr(catalog, "FILM_RELEASES", 2)
    for n, (fmt, date) in enumerate(
        [("DVD", "2001-05-01"), ("Blu-ray", "2014-06-17"), ("4K", ""), ("LD", "1993-01-01")]
    ):
        stored(slug=f"them-{n}", disc_format=fmt, street_date=date)

    film = client.get("/api/films/them-1954").json()

    assert [r["street_date"] for r in film["releases"]] == [None, "1993-01-01"]  # undated as earliest
    path = path_of(film["more_releases"])
    assert path.startswith("/api/films/them-1954/releases?after=")
    rest = walk(client, path.replace("?after=", "?limit=1&after="), key="items")
    assert [r["street_date"] for r in rest] == ["2001-05-01", "2014-06-17"]


def test_the_review_list_filters_by_film(client, stored):
    stored(slug="them")
    stored(slug="tarantula", title="Tarantula", year=1955)
    answer = client.get("/api/reviews?film=tarantula-1955").json()
    assert [r["slug"] for r in answer["items"]] == ["tarantula"]
    assert answer["count"] == 1
    assert client.get("/api/reviews?film=no-such-film").json()["count"] == 0


# --- counts


@pytest.fixture
def mixed(stored, future, settings):
    """Reviews over two formats, two labels, three verdict spellings, two film years, two authors,
    and a scheduled one in every figure (readers never count it). Pages are not cached: the same
    URL is asked again under other caps."""
    settings.PAGE_CACHE = False
    rows = [
        ("a", "Blu-ray", "Warner Archive Collection", "Recommended", 1954, "Ada Critic"),
        ("b", "Blu-ray", "Criterion", "recommended", 1954, "Ada Critic"),
        ("c", "blu ray", "Criterion", "Highly Recommended", 1955, "Bo Writer"),
        ("d", "DVD", "Criterion", "Recommended", 1955, "Ada Critic"),
        ("e", "DVD", "Warner Archive Collection", "Skip It", 1954, "Bo Writer"),
    ]
    for slug, fmt, label, verdict, year, who in rows:
        stored(
            slug=slug,
            title=f"Film {slug}",
            year=year,
            disc_format=fmt,
            label=label,
            verdict=verdict,
            reviewer=who,
        )
    stored(
        slug="later",
        title="Later",
        year=1954,
        disc_format="Blu-ray",
        label="Criterion",
        verdict="Recommended",
        reviewer="Ada Critic",
        status="scheduled",
        published_at=future,
    )


def recount(**conditions) -> int:
    return Review.objects.public().filter(**conditions).count()


SINGLE = [
    ("format=BLU-RAY", {"release__format_key": "blu ray"}),
    ("format=dvd", {"release__format_key": "dvd"}),
    ("verdict=RECOMMENDED", {"verdict__in": ["Recommended", "recommended"]}),
    ("year=1954", {"film__year": 1954}),
]


@pytest.mark.parametrize(("query", "conditions"), SINGLE)
def test_a_single_filter_counts_from_the_tallies_and_equals_a_recount(client, mixed, query, conditions):
    with CaptureQueriesContext(connection) as ctx:
        answer = client.get(f"/api/reviews?{query}").json()
    assert answer["count"] == answer["count_at_least"] == recount(**conditions)
    assert answer["pages"] == 1
    counting = [
        q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "reviews_review" in q["sql"]
    ]
    assert all("counts_tally" in sql for sql in counting), counting  # no count walks the reviews


COMBINED = [
    ("label=criterion", {"release__label__slug": "criterion"}),
    (
        "format=blu-ray&label=criterion",
        {"release__format_key": "blu ray", "release__label__slug": "criterion"},
    ),
    (
        "author=ada-critic&verdict=recommended",
        {"author__slug": "ada-critic", "verdict__iexact": "recommended"},
    ),
    (
        "year=1955&format=dvd&author=ada-critic",
        {"film__year": 1955, "release__format_key": "dvd", "author__slug": "ada-critic"},
    ),
]


@pytest.mark.parametrize(("query", "conditions"), COMBINED)
def test_a_combination_under_the_cap_is_counted_exactly(client, mixed, query, conditions):
    answer = client.get(f"/api/reviews?{query}").json()
    assert answer["count"] == answer["count_at_least"] == recount(**conditions) == len(answer["items"])


@pytest.mark.parametrize(("query", "conditions"), COMBINED[1:3])
def test_a_combination_past_the_cap_says_at_least(client, mixed, monkeypatch, query, conditions):
    monkeypatch.setattr(totals, "COUNT_CAP", 1)
    with CaptureQueriesContext(connection) as ctx:
        answer = client.get(f"/api/reviews?{query}&limit=1").json()
    assert answer["count"] is None
    assert answer["pages"] is None
    assert answer["count_at_least"] == 2  # the cap plus one: it stopped there
    assert recount(**conditions) > 1
    capped = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith("SELECT COUNT(*) FROM (SELECT") and 'FROM "reviews_review"' in q["sql"]
    ]
    assert capped and all("LIMIT 2" in sql for sql in capped), capped
    # The list itself is still all there, page by page.
    slugs, after = [], None
    for _ in range(10):
        page = client.get(f"/api/reviews?{query}&limit=1" + (f"&after={after}" if after else "")).json()
        slugs += [r["slug"] for r in page["items"]]
        after = page["next"]
        if not after:
            break
    assert len(slugs) == recount(**conditions)


def reads_reviews_to_count(ctx) -> list[str]:
    return [
        q["sql"]
        for q in ctx.captured_queries
        if "COUNT(" in q["sql"] and "reviews_review" in q["sql"] and "counts_tally" not in q["sql"]
    ]


def test_a_label_alone_past_the_cap_says_its_public_editions_without_counting(client, mixed, monkeypatch):
    monkeypatch.setattr(totals, "COUNT_CAP", 2)
    with CaptureQueriesContext(connection) as ctx:
        answer = client.get("/api/reviews?label=criterion&limit=1").json()
    # Criterion: three public editions, one review each (the scheduled one is not counted).
    assert answer["count"] is None and answer["pages"] is None
    assert answer["count_at_least"] == 3 == recount(release__label__slug="criterion")
    assert reads_reviews_to_count(ctx) == []
    assert [item["slug"] for item in answer["items"]] == ["d"]


def test_a_label_alone_under_the_cap_is_counted(client, mixed):
    with CaptureQueriesContext(connection) as ctx:
        answer = client.get("/api/reviews?label=warner-archive-collection").json()
    assert answer["count"] == answer["count_at_least"] == 2
    assert reads_reviews_to_count(ctx), "below the cap the reviews themselves are counted"
    assert {item["slug"] for item in answer["items"]} == {"a", "e"}


def test_a_label_alone_is_listed_when_its_count_runs_out_of_time(client, mixed, monkeypatch):
    # A cold disk made the count of a label's reviews at 1,000,000 take 270 ms: past the budget
    # the answer gives the editions' lower bound and still lists the page, as any single filter.
    monkeypatch.setattr(totals, "BUDGET_MS", -1)
    answer = client.get("/api/reviews?label=criterion")
    assert answer.status_code == 200
    page = answer.json()
    assert page["count"] is None and page["count_at_least"] == 3
    assert {item["slug"] for item in page["items"]} == {"b", "c", "d"}
    combined = client.get("/api/reviews?label=criterion&format=dvd")
    assert combined.status_code == 422  # filters together still share one budget


def test_a_numbered_page_of_an_uncounted_list_still_stops_at_the_deepest(client, mixed, monkeypatch):
    from reelpress.api import reviews as api

    monkeypatch.setattr(totals, "COUNT_CAP", 1)
    monkeypatch.setattr(api, "MAX_OFFSET", 2)
    assert client.get("/api/reviews?label=criterion&limit=1&page=3").status_code == 200
    assert client.get("/api/reviews?label=criterion&limit=1&page=4").status_code == 422


@pytest.mark.parametrize(
    "query",
    [
        "year=9999&verdict=recommended&format=dvd",
        "format=laserdisc&label=criterion",
        "verdict=nope&author=ada-critic",
    ],
)
def test_a_filter_that_matches_nothing_answers_without_reading_reviews(client, mixed, query):
    with CaptureQueriesContext(connection) as ctx:
        answer = client.get(f"/api/reviews?{query}").json()
    assert (answer["count"], answer["items"], answer["next"]) == (0, [], None)
    read = [q["sql"] for q in ctx.captured_queries if 'FROM "reviews_review"' in q["sql"]]
    assert read == [], read


def test_the_openapi_schema_documents_the_pages_and_the_capped_count(client):
    schema = client.get("/api/openapi.json").json()
    label = schema["paths"]["/api/labels/{slug}"]["get"]
    assert {"after", "limit"} <= {p["name"] for p in label["parameters"]}
    assert "/api/films/{slug}/releases" in schema["paths"]
    reviews = schema["paths"]["/api/reviews"]["get"]
    assert "film" in {p["name"] for p in reviews["parameters"]}
    page = schema["components"]["schemas"]["ReviewPage"]["properties"]
    assert "at least" in page["count"]["description"]
    assert {"type": "null"} in page["count"]["anyOf"] and "count_at_least" in page
    film = schema["components"]["schemas"]["FilmOut"]["properties"]
    assert {"more_reviews", "more_releases"} <= set(film)
    assert {"next", "releases_count"} <= set(schema["components"]["schemas"]["LabelOut"]["properties"])


def test_a_deep_numbered_page_that_would_read_too_many_rows_names_the_cursor(client, mixed, monkeypatch):
    """Under a label, format or year, a numbered page past the first reads about sqrt(depth x
    reviews) rows; past ``ROW_BUDGET`` it is a 422 naming `after`, whose pages always answer."""
    from reelpress.api import reviews as api

    # Criterion: 3 of the 5 public reviews; a page ending at row 2 sorts the label's 3 matches.
    monkeypatch.setattr(api, "ROW_BUDGET", 2)
    first = client.get("/api/reviews?label=criterion&limit=1")
    assert first.status_code == 200 and len(first.json()["items"]) == 1
    deep = client.get("/api/reviews?label=criterion&limit=1&page=2")
    assert deep.status_code == 422
    assert "`after`" in str(deep.json()) and "2 reviews" in str(deep.json())
    # The same reviews by cursor, to the end.
    seen, after = [first.json()["items"][0]["url"]], first.json()["next"]
    while after:
        answer = client.get(f"/api/reviews?label=criterion&limit=1&after={after}")
        assert answer.status_code == 200
        seen += [item["url"] for item in answer.json()["items"]]
        after = answer.json()["next"]
    assert len(seen) == 3
    # A page past the end reads nothing: answered, empty. Unfiltered lists have no such cost.
    assert client.get("/api/reviews?label=criterion&limit=1&page=4").json()["items"] == []
    assert client.get("/api/reviews?limit=1&page=3").status_code == 200
    monkeypatch.setattr(api, "ROW_BUDGET", 3)
    assert client.get("/api/reviews?label=criterion&limit=1&page=2").status_code == 200


FIVE = {
    "author": ("ada-critic", {"author__slug": "ada-critic"}),
    "format": ("blu-ray", {"release__format_key": "blu ray"}),
    "label": ("criterion", {"release__label__slug": "criterion"}),
    "verdict": ("recommended", {"verdict__iexact": "recommended"}),
    "year": ("1954", {"film__year": 1954}),
}


@pytest.mark.parametrize(
    "names",
    [names for size in range(2, 6) for names in itertools.combinations(sorted(FIVE), size)],
    ids="+".join,
)
def test_every_combination_of_filters_lists_what_a_recount_finds(client, mixed, names):
    """Whichever filter leads (the rarest by the tallies), the others are still checked on each row."""
    query = "&".join(f"{name}={FIVE[name][0]}" for name in names)
    conditions = {key: value for name in names for key, value in FIVE[name][1].items()}
    answer = client.get(f"/api/reviews?{query}&limit=100").json()
    expected = sorted(Review.objects.public().filter(**conditions).values_list("slug", flat=True))
    assert sorted(item["slug"] for item in answer["items"]) == expected
    assert answer["count"] == len(expected)


def test_the_rarest_filter_leads_and_the_others_are_checked_on_its_rows(client, stored, settings):
    """An author with many Blu-ray reviews and one film from 1931 among them: the year leads (one
    review read), not the author's index (every one of her reviews)."""
    settings.PAGE_CACHE = False
    for n in range(12):
        stored(slug=f"ada-{n}", title=f"Ada film {n}", year=1954, reviewer="Ada Critic")
    stored(slug="old", title="Old film", year=1931, reviewer="Ada Critic")
    stored(slug="other-old", title="Other old film", year=1931, reviewer="Bo Writer")
    with CaptureQueriesContext(connection) as ctx:
        answer = client.get("/api/reviews?author=ada-critic&format=blu-ray&year=1931").json()
    assert [item["slug"] for item in answer["items"]] == ["old"] and answer["count"] == 1
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*) FROM (SELECT")]
    assert len(counts) == 1, counts
    # The author and format are written so no index serves them; the year is not.
    assert '("reviews_review"."author_id" + 0)' in counts[0]
    assert "COALESCE" in counts[0] or "||" in counts[0]  # the format, concatenated with ''
    assert '"catalog_film"."year" = 1931' in counts[0]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {counts[0]}")
            plan = " / ".join(row[-1] for row in cursor.fetchall())
        assert "catalog_film USING" in plan and "year=?" in plan, plan
        assert "review_author_published" not in plan, plan
