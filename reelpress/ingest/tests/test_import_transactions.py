"""Batches, --stop-on-error and --atomic: what a failure leaves stored (docs/decisions.md, Imports)."""

import json

import pytest
from django.db import DatabaseError

from reelpress.catalog.models import Film
from reelpress.ingest import store
from reelpress.ingest.tests.import_helpers import cinesavant_page, run_command, snapshot, summary_count
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    """Three pages in name order: good, bad (empty), good."""
    (tmp_path / "a.txt").write_text(cinesavant_page("Them!", source="https://example.org/a/"))
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text(
        cinesavant_page("The Shootist", year=1976, source="https://example.org/c/")
    )
    return tmp_path


def stored_urls():
    return set(Review.objects.values_list("source_url", flat=True))


def test_without_stop_on_error_the_good_items_are_stored_and_the_bad_one_reported(folder):
    result = run_command("import", "pages", str(folder))

    assert not result.ok
    assert stored_urls() == {"https://example.org/a/", "https://example.org/c/"}
    assert summary_count(result.out, "failed") == 1


def test_stop_on_error_stops_at_the_first_bad_item_and_rolls_back_its_batch(folder):
    before = snapshot()

    result = run_command("import", "pages", str(folder), "--stop-on-error")

    assert not result.ok
    assert snapshot() == before  # a.txt shared the batch with b.txt: undone
    assert "Stopped at: " in result.out and "b.txt: the file is empty" in result.out
    assert summary_count(result.out, "rolled back") == 1
    assert "c.txt" not in result.text  # never read


def test_stop_on_error_keeps_batches_committed_before_the_failure(folder):
    result = run_command("import", "pages", str(folder), "--stop-on-error", "--batch-size", "1")

    assert not result.ok
    assert stored_urls() == {"https://example.org/a/"}
    assert "earlier batches stay stored" in result.out


def test_atomic_with_stop_on_error_rolls_back_the_whole_import(folder):
    before = snapshot()

    result = run_command("import", "pages", str(folder), "--stop-on-error", "--batch-size", "1", "--atomic")

    assert not result.ok
    assert snapshot() == before
    assert "the whole import was rolled back" in result.out


def test_a_dry_run_with_a_bad_item_changes_nothing_and_still_fails(folder):
    before = snapshot()

    result = run_command("import", "pages", str(folder), "--dry-run")

    assert not result.ok
    assert snapshot() == before
    assert summary_count(result.out, "would be created") == 2


def test_an_item_the_database_refuses_is_rolled_back_alone(tmp_path, monkeypatch, make_record):
    records = [
        make_record(title=t, slug=None, source_url=f"https://example.org/{n}/", tags=[t])
        for n, t in enumerate("ABC")
    ]
    path = tmp_path / "records.json"
    path.write_text(json.dumps([r.to_dict() for r in records]))
    real = store._tag

    def refuse_b(name):
        if name == "B":  # tags come last: B's film, credits, release and review are written by then
            raise DatabaseError("disk I/O error")
        return real(name)

    monkeypatch.setattr(store, "_tag", refuse_b)

    result = run_command("import", "json", str(path))

    assert not result.ok
    assert "item 2 (B)" in result.err and "disk I/O error" in result.err
    assert set(Film.objects.values_list("title", flat=True)) == {"A", "C"}
    assert stored_urls() == {"https://example.org/0/", "https://example.org/2/"}


def test_a_search_index_failure_undoes_its_batch_and_stops_the_import(folder, monkeypatch):
    from reelpress.search import index

    def broken(review_ids):
        raise DatabaseError("search_doc is locked")

    monkeypatch.setattr(index, "refresh", broken)
    before = snapshot()

    result = run_command("import", "pages", str(folder))

    assert not result.ok
    assert snapshot() == before
    assert "error: the search index for the batch ending at" in result.err
    assert "search_doc is locked" in result.err
