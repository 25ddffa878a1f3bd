"""A person's pages read a bounded number of credits: the film's sort key rides on the credit (kept
in step by triggers), one index gives a role's films in order, and counts stop at ``CAP``."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.catalog import filmography, views
from reelpress.catalog.merge import merge_films
from reelpress.catalog.models import Credit, Film
from reelpress.reviews.models import Review
from reelpress.reviews.tests.test_list_shapes import plan

pytestmark = pytest.mark.django_db


def keys(person_slug: str) -> dict[str, tuple]:
    """{film title: (sort_year, sort_title)} of a person's credits, as stored."""
    credits = Credit.objects.filter(person__slug=person_slug).select_related("film")
    return {c.film.title: (c.sort_year, c.sort_title) for c in credits}


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return HTMLParser(response.content.decode())


def titles(page) -> list[str]:
    return [h.text(strip=True) for h in page.css(".filmography__film h3 a")]


@pytest.fixture
def prolific(stored, settings, monkeypatch):
    """Pat Prolific: cast in 8 public films (1980-1987, stored out of order), one draft film (1979),
    and director of 2. Counts stop at 3, role pages hold 2 films, the person page shows 2 per role."""
    settings.PAGE_CACHE = False
    for n in (5, 2, 7, 0, 3, 6, 1, 4):
        stored(slug=f"pat-{n}", title=f"Pat {n}", year=1980 + n, cast=["Pat Prolific"], characters={})
    stored(slug="pat-draft", title="Pat Draft", year=1979, cast=["Pat Prolific"], status="draft")
    for n in range(2):
        stored(slug=f"pat-made-{n}", title=f"Made {n}", year=1990 + n, directors=["Pat Prolific"], cast=["X"])
    monkeypatch.setattr(filmography, "CAP", 3)
    monkeypatch.setattr(views, "FILMS_PER_ROLE", 2)
    monkeypatch.setattr(views, "ROLE_PAGE_SIZE", 2)


# The sort key follows the film, whatever changes it.


def test_a_stored_credit_carries_its_films_year_and_title(stored):
    stored(slug="them")
    assert keys("gordon-douglas") == {"Them!": (1954, "Them!")}


def test_the_sort_key_follows_an_edit_of_the_film(stored):
    stored(slug="them")
    film = Film.objects.get(title="Them!")
    film.title, film.year = "Them! (restored)", 1955
    film.save()
    assert keys("gordon-douglas") == {"Them! (restored)": (1955, "Them! (restored)")}
    Film.objects.filter(pk=film.pk).update(year=None)  # a bulk update, past every Python hook
    assert keys("gordon-douglas") == {"Them! (restored)": (0, "Them! (restored)")}


def test_a_stale_credit_saved_again_keeps_its_films_key(stored):
    stored(slug="them")
    credit = Credit.objects.filter(person__slug="gordon-douglas").get()
    Film.objects.filter(pk=credit.film_id).update(year=1960)
    credit.character = "x"
    credit.save()  # writes the sort_year it read (1954): the database puts the film's back
    assert keys("gordon-douglas") == {"Them!": (1960, "Them!")}


def test_a_merged_films_credits_take_the_survivors_key(stored):
    stored(slug="them")
    stored(slug="them-again", title="Them", year=1953, directors=["Gordon Douglas", "Other Hand"])
    survivor, loser = Film.objects.get(title="Them!"), Film.objects.get(title="Them")
    merge_films(survivor, [loser])
    assert set(Credit.objects.filter(person__slug="other-hand").values_list("sort_year", "sort_title")) == {
        (1954, "Them!")
    }


def test_a_role_page_follows_a_films_new_year(client, prolific):
    Film.objects.filter(title="Pat 0").update(year=1999)
    page = html(client, "/people/pat-prolific/cast/")
    assert titles(page) == ["Pat 1", "Pat 2"]


# Counts stop at CAP; pages go on by cursor.


def test_a_person_page_counts_a_role_up_to_the_cap_and_says_so(client, prolific):
    page = html(client, "/people/pat-prolific/")
    headings = [h.text(separator=" ", strip=True) for h in page.css("section.role-group h2")]
    assert headings == ["Director 2 films", "Cast 3+ films"]
    assert "3+ films" in page.css_first(".page-header .meta").text()
    assert "1980–1991" in page.css_first(".page-header .meta").text()
    assert titles(page) == ["Made 0", "Made 1", "Pat 0", "Pat 1"]
    assert [a.text(strip=True) for a in page.css(".filmography__all a")] == ["All 3+ films as cast →"]


def test_an_exact_count_when_no_role_passes_the_cap(client, prolific, monkeypatch):
    monkeypatch.setattr(filmography, "CAP", 300)
    page = html(client, "/people/pat-prolific/")
    assert "10 films" in page.css_first(".page-header .meta").text()
    assert [a.text() for a in page.css(".role-jump .count")] == ["2", "8"]


def test_a_role_page_reaches_every_film_numbered_pages_then_a_cursor(client, prolific):
    seen, url, numbers = [], "/people/pat-prolific/cast/", []
    while url:
        page = html(client, url)
        seen += titles(page)
        where = page.css_first(".pagination__where")
        numbers.append(where.text(strip=True) if where else None)
        following = page.css_first('a[rel="next"]')
        url = "/people/pat-prolific/cast/" + following.attributes["href"] if following else None
    assert seen == [f"Pat {n}" for n in range(8)]
    # The count stops at 3 (two numbered pages), the walk goes on from there.
    assert numbers[:2] == ["Page 1 of 2+", "Page 2 of 2+"]
    assert numbers[2:] == ["Films from 1983", "Films from 1985", "Films from 1987"]


def test_a_cursor_page_walks_back_too(client, prolific):
    last = html(client, "/people/pat-prolific/cast/?page=2")
    deeper = html(client, "/people/pat-prolific/cast/" + last.css_first('a[rel="next"]').attributes["href"])
    assert titles(deeper) == ["Pat 3", "Pat 4"]
    back = html(client, "/people/pat-prolific/cast/" + deeper.css_first('a[rel="prev"]').attributes["href"])
    assert titles(back) == ["Pat 1", "Pat 2"]


def test_a_cursor_nobody_gave_is_the_first_page(client, prolific):
    huge = filmography._encode([10**30, "Pat 1", 1])
    nul = filmography._encode([1981, "Pat\x001", 1])
    for junk in ("x", "WzEsMl0", "eyJhIjoxfQ", "W3RydWUsIngiLDFd", "é", "//8", huge, nul):
        page = html(client, f"/people/pat-prolific/cast/?after={junk}")
        assert titles(page) == ["Pat 0", "Pat 1"]


def test_the_people_index_counts_each_role_exactly_from_the_tallies(client, prolific):
    page = html(client, "/people/?letter=p")
    (row,) = [li for li in page.css(".people-list li") if "Pat Prolific" in li.text()]
    roles = [r.text(separator=" ", strip=True) for r in row.css(".role")]
    assert roles == ["Director · 2 films", "Cast · 8 films"]  # the draft film not counted


def test_the_people_index_reads_tallies_not_credits(client, prolific, stored, future):
    """One read of the page's people's role tallies: no credit is read for a count, whatever the
    people's credits; only the credits of films still waiting for a scheduled review, by film."""
    stored(
        slug="pat-soon",
        title="Pat Soon",
        year=1999,
        cast=["Pat Prolific"],
        status="scheduled",
        published_at=future,
    )
    with CaptureQueriesContext(connection) as ctx:
        page = html(client, "/people/?letter=p")
    (row,) = [li for li in page.css(".people-list li") if "Pat Prolific" in li.text()]
    assert "Cast · 8 films" in row.text(separator=" ", strip=True)  # the scheduled film not yet
    queries = [q["sql"] for q in ctx.captured_queries]
    assert any("counts_tally" in sql for sql in queries)
    credit_queries = [sql for sql in queries if "catalog_credit" in sql]
    assert credit_queries  # the waiting film's credits
    for sql in credit_queries:
        assert '"catalog_credit"."film_id" IN (' in sql and "person_id" not in sql.split("WHERE")[1], sql
        assert_bounded(sql)


# Editors see what they see today; readers only public films.


def test_an_editor_sees_the_draft_film_a_reader_does_not(client, editor, prolific, monkeypatch):
    monkeypatch.setattr(filmography, "CAP", 300)
    reader = html(client, "/people/pat-prolific/cast/")
    assert "Pat Draft" not in titles(reader)
    client.force_login(editor)
    staff = html(client, "/people/pat-prolific/cast/")
    assert titles(staff) == ["Pat Draft", "Pat 0"]
    assert "9 films" in staff.css_first(".page-header .meta").text()


def test_an_editor_sees_a_person_with_only_draft_films(client, editor, stored, settings):
    settings.PAGE_CACHE = False
    stored(slug="hidden", title="Hidden", year=1970, directors=["Dora Draft"], status="draft")
    assert client.get("/people/dora-draft/").status_code == 404
    client.force_login(editor)
    page = html(client, "/people/dora-draft/")
    assert titles(page) == ["Hidden"]


# The API: the person's credits a page at a time.


def test_the_api_pages_a_persons_credits_by_cursor(client, prolific):
    answer = client.get("/api/people/pat-prolific?limit=4").json()
    assert [r["film"]["title"] for r in answer["roles"]] == ["Pat 0", "Pat 1", "Pat 2", "Pat 3"]
    assert answer["role_counts"] == [
        {"role": "director", "role_label": "Director", "films": 2, "more": False},
        {"role": "cast", "role_label": "Cast", "films": 3, "more": True},
    ]
    seen = [(r["role"], r["film"]["title"]) for r in answer["roles"]]
    while answer["next"]:
        answer = client.get(f"/api/people/pat-prolific?limit=4&after={answer['next']}").json()
        seen += [(r["role"], r["film"]["title"]) for r in answer["roles"]]
    assert seen == [("cast", f"Pat {n}") for n in range(8)] + [("director", "Made 0"), ("director", "Made 1")]


def test_the_api_answers_an_ordinary_person_in_one_page_as_before(client, stored):
    stored(slug="them")
    stored(slug="gunsmoke", title="Gunsmoke", year=1953, cast=["Audie Murphy"], directors=["Gordon Douglas"])
    answer = client.get("/api/people/gordon-douglas").json()
    assert [f["title"] for f in answer["films"]] == ["Gunsmoke", "Them!"]
    assert answer["next"] is None


def test_the_api_refuses_a_cursor_it_never_gave(client, prolific):
    for junk in ("not-a-cursor", filmography._encode(["cast", "", 10**30, "x", 1])):
        answer = client.get(f"/api/people/pat-prolific?after={junk}")
        assert answer.status_code == 422
        assert "cursor" in answer.text


# The shape of the queries: a walk down the person's stretch of one index.

PERSON_INDEX = "credit_person_role_sorted"


def credit_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries if "catalog_credit" in q["sql"]]


def assert_bounded(sql: str):
    """No sort of the person's credits and no scan of the credits table: index seeks only."""
    found = plan(sql)
    if connection.vendor == "sqlite":
        assert "USE TEMP B-TREE" not in found, (sql, found)
        assert not [line for line in found.splitlines() if line.strip().startswith("SCAN c")], found
        assert "SCAN catalog_credit" not in found, found
    else:
        assert "Seq Scan on catalog_credit" not in found, found
        # A sort of the credits (every one of the person's) is what the index exists to avoid.
        assert "Sort Key: catalog_credit" not in found and "Sort Key: c." not in found, found
    return found


@pytest.mark.parametrize(
    "url",
    [
        "/people/pat-prolific/",
        "/people/pat-prolific/cast/?page=2",
        "/api/people/pat-prolific?limit=3",
    ],
)
def test_every_credit_query_of_a_persons_pages_is_a_bounded_index_walk(client, prolific, url):
    queries = credit_queries(client, url)
    assert queries
    plans = [assert_bounded(sql) for sql in queries]
    if connection.vendor == "sqlite":
        # PostgreSQL picks among the credit indexes by its statistics (on a few rows, any); what
        # holds there is no sort and no sequential scan of the credits.
        assert any(PERSON_INDEX in found for found in plans), plans


def test_a_cursor_page_starts_from_its_key_in_the_index(client, prolific):
    last = html(client, "/people/pat-prolific/cast/?page=2")
    url = "/people/pat-prolific/cast/" + last.css_first('a[rel="next"]').attributes["href"]
    walks = [sql for sql in credit_queries(client, url) if "ORDER BY" in sql and "LIMIT" in sql]
    assert walks
    for sql in walks:
        found = assert_bounded(sql)
        if connection.vendor == "sqlite":
            assert PERSON_INDEX in found, found
            # The key is a range of the index (not a filter applied to rows walked from the top).
            assert "sort_year" in found and ">" in found, found


def test_reviews_are_checked_per_credit_not_by_listing_public_films(client, prolific):
    for sql in credit_queries(client, "/api/people/pat-prolific"):
        assert '"film_id" IN (SELECT' not in sql, sql
    assert Review.objects.count() == 11


def test_a_lost_trigger_comes_back_after_migrate_with_every_key_in_step(stored):
    """SQLite drops a table's triggers when a migration rebuilds the table."""
    from reelpress.catalog import sortkey

    stored(slug="them")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER catalog_film_sort_key ON catalog_film")
        else:
            cursor.execute("DROP TRIGGER catalog_film_sort_update")
    Film.objects.filter(title="Them!").update(year=1960)
    assert keys("gordon-douglas") == {"Them!": (1954, "Them!")}  # out of step while it is gone
    assert sortkey.missing(connection)
    sortkey.after_migrate()
    assert sortkey.missing(connection) == []
    assert keys("gordon-douglas") == {"Them!": (1960, "Them!")}
    Film.objects.filter(title="Them!").update(year=1961)
    assert keys("gordon-douglas") == {"Them!": (1961, "Them!")}
