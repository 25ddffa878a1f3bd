"""The import queue: one row per imported page, drafts for guesses, an editor corrects and accepts."""

import pytest
from django.test import Client

from reelpress.catalog.models import Film
from reelpress.ingest.importers import pages
from reelpress.ingest.models import ImportedPage
from reelpress.ingest.tests.import_helpers import run_command, summary_count
from reelpress.reviews.models import Review
from reelpress.reviews.tests.admin_personas import PASSWORD, critic_fixture, make_critic  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "https://old.example.net/reviews/vampyr-review.html"


def labelled_page(title="Vampyr Review", year=None, director="Carl Theodor Dreyer", extra=""):
    """A short legacy page in plain labelled lines (our own words)."""
    lines = [f"# source: {URL}", "", title, "", "by Hal Penrose", ""]
    if year:
        lines.append(f"Year: {year}")
    lines += [
        f"Director: {director}",
        "Label: Eureka",
        "Format: Blu-ray",
        "",
        "Fog lies on the river and a man dreams his own burial; the restoration keeps the grain.",
        extra,
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def extractor_says(monkeypatch):
    """Pin the extractor's evidence and reasons for every page (and any field, as its guess), so a
    test states the case it checks; the real extractor's own are tested in test_import_real_guesses."""
    said = {"evidence": {}, "needs_review": []}  # and any field to override, as the extractor's guess

    real = pages.extract_fields

    def extract(data, filename, site=None):
        fields = real(data, filename, site)
        fields.update({key: value for key, value in said.items() if value is not None})
        return fields

    monkeypatch.setattr(pages, "extract_fields", extract)
    return said


GUESSED = {
    "title": "Vampyr Review Html",  # what a URL-slug guess looks like
    "needs_review": ["title taken from the URL only", "no year found"],
    "evidence": {
        "title": {"value": "Vampyr Review Html", "from": URL, "via": "url slug", "confidence": 0.3},
        "directors": {
            "value": ["Carl Theodor Dreyer"],
            "from": "Director: Carl Theodor Dreyer",
            "via": "label Director:",
            "confidence": 0.95,
        },
    },
}


@pytest.fixture
def guessed_page(tmp_path, extractor_says):
    extractor_says.update(GUESSED)
    path = tmp_path / "vampyr.txt"
    path.write_text(labelled_page())
    return path


def test_each_imported_page_gets_one_row_with_its_text_fields_and_evidence(guessed_page):
    result = run_command("import", "pages", str(guessed_page))

    assert result.ok, result.text
    row = ImportedPage.objects.get()
    review = Review.objects.get()
    assert row.review == review
    assert row.source == str(guessed_page)
    assert row.source_url == URL
    assert "Fog lies on the river" in row.text
    assert row.recovered["title"] == "Vampyr Review Html"
    assert row.evidence["title"]["via"] == "url slug"
    assert row.evidence["title"]["confidence"] == 0.3
    assert row.reasons == GUESSED["needs_review"]
    assert row.status == ImportedPage.Status.NEEDS_LOOK


def test_a_page_with_reasons_is_stored_as_a_draft_and_the_summary_points_at_the_queue(guessed_page):
    result = run_command("import", "pages", str(guessed_page))

    assert Review.objects.get().status == "draft"
    assert "1 review(s) need a look" in result.out
    assert "/admin/ingest/importedpage/?status__exact=needs_look" in result.out


def test_a_confident_page_is_published_and_its_row_says_confident(tmp_path, extractor_says):
    path = tmp_path / "vampyr.txt"
    path.write_text(labelled_page(title="Vampyr", year=1932))

    result = run_command("import", "pages", str(path))

    assert result.ok, result.text
    assert Review.objects.get().status == "published"
    assert ImportedPage.objects.get().status == ImportedPage.Status.CONFIDENT
    assert "need a look" not in result.out


def test_re_importing_a_page_updates_its_row_and_never_duplicates_it(guessed_page):
    run_command("import", "pages", str(guessed_page))
    first = ImportedPage.objects.get()
    guessed_page.write_text(labelled_page(extra="A second paragraph, added later."))

    result = run_command("import", "pages", str(guessed_page))

    assert result.ok, result.text
    row = ImportedPage.objects.get()
    assert row.pk == first.pk
    assert "A second paragraph, added later." in row.text
    assert Review.objects.count() == 1


def test_a_dry_run_leaves_no_row(guessed_page):
    result = run_command("import", "pages", str(guessed_page), dry_run=True)

    assert "would need a look" in result.out
    assert not ImportedPage.objects.exists()
    assert not Review.objects.exists()


def test_the_stored_page_text_is_capped(tmp_path, extractor_says):
    path = tmp_path / "long.txt"
    path.write_text(labelled_page(title="Vampyr", year=1932, extra="grain " * 50_000))

    run_command("import", "pages", str(path))

    row = ImportedPage.objects.get()
    assert row.text_cut and len(row.text) == 200_000


# --- the desk ----------------------------------------------------------------------------------


def accept_form(**changes):
    data = {
        "title": "Vampyr",
        "original_title": "Vampyr – Der Traum des Allan Gray",
        "alternate_titles": "",
        "year": "1932",
        "directors": "Carl Theodor Dreyer",
        "writers": "",
        "cast": "Julian West\nSybille Schmitz",
        "cinematographers": "Rudolph Maté",
        "composers": "",
        "runtime_minutes": "",
        "country": "",
        "language": "",
        "label": "Eureka",
        "disc_format": "Blu-ray",
        "street_date": "",
        "region": "",
        "spine_number": "",
        "headline": "Vampyr",
        "reviewer": "Hal Penrose",
        "review_date": "",
        "verdict": "",
        "publish": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_queue_lists_pages_that_need_a_look_and_shows_the_page_beside_its_evidence(
    client, editor, guessed_page
):
    run_command("import", "pages", str(guessed_page))
    row = ImportedPage.objects.get()
    client.force_login(editor)

    listing = client.get("/admin/ingest/importedpage/?status__exact=needs_look&q=vampyr")
    one = client.get(f"/admin/ingest/importedpage/{row.pk}/change/")

    assert listing.status_code == 200 and "Vampyr Review Html" in listing.text
    assert one.status_code == 200
    assert "Fog lies on the river" in one.text
    assert "title taken from the URL only" in one.text
    assert "Director: Carl Theodor Dreyer" in one.text and "30%" in one.text


def test_accepting_with_corrections_goes_through_store_save_and_publishes(
    client, editor, guessed_page, monkeypatch
):
    run_command("import", "pages", str(guessed_page))
    row = ImportedPage.objects.get()
    review = Review.objects.get()
    guessed_film = review.film
    from reelpress.ingest import queue

    saved = []
    real_save = queue.save
    monkeypatch.setattr(queue, "save", lambda record: saved.append(record) or real_save(record))
    client.force_login(editor)

    response = client.post(f"/admin/ingest/importedpage/{row.pk}/change/", accept_form(), follow=True)

    assert response.status_code == 200
    assert [record.title for record in saved] == ["Vampyr"]
    review.refresh_from_db()
    row.refresh_from_db()
    assert Review.objects.count() == 1 and review.source_url == URL
    assert review.status == "published"
    assert (review.film.title, review.film.year, review.film.original_title) == (
        "Vampyr",
        1932,
        "Vampyr – Der Traum des Allan Gray",
    )
    assert [c.person.name for c in review.film.credits.filter(role="cast")] == [
        "Julian West",
        "Sybille Schmitz",
    ]
    assert row.status == ImportedPage.Status.ACCEPTED and row.accepted_by == editor
    assert row.recovered["title"] == "Vampyr"
    assert "no reviews now" in response.text and str(guessed_film) in response.text
    assert client.get(review.get_absolute_url()).status_code == 200


def test_accepting_without_publish_keeps_the_review_a_draft(client, editor, guessed_page):
    run_command("import", "pages", str(guessed_page))
    row = ImportedPage.objects.get()
    client.force_login(editor)

    client.post(f"/admin/ingest/importedpage/{row.pk}/change/", accept_form(publish=None))

    assert Review.objects.get().status == "draft"
    row.refresh_from_db()
    assert row.status == ImportedPage.Status.ACCEPTED


def test_a_bad_correction_is_shown_on_the_form_and_nothing_is_stored(client, editor, guessed_page):
    run_command("import", "pages", str(guessed_page))
    row = ImportedPage.objects.get()
    client.force_login(editor)

    response = client.post(f"/admin/ingest/importedpage/{row.pk}/change/", accept_form(street_date="soon"))

    assert response.status_code == 200 and "street_date" in response.text
    row.refresh_from_db()
    assert row.status == ImportedPage.Status.NEEDS_LOOK
    assert Review.objects.get().film.title == "Vampyr Review Html"


def test_a_re_import_keeps_what_the_editor_accepted(client, editor, guessed_page):
    run_command("import", "pages", str(guessed_page))
    row = ImportedPage.objects.get()
    client.force_login(editor)
    client.post(f"/admin/ingest/importedpage/{row.pk}/change/", accept_form())

    again = run_command("import", "pages", str(guessed_page))
    guessed_page.write_text(labelled_page(extra="The page was edited after acceptance."))
    changed = run_command("import", "pages", str(guessed_page))

    assert summary_count(again.out, "unchanged") == 1
    review = Review.objects.get()
    assert (review.film.title, review.status) == ("Vampyr", "published")
    row.refresh_from_db()
    assert row.status == ImportedPage.Status.NEEDS_LOOK and "edited after acceptance" in row.text
    assert "1 review(s) need a look" in changed.out


def test_a_staff_user_without_the_review_change_permission_gets_403(guessed_page, django_user_model):
    run_command("import", "pages", str(guessed_page))
    row = ImportedPage.objects.get()
    clerk = django_user_model.objects.create_user("clerk", "clerk@example.org", PASSWORD, is_staff=True)
    client = Client()
    client.force_login(clerk)

    assert client.get("/admin/ingest/importedpage/").status_code == 403
    assert client.get(f"/admin/ingest/importedpage/{row.pk}/change/").status_code == 403
    assert client.post(f"/admin/ingest/importedpage/{row.pk}/change/", accept_form()).status_code == 403
    assert Review.objects.get().status == "draft"


def test_a_critic_gets_403_on_a_page_of_another_authors_review(guessed_page, critic):
    run_command("import", "pages", str(guessed_page))  # Hal Penrose's review, not Ada's
    row = ImportedPage.objects.get()
    client = Client()
    client.force_login(critic)

    assert client.get(f"/admin/ingest/importedpage/{row.pk}/change/").status_code == 403
    assert client.post(f"/admin/ingest/importedpage/{row.pk}/change/", accept_form()).status_code == 403
    assert "Vampyr Review Html" not in client.get("/admin/ingest/importedpage/").text


def test_a_critic_may_accept_a_page_of_their_own_review(tmp_path, extractor_says, django_user_model):
    extractor_says.update(GUESSED)
    critic = make_critic(django_user_model, "hal", "Hal Penrose")
    path = tmp_path / "vampyr.txt"
    path.write_text(labelled_page())
    run_command("import", "pages", str(path))
    row = ImportedPage.objects.get()
    client = Client()
    client.force_login(critic)

    response = client.post(
        f"/admin/ingest/importedpage/{row.pk}/change/", accept_form(reviewer="Someone Else")
    )

    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.film.title, review.author.name) == ("Vampyr", "Hal Penrose")


def test_accepting_needs_the_csrf_token(editor, guessed_page):
    run_command("import", "pages", str(guessed_page))
    row = ImportedPage.objects.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(f"/admin/ingest/importedpage/{row.pk}/change/", accept_form())

    assert response.status_code == 403
    assert Film.objects.get().title == "Vampyr Review Html"
