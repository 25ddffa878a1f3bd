"""Long transactions pause the tallies' triggers on PostgreSQL and recount once before they commit
(counts.pause): the figures stay exact, and a dry run leaves them as they were.

On SQLite pausing does nothing (the triggers cost the same whatever the transaction's length), so
the same tests check there that the tallies stay exact without it."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from reelpress.counts import figures, pause, recount
from reelpress.ingest.importers import batch
from reelpress.ingest.tests.import_helpers import run_command

pytestmark = pytest.mark.django_db(transaction=True)


def export(path, count: int) -> str:
    records = [
        {
            "title": f"Paused film {n}",
            "year": 1950 + n % 30,
            "slug": f"paused-{n}",
            "body": "A review. " * 5,
            "verdict": ("Recommended", "Skip It")[n % 2],
            "disc_format": ("Blu-ray", "DVD")[n % 2],
            "label": ("Arrow", "Criterion")[n % 2],
            "published_at": "2025-03-01T12:00:00+00:00",
        }
        for n in range(count)
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    return str(path)


def test_inside_a_paused_block_the_triggers_wait_and_the_tallies_are_exact_after_it(stored):
    stored(slug="before")
    before = figures.public_review_count()
    with transaction.atomic():
        with pause.paused():
            stored(slug="during", title="Tarantula", year=1955)
            during = figures.public_review_count()
        after_block = figures.public_review_count()
    # PostgreSQL: the trigger returned at once, the rebuild at the block's end caught up.
    assert during == (before if pause.applies() else before + 1)
    assert after_block == before + 1
    assert recount.differences() == []


def test_an_atomic_import_longer_than_the_pause_threshold_leaves_every_tally_exact(
    stored, tmp_path, monkeypatch
):
    stored(slug="already-there")
    monkeypatch.setattr(batch, "PAUSE_TALLIES_AFTER", 4)
    ran = run_command("import", "json", export(tmp_path / "records.json", 12), atomic=True, no_progress=True)
    assert ran.ok, ran.error
    assert figures.public_review_count() == 13
    assert recount.differences() == []
    assert figures.public_releases_by_label() and figures.public_label_count() == 3


def test_a_dry_run_stores_nothing_and_leaves_the_tallies_as_they_were(stored, tmp_path):
    stored(slug="already-there")
    kept = recount.tallied()
    ran = run_command("import", "json", export(tmp_path / "records.json", 12), dry_run=True, no_progress=True)
    assert ran.ok, ran.error
    assert recount.tallied() == kept
    assert recount.differences() == []


def test_pausing_outside_a_transaction_is_refused_on_postgresql():
    if not pause.applies():
        with pause.paused():  # nothing to pause on SQLite: a plain block
            pass
        return
    with pytest.raises(RuntimeError, match="needs a transaction"):
        with pause.paused():
            pass
