"""Search schema migrations that carry data: an upgraded site searches as before without a rebuild."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone

from reelpress.search import suggest
from reelpress.search.backends import backend_for
from reelpress.search.documents import now_key
from reelpress.search.query import parse

pytestmark = pytest.mark.django_db

tier_migration = importlib.import_module("reelpress.search.migrations.0003_sqlite_tier_indexes")


def _tier_hits(tier, text, filters=None):
    rows = backend_for().scan(parse(text), filters or {}, 50, now_key(timezone.now()), tier=tier)
    return sorted(row.review_id for row in rows)


def test_tier_indexes_are_filled_from_the_document_table(stored):
    night = stored(
        title="Night Harbor",
        headline="Night Harbor",
        year=1950,
        directors=["Ann Older"],
        cast=["Walter Night"],
        label="Criterion",
        disc_format="Blu-ray",
    )
    them = stored(disc_format="DVD", label="Warner Archive Collection")
    expected = {
        ("title", "night"): _tier_hits("title", "night"),
        ("people", "night"): _tier_hits("people", "night"),
        ("people", "older"): _tier_hits("people", "older"),
        ("facts", "criterion"): _tier_hits("facts", "criterion"),
        ("facts", "warner", "dvd"): _tier_hits("facts", "warner", {"format": ["dvd"]}),
        ("facts", "warner", "bluray"): _tier_hits("facts", "warner", {"format": ["blu-ray"]}),
    }
    assert expected[("title", "night")] == [night.pk]
    assert expected[("people", "older")] == [night.pk]
    assert expected[("facts", "warner", "dvd")] == [them.pk]
    assert expected[("facts", "warner", "bluray")] == []
    before = suggest("wal")
    assert any(item["label"] == "Walter Night" for item in before)

    if connection.vendor == "sqlite":  # an index written by an earlier version: no tier tables
        with connection.cursor() as cursor:
            for table in ("search_tier_title", "search_tier_people", "search_tier_facts"):
                cursor.execute(f"DROP TABLE {table}")
    tier_migration.tier_indexes(None, SimpleNamespace(connection=connection))

    after = {
        key: _tier_hits(key[0], key[1], {"format": [key[2]]} if len(key) > 2 else None) for key in expected
    }
    assert after == expected
    assert suggest("wal") == before
