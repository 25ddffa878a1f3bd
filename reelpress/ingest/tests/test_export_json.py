"""`reelpress export json`: every review as records, stable, and lossless through `import json`."""

import json

import pytest
from django.core.management import call_command

from reelpress.ingest.tests.import_helpers import (
    WXR,
    cinesavant_page,
    letterboxd_zip,
    run_command,
    summary_count,
)
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(stored, future, tmp_path):
    """A site with reviews from every way in: the one path, pages, WordPress and Letterboxd."""
    stored(
        original_title="Them! (Formiche giganti)",
        alternate_titles=["Formicula", "Des monstres attaquent la ville"],
        characters={"James Whitmore": "Sgt. Ben Peterson", "Edmund Gwenn": "Dr. Harold Medford"},
        other_credits={"Art Direction": ["Stanley Fleischer"], "Special Effects": ["Ralph Ayres"]},
        audio=["English DTS-HD Master Audio 1.0", "French Dolby Digital 1.0"],
        subtitles=["English", "French", "Spanish"],
        extras_subtitled=True,
        tags=["Monsters", "1950s"],
        thanks="Thanks to Gary Teetzel",
        copyright="Copyright 2026 Ada Critic",
    )
    stored(
        title="Tarantula", year=1955, disc_format="DVD", slug="tarantula", status="draft", tags=["Monsters"]
    )
    stored(title="The Shootist", year=1976, slug="shootist", published_at=future, status="scheduled")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "days.txt").write_text(
        cinesavant_page(
            "Days of Heaven", year=1978, cinematographer="Néstor Almendros", source="https://x.org/d/"
        )
    )
    assert run_command("import", "pages", str(pages)).ok
    assert run_command("import", "wordpress", str(WXR)).ok
    assert run_command("import", "letterboxd", str(letterboxd_zip(tmp_path / "lb.zip"))).ok


def export_bytes(tmp_path, name: str) -> bytes:
    path = tmp_path / name
    assert run_command("export", "json", "-o", str(path)).ok
    return path.read_bytes()


def test_export_then_import_into_an_empty_site_then_export_gives_the_same_bytes(
    transactional_db, site, tmp_path
):
    # transactional_db: flush empties real tables (PostgreSQL refuses TRUNCATE inside a test transaction).
    first = export_bytes(tmp_path, "first.json")
    count = Review.objects.count()

    call_command("flush", interactive=False, verbosity=0)
    assert Review.objects.count() == 0
    result = run_command("import", "json", str(tmp_path / "first.json"))
    second = export_bytes(tmp_path, "second.json")

    assert result.ok, result.text
    assert summary_count(result.out, "created") == count
    assert second == first


def test_the_export_is_a_list_of_complete_records_in_slug_order(site, tmp_path):
    records = json.loads(export_bytes(tmp_path, "export.json"))

    assert [r["slug"] for r in records] == sorted(r["slug"] for r in records)
    them = next(r for r in records if r["alternate_titles"])
    assert them["characters"] == {"James Whitmore": "Sgt. Ben Peterson", "Edmund Gwenn": "Dr. Harold Medford"}
    assert them["other_credits"] == {
        "Art Direction": ["Stanley Fleischer"],
        "Special Effects": ["Ralph Ayres"],
    }
    assert {r["status"] for r in records} == {"published", "draft", "scheduled"}


def test_exporting_twice_gives_the_same_bytes(site, tmp_path):
    assert export_bytes(tmp_path, "a.json") == export_bytes(tmp_path, "b.json")


def test_an_empty_site_exports_an_empty_list(tmp_path):
    assert json.loads(export_bytes(tmp_path, "empty.json")) == []


def test_export_writes_to_standard_output_without_a_file():
    result = run_command("export", "json")

    assert result.ok and json.loads(result.out) == []


def test_reimporting_an_export_into_the_same_site_creates_nothing(site, tmp_path):
    export_bytes(tmp_path, "export.json")
    count = Review.objects.count()

    result = run_command("import", "json", str(tmp_path / "export.json"))
    again = run_command("import", "json", str(tmp_path / "export.json"))

    assert result.ok and again.ok
    assert Review.objects.count() == count
    assert summary_count(again.out, "unchanged") == count
