"""The films and people indexes: A-Z, filters, keyset pages, bounded queries, nothing from hidden reviews."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.catalog import views
from reelpress.catalog.models import Film

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return HTMLParser(response.content.decode())


def film_rows(tree):
    return [
        [row.css_first("th a").text(strip=True)] + [td.text(strip=True) for td in row.css("td")]
        for row in tree.css("table.catalog-list tbody tr")
        if row.css_first("th a")
    ]


def people_rows(tree):
    return {
        li.css_first("a").text(strip=True): [r.text(separator=" ", strip=True) for r in li.css(".role")]
        for li in tree.css(".people-list li")
        if li.css_first("a")
    }


def next_link(tree, rel="next", path="/films/"):
    node = tree.css_first(f'.pagination a[rel="{rel}"]')
    return path + node.attributes["href"] if node else None


@pytest.fixture
def archive(stored, future):
    """Three public films (one with two editions), one draft and one scheduled film."""
    stored(slug="them-br")
    stored(slug="them-dvd", disc_format="DVD", label="Warner Home Video", street_date="2002-05-21")
    stored(
        slug="alphaville",
        title="Alphaville",
        year=1965,
        country="France",
        directors=["Jean-Luc Godard"],
        cast=["Eddie Constantine"],
        disc_format="DVD",
        label="Criterion",
    )
    stored(
        slug="zardoz",
        title="Zardoz",
        year=1974,
        country="United Kingdom",
        directors=["John Boorman"],
        writers=["John Boorman"],
        cast=["Sean Connery"],
    )
    stored(
        slug="secret",
        title="Secret Film",
        year=1999,
        country="Atlantis",
        status="draft",
        cast=["Hidden Actor"],
    )
    stored(slug="later", title="Later Film", year=2001, published_at=future, cast=["Future Actor"])


def test_the_films_index_lists_public_films_a_to_z_with_year_and_counts(client, archive):
    tree = page(client, "/films/")
    rows = {row[0]: row[1:] for row in film_rows(tree)}
    assert list(rows) == ["Alphaville", "Them!", "Zardoz"]
    assert rows["Them!"] == ["1954", "2", "2"]
    assert rows["Alphaville"] == ["1965", "1", "1"]


def test_the_films_index_hides_draft_and_scheduled_films_and_their_facts(client, archive):
    response = client.get("/films/")
    html = response.content.decode()
    assert "Secret Film" not in html and "Later Film" not in html
    assert "Atlantis" not in html and "1990s" not in html and "2000s" not in html


def test_films_filter_by_decade_format_and_country(client, archive):
    titles = lambda url: [row[0] for row in film_rows(page(client, url))]  # noqa: E731
    assert titles("/films/?decade=1950") == ["Them!"]
    assert titles("/films/?decade=1970") == ["Zardoz"]
    assert titles("/films/?format=dvd") == ["Alphaville", "Them!"]
    assert titles("/films/?format=blu-ray") == ["Them!", "Zardoz"]
    assert titles("/films/?country=France") == ["Alphaville"]
    assert titles("/films/?country=France&format=blu-ray") == []
    # Choices come from public films only, and an unknown choice is ignored, not an error.
    tree = page(client, "/films/?decade=abc&country=Atlantis&format=nope")
    assert len(film_rows(tree)) == 3
    assert [o.text() for o in tree.css("#f-decade option")][1:] == ["1950s", "1960s", "1970s"]
    assert [o.text() for o in tree.css("#f-format option")][1:] == ["Blu-ray", "DVD"]
    assert [o.text() for o in tree.css("#f-country option")][1:] == ["France", "United Kingdom"]


def test_keyset_pages_walk_every_film_once_forward_and_back(client, stored, monkeypatch):
    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 2)
    for n in range(7):
        stored(slug=f"f{n}", title=f"Film {n}", year=1960 + n, cast=[f"Actor {n}"])
    url, seen, pages = "/films/", [], []
    while url:
        tree = page(client, url)
        pages.append(url)
        seen += [row[0] for row in film_rows(tree)]
        url = next_link(tree)
    assert seen == [f"Film {n}" for n in range(7)]
    assert len(pages) == 4
    back = [row[0] for row in film_rows(page(client, next_link(page(client, pages[-1]), "prev")))]
    assert back == ["Film 4", "Film 5"]


def test_a_letter_jumps_to_the_first_title_from_it(client, archive):
    tree = page(client, "/films/?letter=t")
    assert [row[0] for row in film_rows(tree)] == ["Them!", "Zardoz"]
    assert tree.css_first('.az a[aria-current="page"]').text() == "T"
    assert next_link(tree, "prev") is None or "before=" in next_link(tree, "prev")


def test_the_people_index_lists_roles_with_film_counts_and_filters_by_role(client, archive):
    people = people_rows(page(client, "/people/"))
    assert "Hidden Actor" not in people and "Future Actor" not in people
    assert people["John Boorman"] == ["Director · 1 film", "Writer · 1 film"]
    assert people["James Whitmore"] == ["Cast · 1 film"]
    assert list(people) == sorted(people, key=str.casefold)
    directors = people_rows(page(client, "/people/?role=director"))
    assert list(directors) == ["Gordon Douglas", "Jean-Luc Godard", "John Boorman"]
    assert list(people_rows(page(client, "/people/?role=nonsense"))) == list(people)


def test_the_indexes_are_linked_from_the_site_navigation(client, archive):
    nav = {a.attributes["href"] for a in page(client, "/").css(".site-nav a")}
    assert {"/films/", "/people/"} <= nav


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", ["/films/", "/films/?decade=1960&format=blu-ray", "/people/", "/people/?role=cast"]
)
def test_the_indexes_cost_the_same_queries_whatever_the_page_size(client, stored, monkeypatch, settings, url):
    settings.PAGE_CACHE = False  # the pages' own queries, each time, not a cached copy
    for n in range(12):
        stored(slug=f"f{n}", title=f"Film {n}", year=1960 + n % 5, cast=[f"Actor {n}", f"Star {n}"])
    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 2)
    small = queries(client, url)
    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 100)
    assert queries(client, url) == small
    assert small <= 8


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        # On a handful of rows any plan is cheap and PostgreSQL's choice says nothing: forbid
        # sorting and scanning, so the plan shows whether an index delivers the page in order.
        for setting in ("enable_seqscan", "enable_sort", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    "kind", ["films", "films by decade", "films by country", "people", "directors", "before"]
)
def test_a_page_walks_the_name_index_from_its_key_without_sorting_the_archive(archive, kind):
    from django.db import transaction

    from reelpress.catalog import lists, public
    from reelpress.lib.keyset import keyset_query

    films, people = public.films(), public.people()
    query = {
        "films": lambda: keyset_query(films, "title_key", 50, after="them~1"),
        "films by decade": lambda: keyset_query(
            lists.filter_films(films, decade=1950, format_key="", country=""), "title_key", 50
        ),
        "films by country": lambda: keyset_query(
            lists.filter_films(films, decade=None, format_key="", country="France"), "title_key", 50
        ),
        "people": lambda: keyset_query(people, "name_key", 50, start="j"),
        "directors": lambda: keyset_query(public.people("director"), "name_key", 50),
        "before": lambda: keyset_query(films, "title_key", 50, before="them~1"),
    }[kind]()
    with transaction.atomic():
        plan = _plan(query)
    index = {"films by decade": "film_decade_title_key", "films by country": "film_country_title_key"}.get(
        kind, "person_name_key_id" if "name_key" in str(query.query) else "film_title_key_id"
    )
    if connection.vendor == "sqlite":
        assert index in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    else:
        # PostgreSQL's planner picks between the key's indexes by the tables' statistics, which the
        # other tests change: what must hold is that it walks an index on the key, in its order.
        key = "name_key" if "name_key" in str(query.query) else "title_key"
        walked = (
            index in plan
            or f"Index Cond: ((catalog_person.{key}" in plan
            or f"Presorted Key: catalog_person.{key}" in plan
        )
        walked = walked or f"Presorted Key: catalog_film.{key}" in plan
        assert walked, plan
        # An incremental sort of the rows that share one key is fine; a full sort of the table is not.
        assert not re.search(r"(?m)^\s*(?:->\s+)?Sort\s+\(", plan), plan


def test_filter_choices_are_read_one_index_seek_per_value(archive):
    from reelpress.catalog import lists

    assert lists.countries() == ["France", "United Kingdom"]
    assert lists.decades() == [1950, 1960, 1970]
    assert [f["name"] for f in lists.format_choices()] == ["Blu-ray", "DVD"]
    assert Film.objects.count() == 5
