"""`reelpress reindex` rebuilds the index from the reviews and says what it did."""

import importlib
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, connections

from reelpress.search import search
from reelpress.search.backends import index_file
from reelpress.search.index import rebuild

# A rebuild runs outside any transaction (on SQLite it switches index files, which a connection
# can only do between transactions), as `reelpress reindex` does.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def clean_index(transactional_db):
    """Flushing between transactional tests leaves the index alone: each test starts from an empty one."""
    rebuild()


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


def test_a_rebuild_in_batches_outside_a_transaction_finds_what_saving_indexed(stored):
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
    # Outside a transaction the next batches are prepared in worker processes (on a file or
    # server database; the in-memory test database stays serial) while this one is written.
    summary = rebuild(batch=1)
    assert summary.indexed == 3
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    assert summary.workers == (0 if in_memory else 2)  # PostgreSQL: forked workers, own connections
    assert {q: [hit.slug for hit in search(q).hits] for q in queries} == before
    assert len(before['"walk in open space"']) == 3
    assert before['"space walk"'] == []
    assert before[""][-1].startswith("night-harbor")  # newest first, whatever the save order


def _three(stored):
    return [
        stored(
            title=title,
            headline=title,
            year=year,
            directors=[director],
            body=body,
            published_at=published,
        )
        for title, year, director, body, published in [
            ("Harbor Lights", 1951, "Ann Older", "Fog over the harbor.", "2020-01-01T00:00:00+00:00"),
            ("Desert Run", 1962, "Bo Middle", "Sand and engines.", "2022-01-01T00:00:00+00:00"),
            ("Snow Line", 1975, "Cy Newer", "A cold pass at night.", "2024-01-01T00:00:00+00:00"),
        ]
    ]


def test_searches_during_a_rebuild_see_the_whole_old_index(stored):
    _three(stored)
    seen = []

    def step(done, total):  # runs between the rebuild's batches
        seen.append((done, search("").total, search("harbor").total, search("director:newer").total))

    rebuild(batch=1, progress=step)
    assert [s[0] for s in seen] == [1, 2, 3]
    assert all(s[1:] == (3, 1, 1) for s in seen), seen
    assert (search("").total, search("harbor").total) == (3, 1)


def test_reviews_saved_or_deleted_during_a_rebuild_are_caught_up_after_the_swap(stored):
    from reelpress.search.index import index_review

    harbor, desert, snow = _three(stored)

    def step(done, total):
        if done == 2:  # harbor and desert are already in the new tables
            harbor.body = "Fog over the harbor, and a zeppelin."
            harbor.save()
            index_review(harbor)  # what the store and the admin do, in the live tables
            desert.delete()  # the delete signal takes it out of the live index

    summary = rebuild(batch=1, progress=step)
    assert summary.repaired == 2
    assert [h.slug for h in search("zeppelin").hits] == [harbor.slug]
    assert search("sand").total == 0
    assert search("").total == 2


def _index_state():
    """What a rebuild may leave behind: build tables (PostgreSQL), the index generation (SQLite)."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    generation = getattr(connection, "search_generation", None) if connection.vendor == "sqlite" else None
    return {t for t in tables if t.startswith("search_new_")}, generation


def test_consecutive_rebuilds_leave_one_index_with_its_live_names(stored):
    _three(stored)
    _, before = _index_state()
    rebuild()
    rebuild()
    leftovers, after = _index_state()
    assert not leftovers
    assert not hasattr(connections._connections, index_file.BUILD_ALIAS)
    if connection.vendor == "sqlite":  # each rebuild wrote a new file, attached in place of the old
        assert after == before + 2
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA database_list")
            assert sorted(row[1] for row in cursor.fetchall() if row[1] != "temp") == ["main", "search"]
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_doc'")
            names = {row[0] for row in cursor.fetchall()}
            assert {"search_doc_pkey", "search_doc_gin", "search_doc_head_gin"} <= names
    assert search("director:older").total == 1
    assert search("").total == 3


def test_reindex_status_and_if_needed_rebuild_only_a_poor_index(stored):
    harbor, _desert, _snow = _three(stored)
    out = StringIO()
    call_command("reindex", "--if-needed", stdout=out)
    assert "3 entries for 3 indexable reviews" in out.getvalue()
    assert "No rebuild needed." in out.getvalue() and "Indexed" not in out.getvalue()

    with connection.cursor() as cursor:  # a review missing from the index
        cursor.execute("DELETE FROM search_doc WHERE review_id = %s", [harbor.pk])
    out = StringIO()
    call_command("reindex", "--status", stdout=out)
    assert "2 entries for 3 indexable reviews" in out.getvalue()
    assert "A rebuild is recommended." in out.getvalue() and "Indexed" not in out.getvalue()
    assert search("harbor").total == 0

    out = StringIO()
    call_command("reindex", "--if-needed", stdout=out)
    assert "Indexed 3 reviews" in out.getvalue()
    assert search("harbor").total == 1


def test_a_rebuild_leaves_its_full_text_indexes_compacted(stored):
    from reelpress.search.backends.sqlite import FTS_TABLES

    _three(stored)
    steps = []
    rebuild(batch=1, merging=steps.append)  # SQLite: one transaction, so one FTS5 segment, per review
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # every segment merged into one, step by step
            for table in FTS_TABLES:
                cursor.execute(f"SELECT count(DISTINCT segid) FROM {table}_idx")  # noqa: S608
                assert cursor.fetchone()[0] == 1, table
            assert steps == list(range(1, len(steps) + 1)) and len(steps) >= len(FTS_TABLES)
        else:  # PostgreSQL builds its GIN indexes once, after the rows
            cursor.execute(
                "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname IN ('search_doc_gin', 'search_doc_head_gin') AND i.indisvalid"
            )
            assert cursor.fetchone()[0] == 2
    assert search("director:newer").total == 1 and search('"cold pass"').total == 1


def test_a_failed_rebuild_leaves_the_live_index_answering_and_the_next_one_clears_up(stored):
    _three(stored)
    _, live = _index_state()

    def fail(done, total):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        rebuild(batch=1, progress=fail)
    leftovers, generation = _index_state()
    assert generation == live  # SQLite: still the file in use before; its build file is deleted
    assert not hasattr(connections._connections, index_file.BUILD_ALIAS)
    assert search("director:older").total == 1 and search("").total == 3
    if connection.vendor == "postgresql":  # the half-built tables stay until the next rebuild
        assert leftovers

    summary = rebuild()
    assert summary.indexed == 3
    assert not _index_state()[0]
    assert search("director:older").total == 1


def test_the_repair_reads_recent_saves_from_the_updated_at_index(stored):
    """Its query must not carry the model's ORDER BY: SQLite then walked every review's row."""
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reelpress.search.index import repair

    _three(stored)
    with CaptureQueriesContext(conn) as queries:
        repair(since=timezone.now())
    recent = [q["sql"] for q in queries.captured_queries if "updated_at" in q["sql"]]
    assert recent and not any("ORDER BY" in sql for sql in recent)
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + recent[0].replace("%s", "'2026-01-01'"))
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "reviews_updated_at_idx" in plan, plan


@pytest.mark.parametrize("big", [False, True], ids=["small-dropped", "big-renamed"])
def test_an_index_an_earlier_version_kept_in_the_site_database_is_retired_then_dropped(
    stored, monkeypatch, big
):
    """Upgrading to the index file: migration 0005 drops a small old index, renames a big one for
    the first rebuild to drop in slices."""
    from reelpress.search.backends.sqlite import SCHEMA

    migration = importlib.import_module("reelpress.search.migrations.0005_sqlite_index_file")
    monkeypatch.setattr(migration, "DROP_BELOW", 1 if big else 10_000)
    _three(stored)

    def site_tables():
        with connection.cursor() as cursor:
            return {t for t in connection.introspection.table_names(cursor) if t.startswith("search")}

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # the layout before 0005, with an entry no review has
            for statement in SCHEMA:
                cursor.execute(statement)  # unqualified: into the site's database
            cursor.execute(
                "INSERT INTO main.search_doc (docid, review_id, titles) VALUES (1, 99999, 'ghost')"
            )
            cursor.execute("INSERT INTO main.search_fts (rowid, title) VALUES (1, 'ghost')")
        assert search("ghost").total == 1  # the site's tables hide the attached index's
    before = site_tables()
    migration.to_file(None, SimpleNamespace(connection=connection))
    if connection.vendor == "sqlite" and big:
        retired = site_tables() - {"search_index_file"}
        assert retired and all(t.startswith("search_retired_") for t in retired), retired
        assert len(retired) == len(before - {"search_index_file"})
    elif connection.vendor == "sqlite":
        assert site_tables() == {"search_index_file"}
    else:
        assert site_tables() == before  # nothing to do on PostgreSQL
    assert search("ghost").total == 0 and search("").total == 3  # the index file answers again
    rebuild()
    assert not {t for t in site_tables() if t.startswith("search_retired_")}
    assert search("director:older").total == 1
