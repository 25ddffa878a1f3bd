"""`reelpress export csv`: one row per review for spreadsheets."""

import csv
import io

import pytest

from reelpress.ingest.exporters.csv_export import COLUMNS
from reelpress.ingest.tests.import_helpers import run_command

pytestmark = pytest.mark.django_db


def rows(*args) -> list[dict[str, str]]:
    result = run_command("export", "csv", *args)
    assert result.ok, result.text
    return list(csv.DictReader(io.StringIO(result.out, newline="")))


def test_each_review_is_one_row_with_a_column_per_record_field(stored):
    stored()
    stored(title="The Shootist", year=1976, slug="shootist")

    table = rows()

    assert len(table) == 2
    assert list(table[0]) == COLUMNS
    assert [r["slug"] for r in table] == sorted(r["slug"] for r in table)


def test_lists_are_joined_with_semicolons_and_mappings_written_key_colon_value(stored):
    stored(
        cast=["James Whitmore", "Edmund Gwenn"],
        other_credits={"Art Direction": ["Stanley Fleischer", "Roy Moore"]},
        ratings={"Movie": "Excellent", "Video": "Very Good"},
        extras_subtitled=False,
    )

    row = rows()[0]

    assert row["cast"] == "James Whitmore; Edmund Gwenn"
    assert row["ratings"] == "Movie: Excellent; Video: Very Good"
    assert row["other_credits"] == "Art Direction: Stanley Fleischer, Roy Moore"
    assert row["extras_subtitled"] == "no"
    assert row["year"] == "1954"
    assert row["original_title"] == ""


def test_a_cell_that_looks_like_a_formula_is_kept_as_text(stored):
    stored(blurb='=HYPERLINK("https://evil.example","click")', verdict="+1 Recommended")

    row = rows()[0]

    assert row["blurb"] == '\'=HYPERLINK("https://evil.example","click")'
    assert row["verdict"] == "'+1 Recommended"


def test_a_byte_order_mark_is_added_for_excel_on_request(stored, tmp_path):
    stored()
    path = tmp_path / "reviews.csv"

    assert run_command("export", "csv", "--bom", "-o", str(path)).ok

    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbftitle,")
    assert data.count(b"\r\n") == 2  # header and one row, with the CSV standard's line ends
