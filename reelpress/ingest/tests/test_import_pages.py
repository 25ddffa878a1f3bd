"""`reelpress import pages`: folders of legacy pages become reviews through the one path."""

import pytest

from reelpress.catalog.models import Film, Label, Person
from reelpress.ingest.tests.import_helpers import cinesavant_page, run_command, snapshot, summary_count
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(tmp_path):
    """A small archive: text and HTML pages in nested folders, and files that are not pages."""
    root = tmp_path / "archive"
    (root / "1999").mkdir(parents=True)
    (root / "2004" / "deep").mkdir(parents=True)
    (root / "them.txt").write_text(cinesavant_page("Them!", source="https://example.org/them/"))
    (root / "1999" / "shootist.TXT").write_text(
        cinesavant_page(
            "The Shootist",
            year=1976,
            label="Arrow Video",
            director="Don Siegel",
            cast=("John Wayne", "Lauren Bacall", "James Stewart"),
            cinematographer="Bruce Surtees",
            source="https://example.org/shootist/",
        )
    )
    page = cinesavant_page(
        "Days of Heaven",
        year=1978,
        label="The Criterion Collection",
        director="Terrence Malick",
        cast=("Richard Gere", "Brooke Adams"),
        cinematographer="Néstor Almendros",
        source="https://example.org/days/",
    )
    body = "".join(f"<p>{line}</p>\n" for line in page.splitlines()[2:] if line)
    (root / "2004" / "deep" / "days.html").write_text(
        "# source: https://example.org/days/\n"
        f"<!DOCTYPE html><html><head><title>Days of Heaven</title></head><body>{body}</body></html>"
    )
    (root / "notes.md").write_text("# not a page")
    (root / ".hidden.txt").write_text(cinesavant_page("Hidden", source="https://example.org/hidden/"))
    return root


def test_it_imports_every_page_in_nested_folders_and_ignores_other_files(archive):
    result = run_command("import", "pages", str(archive))

    assert result.ok, result.text
    assert set(Review.objects.values_list("source_url", flat=True)) == {
        "https://example.org/them/",
        "https://example.org/shootist/",
        "https://example.org/days/",
    }
    them = Review.objects.get(source_url="https://example.org/them/")
    assert them.film.title == "Them!" and them.film.year == 1954
    assert them.author.name == "Glenn Erickson"
    assert them.release.label.name == "Warner Archive Collection"
    assert "created" in result.out and "3" in result.out


def test_reimporting_the_same_pages_reports_everything_unchanged(archive):
    run_command("import", "pages", str(archive))
    before = snapshot()

    result = run_command("import", "pages", str(archive))

    assert result.ok, result.text
    assert snapshot() == before
    assert summary_count(result.out, "unchanged") == 3
    assert summary_count(result.out, "created") == 0
    assert summary_count(result.out, "updated") == 0


def test_a_dry_run_reports_what_would_change_and_stores_nothing(archive):
    before = snapshot()

    result = run_command("import", "pages", str(archive), "--dry-run")

    assert result.ok, result.text
    assert snapshot() == before
    assert "would be created" in result.out
    assert summary_count(result.out, "would be created") == 3
    assert "Dry run" in result.out


def test_a_changed_page_updates_its_review_in_place(archive):
    run_command("import", "pages", str(archive))
    (archive / "them.txt").write_text(
        cinesavant_page("Them!", source="https://example.org/them/", movie="Very Good")
    )

    result = run_command("import", "pages", str(archive))

    assert result.ok, result.text
    assert summary_count(result.out, "updated") == 1 and summary_count(result.out, "unchanged") == 2
    review = Review.objects.get(source_url="https://example.org/them/")
    assert review.ratings.get(axis="Movie").value == "Very Good"
    assert Review.objects.count() == 3


def test_people_and_labels_whose_names_fold_together_are_merged(tmp_path):
    (tmp_path / "a.txt").write_text(
        cinesavant_page(
            "Days of Heaven",
            year=1978,
            label="The Criterion Collection",
            cinematographer="Néstor Almendros",
            source="https://example.org/a/",
        )
    )
    (tmp_path / "b.txt").write_text(
        cinesavant_page(
            "The Wild Child",
            year=1970,
            label="the criterion collection",
            cinematographer="Nestor Almendros",
            source="https://example.org/b/",
        )
    )

    result = run_command("import", "pages", str(tmp_path))

    assert result.ok, result.text
    assert Person.objects.filter(name_key="nestor almendros").count() == 1
    assert Label.objects.filter(name_key="the criterion collection").count() == 1
    person = Person.objects.get(name_key="nestor almendros")
    assert {c.film.title for c in person.credits.all()} == {"Days of Heaven", "The Wild Child"}


def test_the_same_film_reviewed_on_two_pages_is_one_film(tmp_path):
    (tmp_path / "bd.txt").write_text(cinesavant_page("Them!", source="https://example.org/bd/"))
    (tmp_path / "dvd.txt").write_text(cinesavant_page("THEM!", disc="DVD", source="https://example.org/dvd/"))

    assert run_command("import", "pages", str(tmp_path)).ok

    assert Film.objects.count() == 1
    assert Review.objects.count() == 2


def test_two_pages_that_are_the_same_review_are_imported_once_with_a_reason(tmp_path):
    (tmp_path / "a.txt").write_text(cinesavant_page(source="https://example.org/same/"))
    (tmp_path / "b.txt").write_text(cinesavant_page(source="https://example.org/same/"))

    result = run_command("import", "pages", str(tmp_path))

    assert result.ok, result.text
    assert Review.objects.count() == 1
    assert "same review as" in result.out and "b.txt" in result.out


def test_author_option_names_the_reviewer_of_pages_that_name_none(tmp_path):
    (tmp_path / "anon.txt").write_text(cinesavant_page(reviewer=None, source="https://example.org/anon/"))
    (tmp_path / "signed.txt").write_text(
        cinesavant_page("The Shootist", year=1976, source="https://x.org/s/")
    )

    result = run_command("import", "pages", str(tmp_path), "--author", "Ada Critic")

    assert result.ok, result.text
    assert Review.objects.get(source_url="https://example.org/anon/").author.name == "Ada Critic"
    assert Review.objects.get(source_url="https://x.org/s/").author.name == "Glenn Erickson"


def test_a_page_in_windows_1252_imports_with_the_encoding_option(tmp_path):
    page = tmp_path / "old.txt"
    page.write_bytes(
        cinesavant_page("Café Society", year=1939, source="https://example.org/cafe/").encode("cp1252")
    )

    refused = run_command("import", "pages", str(page))
    accepted = run_command("import", "pages", str(page), "--encoding", "cp1252")

    assert not refused.ok
    assert accepted.ok, accepted.text
    assert Film.objects.get().title == "Café Society"


def test_pages_read_in_worker_processes_import_the_same_as_in_this_one(archive, monkeypatch):
    from reelpress.ingest.importers import pages

    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)  # use the worker pool even for a few pages
    (archive / "empty.txt").write_bytes(b"")

    result = run_command("import", "pages", str(archive), "--jobs", "2")

    assert not result.ok  # the empty page, reported from a worker like any other
    assert "empty.txt: the file is empty" in result.err
    assert summary_count(result.out, "created") == 3
    assert Review.objects.count() == 3
