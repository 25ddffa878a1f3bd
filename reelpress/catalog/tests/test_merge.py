"""Merging duplicate films, people and labels: everything moves, old pages redirect, imports follow."""

import pytest

from reelpress.catalog.merge import MergeError, merge_films, merge_labels, merge_people
from reelpress.catalog.models import AlternateTitle, Credit, Film, Label, MergedKey, Person, Release
from reelpress.ingest.store import save
from reelpress.reviews.models import Review
from reelpress.reviews.tests.admin_personas import critic_fixture  # noqa: F401 - fixture
from reelpress.search import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(make_record):
    """One film imported twice under two spellings, with two spellings of its label and director."""
    short = save(
        make_record(
            title="Nosferatu",
            year=1922,
            directors=["F. W. Murnau"],
            cast=["Max Schreck", "Greta Schröder"],
            label="Criterion",
            disc_format="Blu-ray",
            street_date="2013-10-01",
            source_url="https://old.example.net/nosferatu.html",
            headline="Nosferatu",
            body="A shadow on the stair.",
        )
    ).review
    long = save(
        make_record(
            title="Nosferatu: A Symphony of Horror",
            year=1922,
            directors=["Friedrich Wilhelm Murnau"],
            cast=["Max Schreck", "Gustav von Wangenheim"],
            label="The Criterion Collection",
            disc_format="Blu-ray",
            street_date="2013-10-01",
            source_url="https://old.example.net/nosferatu-symphony.html",
            headline="A symphony of horror",
            body="Schreck never blinks.",
            original_title="Nosferatu, eine Symphonie des Grauens",
        )
    ).review
    return short, long


def test_merging_films_moves_credits_editions_reviews_and_titles(twins):
    short, long = twins
    survivor, loser = short.film, long.film

    report = merge_films(survivor, [loser])

    assert not Film.objects.filter(pk=loser.pk).exists()
    assert set(Review.objects.values_list("film_id", flat=True)) == {survivor.pk}
    survivor.refresh_from_db()
    assert survivor.original_title == "Nosferatu, eine Symphonie des Grauens"
    assert list(survivor.alternate_titles.values_list("title", flat=True)) == [
        "Nosferatu: A Symphony of Horror"
    ]
    cast = list(survivor.credits.filter(role="cast").values_list("person__name", flat=True))
    assert cast == ["Max Schreck", "Greta Schröder", "Gustav von Wangenheim"]  # Schreck once
    assert Release.objects.filter(film=survivor).count() == 2  # two labels, so two editions
    assert report.moved["reviews"] == 1 and "Nosferatu: A Symphony of Horror" in report.summary()


def test_the_merged_films_url_answers_301_to_the_survivor(client, twins):
    short, long = twins
    old = long.film.get_absolute_url()

    merge_films(short.film, [long.film])

    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == short.film.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_re_importing_the_merged_films_page_attaches_to_the_survivor(twins, make_record):
    short, long = twins
    merge_films(short.film, [long.film])

    # The same page with a changed rating, and a new page under the merged spelling.
    again = save(
        make_record(
            title="Nosferatu: A Symphony of Horror",
            year=1922,
            label="The Criterion Collection",
            source_url="https://old.example.net/nosferatu-symphony.html",
            ratings={"Movie": "Good"},
        )
    )
    new = save(
        make_record(
            title="Nosferatu: A Symphony of Horror",
            year=1922,
            disc_format="DVD",
            label="Kino",
            source_url="https://another.example.net/nosferatu-dvd.html",
        )
    )

    assert again.action == "updated" and again.review.pk == long.pk
    assert again.review.film == short.film and new.review.film == short.film
    assert Film.objects.count() == 1
    assert Film.objects.get().title == "Nosferatu"  # the survivor keeps its title
    assert AlternateTitle.objects.filter(title="Nosferatu: A Symphony of Horror").count() == 1


def test_search_finds_the_film_under_the_survivor_only(twins):
    short, long = twins
    merge_films(short.film, [long.film])

    # The merged title is now an alternate title of the survivor: it finds the survivor's reviews.
    for query in ("symphony", "nosferatu", '"symphony of horror"'):
        hits = search(query).hits
        assert sorted(hit.review_id for hit in hits) == sorted([short.pk, long.pk]), query
        assert {(hit.film_id, hit.title) for hit in hits} == {(short.film_id, "Nosferatu")}, query


def test_merging_people_keeps_one_credit_per_film_and_role(client, twins, make_record):
    short, _long = twins
    murnau = Person.objects.get(name="F. W. Murnau")
    typo = Person.objects.get(name="Friedrich Wilhelm Murnau")
    # Both spellings credited on the same film and role: credit_unique must hold after the merge.
    Credit.objects.create(film=short.film, person=typo, role="director", order=1)
    old = typo.get_absolute_url()

    merge_people(murnau, [typo])

    assert not Person.objects.filter(pk=typo.pk).exists()
    assert Credit.objects.filter(person=murnau, role="director").count() == 2  # two films
    assert Credit.objects.filter(film=short.film, person=murnau, role="director").count() == 1
    assert client.get(old)["Location"] == murnau.get_absolute_url()
    again = save(
        make_record(title="Sunrise", year=1927, directors=["Friedrich Wilhelm Murnau"], source_url=None)
    )
    directors = again.review.film.credits.filter(role="director").values_list("person", flat=True)
    assert list(directors) == [murnau.pk]


def test_merging_labels_folds_editions_with_the_same_key_and_redirects(client, twins, make_record):
    short, long = twins
    merge_films(short.film, [long.film])
    criterion = Label.objects.get(name="The Criterion Collection")
    short_name = Label.objects.get(name="Criterion")
    old = short_name.get_absolute_url()
    old_edition = short.release.get_absolute_url()

    merge_labels(criterion, [short_name])

    assert list(Label.objects.values_list("name", flat=True)) == ["The Criterion Collection"]
    edition = Release.objects.get()
    assert set(Review.objects.values_list("release", flat=True)) == {edition.pk}
    assert client.get(old)["Location"] == criterion.get_absolute_url()
    assert client.get(old_edition)["Location"] == edition.get_absolute_url()
    again = save(make_record(title="Vampyr", year=1932, label="Criterion", source_url=None))
    assert again.review.release.label == criterion
    assert [facet.values for facet in search("").facets if facet.name == "label"][0][0].slug == criterion.slug


def test_merging_into_itself_alone_is_refused(twins):
    short, _long = twins
    with pytest.raises(MergeError):
        merge_films(short.film, [short.film])


def test_a_chain_of_merges_leads_to_the_last_survivor(client, twins, make_record):
    short, long = twins
    third = save(make_record(title="Nosferatu the Vampire", year=1922, source_url=None)).review.film
    merge_films(long.film, [third])
    merge_films(short.film, [long.film])

    assert set(MergedKey.objects.values_list("film", flat=True)) == {short.film_id}
    assert client.get("/films/nosferatu-the-vampire-1922/")["Location"] == short.film.get_absolute_url()


# --- the desk ----------------------------------------------------------------------------------


def test_the_merge_action_asks_for_the_survivor_then_merges(client, editor, twins):
    short, long = twins
    client.force_login(editor)
    chosen = {"action": "merge_selected", "_selected_action": [short.film_id, long.film_id]}

    asked = client.post("/admin/catalog/film/", chosen)
    done = client.post("/admin/catalog/film/", {**chosen, "post": "yes", "survivor": long.film_id})

    assert asked.status_code == 200 and "Pick the one that stays" in asked.text
    assert done.status_code == 302 and done["Location"] == f"/admin/catalog/film/{long.film_id}/change/"
    assert list(Film.objects.values_list("pk", flat=True)) == [long.film_id]


def test_a_critic_cannot_merge(client, critic, twins):
    short, long = twins
    client.force_login(critic)

    client.post(
        "/admin/catalog/film/",
        {"action": "merge_selected", "_selected_action": [short.film_id, long.film_id], "post": "yes",
         "survivor": short.film_id},
    )  # fmt: skip

    assert Film.objects.count() == 2
