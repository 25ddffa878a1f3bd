"""`reelpress reindex` rebuilds the index from the reviews and says what it did."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from reelpress.search import search
from reelpress.search.index import rebuild

pytestmark = pytest.mark.django_db


def test_reindex_rebuilds_everything_and_prints_a_summary(catalogue, stored):
    stored(title="Hidden Draft", headline="Hidden Draft", year=2000, status="draft", directors=["D D"])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_doc")
    assert search("spacewalker").total == 0
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "Indexed 3 reviews (1 drafts skipped)" in out.getvalue()
    assert search("spacewalker").total == 1
    assert search("").total == 3
    assert search("hidden").total == 0


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_in_batches_outside_a_transaction_finds_what_saving_indexed(stored):
    # Flushing between transactional tests leaves the search tables alone: start from a clean index.
    rebuild()
    stored(
        title="Spacewalker",
        headline="Spacewalker",
        year=2017,
        directors=["Dmitriy Kiselev"],
        body="The first walk in open space, told as a thriller.",
        published_at="2026-01-12T12:00:00+00:00",
    )
    stored(
        title="Them!",
        headline="Them!",
        year=1954,
        disc_format="DVD",
        body="Giant ants in the desert; a night walk in open space.",
        published_at="2024-06-01T12:00:00+00:00",
    )
    # Stored last but published first: the rebuild walks publication order, not save order.
    stored(
        title="Night Harbor",
        headline="Night Harbor",
        year=1950,
        directors=["Ann Older"],
        body="An older night on the harbor; the first walk in open space comes later.",
        published_at="2020-01-01T00:00:00+00:00",
    )
    queries = [
        "",
        "spacewalker",
        '"walk in open space"',
        '"space walk"',
        "director:kiselev",
        "night",
        "-night",
    ]
    before = {q: [hit.slug for hit in search(q).hits] for q in queries}
    # Outside a transaction the next batch is prepared in a worker process (on a file or server
    # database; the in-memory test database stays serial) while this one is written.
    summary = rebuild(batch=1)
    assert summary.indexed == 3
    assert {q: [hit.slug for hit in search(q).hits] for q in queries} == before
    assert len(before['"walk in open space"']) == 3
    assert before['"space walk"'] == []
    assert before[""][-1].startswith("night-harbor")  # newest first, whatever the save order
