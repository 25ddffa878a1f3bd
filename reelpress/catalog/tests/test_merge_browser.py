"""An editor merges two imports of one film in a real browser (Chromium); the old page then redirects."""

import pytest

from reelpress.catalog.models import Film
from reelpress.ingest.models import ImportedPage
from reelpress.ingest.tests.import_helpers import run_command
from reelpress.reviews.models import Review

# Two pages of our own about the same film, spelled two ways, as an old archive would have them.
SHORT = """# source: https://old.example.net/reviews/nosferatu.html

Nosferatu

by Hal Penrose

Title: Nosferatu
Year: 1922
Director: F. W. Murnau
Starring: Max Schreck, Greta Schröder
Label: Kino Lorber
Format: Blu-ray

A shadow climbs the stairs and the whole of horror cinema follows it up.
"""
LONG = """# source: https://old.example.net/reviews/nosferatu-a-symphony-of-horror.html

Nosferatu: A Symphony of Horror

by Hal Penrose

Title: Nosferatu: A Symphony of Horror
Year: 1922
Director: F. W. Murnau
Starring: Max Schreck, Gustav von Wangenheim
Label: Eureka
Format: Blu-ray

The tinting is back, and the count's fingers look longer than ever against the blue night.
"""


@pytest.mark.django_db(transaction=True)
def test_an_editor_merges_two_spellings_of_a_film_and_the_old_page_redirects(
    live_server, page, editor, tmp_path, artifacts
):
    (tmp_path / "nosferatu.txt").write_text(SHORT)
    (tmp_path / "symphony.txt").write_text(LONG)
    result = run_command("import", "pages", str(tmp_path))
    assert result.ok, result.text
    short = Review.objects.get(source_url__endswith="/nosferatu.html").film
    long = Review.objects.get(source_url__endswith="/nosferatu-a-symphony-of-horror.html").film
    assert short != long and Film.objects.count() == 2
    old_url = long.get_absolute_url()
    assert ImportedPage.objects.count() == 2

    page.goto(live_server.url + "/admin/login/?next=/admin/ingest/importedpage/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-pass-123")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/ingest/importedpage/")
    assert page.locator("#result_list tbody tr").count() == 2  # one row per imported page

    page.goto(live_server.url + "/admin/catalog/film/")
    page.check(f"input[name=_selected_action][value='{short.pk}']")
    page.check(f"input[name=_selected_action][value='{long.pk}']")
    page.select_option("select[name=action]", "merge_selected")
    page.click("button[name=index]")
    page.get_by_text("Pick the one that stays").wait_for()
    page.check(f"#survivor-{short.pk}")
    page.screenshot(path=str(artifacts / "admin-merge-films.png"), full_page=True)
    page.click("input[value='Yes, merge them']")
    page.wait_for_url(f"**/admin/catalog/film/{short.pk}/change/")
    assert f"Merged {long} into {short}" in page.inner_text(".messagelist")

    response = page.goto(live_server.url + old_url)
    assert page.url == live_server.url + short.get_absolute_url()
    assert response.request.redirected_from is not None
    assert response.request.redirected_from.url == live_server.url + old_url
    assert set(Review.objects.values_list("film", flat=True)) == {short.pk}
    assert short.title in page.locator("h1").first.inner_text()
