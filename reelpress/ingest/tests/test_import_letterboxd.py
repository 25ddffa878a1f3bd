"""`reelpress import letterboxd`: the export zip's reviews become reviews; bare ratings are skipped."""

import datetime as dt

import pytest

from reelpress.catalog.models import Film
from reelpress.ingest.importers.letterboxd import review_markdown
from reelpress.ingest.tests.import_helpers import letterboxd_zip, run_command, snapshot, summary_count
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(tmp_path):
    return letterboxd_zip(tmp_path / "letterboxd-adacritic-2024-03-06-10-00-utc.zip")


def test_reviews_become_reviews_with_star_ratings_dates_and_tags(export):
    result = run_command("import", "letterboxd", str(export))

    assert result.ok, result.text
    them = Review.objects.get(source_url="https://boxd.it/5aBcD1")
    assert them.film.title == "Them!" and them.film.year == 1954
    rating = them.ratings.get()
    assert (rating.axis, rating.value, rating.score) == ("Movie", "4.5 of 5", 90)
    assert them.review_date == dt.date(2024, 2, 10)  # Watched Date
    assert them.published_at == dt.datetime(2024, 2, 11, tzinfo=dt.UTC)  # Date
    assert [t.name for t in them.tags.all()] == ["monsters"]
    assert them.author.name == "Ada Critic"  # from profile.csv
    assert them.status == Review.Status.PUBLISHED
    shootist = Review.objects.get(source_url="https://boxd.it/5aBcD2")
    assert sorted(t.name for t in shootist.tags.all()) == ["farewells", "westerns"]


def test_review_html_becomes_markdown_paragraphs(export):
    run_command("import", "letterboxd", str(export))

    them = Review.objects.get(source_url="https://boxd.it/5aBcD1")
    assert them.body == (
        "Giant ants, and a film that takes them *seriously*.\n\nThe **Warner Archive** disc is sharp & clean."
    )
    assert review_markdown('See <a href="https://example.org/x">this</a>.<br/>Next') == (
        "See [this](https://example.org/x).\n\nNext"
    )


def test_a_review_without_stars_is_stored_without_a_rating(export):
    run_command("import", "letterboxd", str(export))

    assert not Review.objects.get(source_url="https://boxd.it/5aBcD3").ratings.exists()


def test_ratings_and_diary_entries_without_a_review_are_skipped_with_their_reason(export):
    result = run_command("import", "letterboxd", str(export))

    assert summary_count(result.out, "created") == 3
    assert summary_count(result.out, "skipped") == 2
    assert "ratings.csv line 4 (“It's a Wonderful Life” 1946): rated 5 of 5 but not reviewed" in result.out
    assert "diary.csv line 4 (“Days of Heaven” 1978)" in result.out
    assert not Film.objects.filter(title="It's a Wonderful Life").exists()


def test_films_are_matched_by_title_and_year(export, stored):
    existing = stored(title="Them!", year=1954).film

    run_command("import", "letterboxd", str(export))

    assert Review.objects.get(source_url="https://boxd.it/5aBcD1").film == existing
    assert Film.objects.filter(title_key="them").count() == 1


def test_reimporting_the_zip_changes_nothing(export):
    run_command("import", "letterboxd", str(export))
    before = snapshot()

    result = run_command("import", "letterboxd", str(export))

    assert result.ok, result.text
    assert snapshot() == before
    assert summary_count(result.out, "unchanged") == 3


def test_a_dry_run_stores_nothing(export):
    before = snapshot()

    result = run_command("import", "letterboxd", str(export), "--dry-run")

    assert result.ok, result.text
    assert snapshot() == before
    assert summary_count(result.out, "would be created") == 3


def test_the_author_option_overrides_the_profile_name(export):
    run_command("import", "letterboxd", str(export), "--author", "Glenn Erickson")

    assert {r.author.name for r in Review.objects.all()} == {"Glenn Erickson"}


def test_files_one_folder_down_are_accepted(tmp_path):
    from reelpress.ingest.tests.import_helpers import LETTERBOXD

    files = {f"letterboxd-adacritic/{p.name}": p.read_bytes() for p in LETTERBOXD.glob("*.csv")}
    files["letterboxd-adacritic/deleted/reviews.csv"] = b"Date,Name,Year,Letterboxd URI\n"
    export = letterboxd_zip(tmp_path / "rezipped.zip", files)

    result = run_command("import", "letterboxd", str(export))

    assert result.ok, result.text
    assert Review.objects.count() == 3
