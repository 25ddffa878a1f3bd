"""`reelpress reindex` rebuilds the index from the reviews and says what it did."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from reelpress.search import search

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
