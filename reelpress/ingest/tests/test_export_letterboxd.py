"""`reelpress export letterboxd`: published reviews in Letterboxd's import CSV format."""

import csv
import io

import pytest

from reelpress.ingest.exporters.letterboxd import COLUMNS, review_html, star_rating
from reelpress.ingest.tests.import_helpers import letterboxd_zip, run_command

pytestmark = pytest.mark.django_db


def rows() -> list[dict[str, str]]:
    result = run_command("export", "letterboxd")
    assert result.ok, result.text
    return list(csv.DictReader(io.StringIO(result.out, newline="")))


def test_it_writes_letterboxd_columns_for_published_reviews_only(stored, future):
    stored(review_date="2026-01-09", tags=["Monsters", "1950s"])
    stored(title="Tarantula", year=1955, slug="tarantula", status="draft")
    stored(title="The Shootist", year=1976, slug="shootist", status="scheduled", published_at=future)

    table = rows()

    assert len(table) == 1
    row = table[0]
    assert list(row) == COLUMNS
    assert (row["Title"], row["Year"], row["Directors"]) == ("Them!", "1954", "Gordon Douglas")
    assert row["Rating"] == "5"  # Movie: Excellent
    assert row["WatchedDate"] == "2026-01-09"
    assert row["Tags"] == "1950s, Monsters"
    assert row["Review"] == "A tight, <i>serious</i> monster picture.\n\nThe disc is sharp."


def test_ratings_convert_to_half_stars_from_the_movie_axis():
    assert star_rating({"Movie": "4.5 of 5", "Video": "Poor"}) == "4.5"
    assert star_rating({"Movie": "Very Good"}) == "4"
    assert star_rating({"Movie": "Good"}) == "3.5"
    assert star_rating({"Film/Program Grade": "B+"}) == "4.5"
    assert star_rating({"Movie": "Awful"}) == "0.5"
    assert star_rating({"Video": "Excellent", "Sound": "Good"}) == ""
    assert star_rating({}) == ""


def test_review_markup_is_limited_to_what_letterboxd_accepts():
    html = review_html("**Bold** and [a link](https://example.org).\n\n<script>alert(1)</script>\n\n> quoted")

    assert "<b>Bold</b>" in html
    assert '<a href="https://example.org">a link</a>' in html
    assert "<script>" not in html
    assert "<blockquote>" in html


def test_a_letterboxd_import_exports_the_same_ratings(tmp_path):
    assert run_command("import", "letterboxd", str(letterboxd_zip(tmp_path / "lb.zip"))).ok

    by_title = {r["Title"]: r for r in rows()}

    assert by_title["Them!"]["Rating"] == "4.5"
    assert by_title["The Shootist"]["Rating"] == "4"
    assert by_title["Nothing Sacred"]["Rating"] == ""
    assert by_title["Them!"]["WatchedDate"] == "2024-02-10"
