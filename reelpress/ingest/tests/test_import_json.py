"""`reelpress import json`: records as `export json` writes them (or one, as `extract --json` prints)."""

import json

import pytest

from reelpress.catalog.models import Film
from reelpress.ingest.tests.import_helpers import run_command, summary_count
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


def write(tmp_path, data) -> str:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_a_list_of_records_is_stored_through_the_one_path(tmp_path, make_record):
    records = [make_record().to_dict(), make_record(title="Tarantula", year=1955).to_dict()]

    result = run_command("import", "json", write(tmp_path, records))

    assert result.ok, result.text
    assert summary_count(result.out, "created") == 2
    assert set(Film.objects.values_list("title", flat=True)) == {"Them!", "Tarantula"}


def test_a_single_record_object_is_accepted(tmp_path, make_record):
    result = run_command("import", "json", write(tmp_path, make_record().to_dict()))

    assert result.ok, result.text
    assert Review.objects.count() == 1


def test_unknown_keys_are_ignored_and_null_lists_mean_none(tmp_path):
    record = {"title": "Them!", "year": 1954, "cast": None, "ratings": None, "imdb_id": "tt0047573"}

    result = run_command("import", "json", write(tmp_path, [record]))

    assert result.ok, result.text
    assert Review.objects.get().film.title == "Them!"


def test_a_slug_written_loosely_is_stored_as_a_slug_and_found_again(tmp_path):
    path = write(tmp_path, [{"title": "Them!", "year": 1954, "slug": "My Them Review"}])

    first = run_command("import", "json", path)
    again = run_command("import", "json", path)

    assert first.ok and again.ok, first.text + again.text
    assert list(Review.objects.values_list("slug", flat=True)) == ["my-them-review"]
    assert summary_count(again.out, "unchanged") == 1


def test_slugs_that_collide_inside_one_batch_stay_unique(tmp_path):
    # "Dune" (1984) takes dune-1984; "Dune 1984" (no year) then gets dune-1984-2, which is
    # exactly the first choice of "Dune 1984 2": it must move on to a free slug.
    titles = [("Dune", 1984), ("Dune 1984", None), ("Dune 1984 2", None)]
    records = [
        {"title": t, "year": y, "source_url": f"https://example.org/{n}/"} for n, (t, y) in enumerate(titles)
    ]

    result = run_command("import", "json", write(tmp_path, records))

    assert result.ok, result.text
    slugs = list(Film.objects.order_by("id").values_list("slug", flat=True))
    assert slugs == ["dune-1984", "dune-1984-2", "dune-1984-2-2"]
    reviews = list(Review.objects.order_by("id").values_list("slug", flat=True))
    assert reviews == ["dune-1984", "dune-1984-2", "dune-1984-2-2"]


def test_the_author_option_names_the_reviewer_of_records_without_one(tmp_path, make_record):
    records = [make_record(reviewer=None).to_dict(), make_record(title="Tarantula", year=1955).to_dict()]

    assert run_command("import", "json", write(tmp_path, records), "--author", "Glenn Erickson").ok

    assert Review.objects.get(film__title="Them!").author.name == "Glenn Erickson"
    assert Review.objects.get(film__title="Tarantula").author.name == "Ada Critic"


def test_an_over_long_descriptive_field_is_cut_to_fit_with_a_note(tmp_path, make_record):
    record = make_record(region="Region A, B (C untested on our players)").to_dict()

    result = run_command("import", "json", write(tmp_path, [record]))

    assert result.ok, result.text
    assert len(Review.objects.get().release.region) == 20
    assert "region cut to 20 characters" in result.out
