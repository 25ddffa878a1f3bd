"""The real extractor's doubts reach the desk: a page it is unsure of waits as a draft with its reasons."""

import pytest

from reelpress.ingest.models import ImportedPage
from reelpress.ingest.tests.import_helpers import run_command
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_a_page_whose_title_comes_only_from_its_url_waits_for_an_editor(tmp_path):
    # No heading names the film; only the URL does. Our own words.
    (tmp_path / "ferry.txt").write_text(
        "# source: https://old.example.net/reviews/the-lantern-ferry/\n\n"
        "Director: Mirela Vasquez\n"
        "Starring: Otto Brandt, June Achebe\n\n"
        "a slow and patient picture about a river crossing at night; the disc is clean and the "
        "mono track is clear, and the commentary by the restorer is worth an evening of its own.\n"
    )
    result = run_command("import", "pages", str(tmp_path))

    assert result.ok, result.text
    review = Review.objects.get()
    assert review.status == Review.Status.DRAFT
    assert review.film.title == "The Lantern Ferry"
    row = ImportedPage.objects.get(review=review)
    assert row.status == ImportedPage.Status.NEEDS_LOOK
    assert "title taken from the URL only" in row.reasons
    assert row.evidence["title"]["via"] == "url slug"
    assert row.evidence["directors"]["from"] == "Director: Mirela Vasquez"
    assert "need a look" in result.text


def test_a_page_sure_of_its_film_is_published(tmp_path):
    (tmp_path / "harbor.txt").write_text(
        "# source: https://old.example.net/reviews/harbor-lights-1951/\n\n"
        "Harbor Lights (1951)\n"
        "Director: Ruth Okafor\n\n"
        "Harbor Lights is the kind of dockside melodrama that studios made by the dozen, but this one "
        "has a real feel for rain and rope. The new Blu-ray is sharp and Harbor Lights never looked better.\n"
    )
    result = run_command("import", "pages", str(tmp_path))

    assert result.ok, result.text
    review = Review.objects.get()
    assert review.film.title == "Harbor Lights" and review.film.year == 1951
    assert review.status == Review.Status.PUBLISHED
    assert ImportedPage.objects.get(review=review).reasons == []


def test_a_page_imported_again_after_its_review_was_deleted_reuses_its_row(tmp_path):
    page = tmp_path / "harbor.txt"
    page.write_text(
        "# source: https://old.example.net/reviews/harbor-lights-1951/\n\n"
        "Harbor Lights (1951)\nDirector: Ruth Okafor\n\n"
        "Harbor Lights is a dockside melodrama with a real feel for rain and rope, and the new disc "
        "is sharp enough that Harbor Lights looks better than it ever did on television.\n"
    )
    assert run_command("import", "pages", str(page)).ok
    first = ImportedPage.objects.get()
    Review.objects.all().delete()
    assert ImportedPage.objects.get().review is None  # the row outlives its review

    result = run_command("import", "pages", str(page))

    assert result.ok, result.text
    row = ImportedPage.objects.get()  # still one row: the same one, pointing at the new review
    assert row.pk == first.pk
    assert row.review == Review.objects.get()
