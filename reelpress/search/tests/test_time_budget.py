"""Each search has a time budget: past it the engine stops the statement and the reader is asked to narrow."""

import time

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.search import search, service, suggest
from reelpress.search.backends import backend_for
from reelpress.search.backends.base import SearchTimeout

pytestmark = pytest.mark.django_db(transaction=True)

# Slow on every engine we support: counts to a hundred million, one row at a time.
SLOW_SQL = (
    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100000000) "
    "SELECT count(*) FROM c"
)


def spent(monkeypatch):
    """Every search starts with its budget already spent."""

    def budgeted(backend):
        backend.deadline = time.monotonic() - 1
        return backend

    monkeypatch.setattr(service, "_budgeted", budgeted)


def test_the_engine_stops_a_statement_at_the_deadline():
    backend = backend_for()
    backend.deadline = time.monotonic() + 0.2
    started = time.monotonic()
    with pytest.raises(SearchTimeout):
        backend._run(SLOW_SQL, [])
    assert time.monotonic() - started < 2
    backend.deadline = None
    assert backend._run("SELECT 1", []) == [(1,)]  # the connection is usable afterwards


@pytest.mark.django_db
def test_the_engine_stops_a_statement_at_the_deadline_inside_a_transaction():
    from django.db import transaction

    with transaction.atomic():
        backend = backend_for()
        backend.deadline = time.monotonic() + 0.2
        with pytest.raises(SearchTimeout):
            backend._run(SLOW_SQL, [])
        backend.deadline = None
        assert backend._run("SELECT 1", []) == [(1,)]


def test_a_search_past_its_budget_asks_the_reader_to_narrow_it(client, spacewalker, monkeypatch):
    spent(monkeypatch)
    response = client.get("/search/?q=spacewalker")
    assert response.status_code == 200
    html = HTMLParser(response.content.decode())
    assert "Narrow your search" in html.css_first(".search-cut-short").text()


def test_the_api_says_a_search_was_cut_short(client, spacewalker, monkeypatch):
    spent(monkeypatch)
    response = client.get("/api/search?q=spacewalker")
    assert response.status_code == 200
    assert response.json()["cut_short"] is True


def test_suggestions_past_the_budget_are_empty_not_an_error(client, spacewalker, monkeypatch):
    spent(monkeypatch)
    assert suggest("spa") == []
    assert client.get("/search/suggest?q=spa").status_code == 200


def test_when_ranking_runs_out_of_time_the_matches_found_are_shown_newest_first(stored, monkeypatch):
    for n in range(3):
        stored(slug=f"ants-{n}", published_at=f"2026-01-0{n + 1}T12:00:00+00:00")
    monkeypatch.setattr(service, "CAP", 2)  # more matches than the cap: ranking runs tier scans

    def rank(*args):
        raise SearchTimeout("budget spent while ranking")

    monkeypatch.setattr(service, "_rank", rank)
    results = search("ants")
    assert results.cut_short
    assert [hit.slug for hit in results.hits] == ["ants-2", "ants-1", "ants-0"]
