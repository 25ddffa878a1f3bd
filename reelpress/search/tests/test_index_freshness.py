"""The index follows every change of a row a document reads, whatever made it (issue 13, finding 5)."""

import pytest

from reelpress.catalog.models import Credit, Person, Release
from reelpress.reviews.models import Author, Review, Tag
from reelpress.search import index, search
from reelpress.search.backends import backend_for


def facet(results, name):
    return {v.slug: (v.label, v.count) for g in results.facets if g.name == name for v in g.values}


def retired() -> int:
    return backend_for().health()["retired"]


@pytest.fixture
def counted(monkeypatch):
    """Every index write: the review ids of each ``index.refresh`` call."""
    calls = []
    real = index.refresh

    def spy(review_ids):
        calls.append(sorted(set(review_ids)))
        return real(review_ids)

    monkeypatch.setattr(index, "refresh", spy)
    return calls


def test_renaming_an_author_finds_the_new_name_not_the_old_one(stored):
    review = stored(reviewer="Ada Critic")
    author = Author.objects.get(pk=review.author_id)

    author.name = "Beatrix Quill"
    author.save()

    assert search("quill").total == 1
    assert search("ada").total == 0
    assert facet(search(""), "author")[author.slug] == ("Beatrix Quill", 1)


def test_renaming_a_tag_finds_the_new_name_not_the_old_one(stored):
    stored(tags=["Creature feature"])
    tag = Tag.objects.get()

    tag.name = "Atomic monsters"
    tag.save()

    assert search("atomic").total == 1
    assert search("creature").total == 0


def test_deleting_an_edition_takes_its_format_and_label_out_of_the_index(stored):
    review = stored(disc_format="Blu-ray", label="Warner Archive Collection")
    assert search("", {"format": "blu-ray"}).total == 1

    Release.objects.get(pk=review.release_id).delete()

    assert search("", {"format": "blu-ray"}).total == 0
    assert search("", {"label": "warner-archive-collection"}).total == 0
    assert search("warner").total == 0
    assert search("them").total == 1
    assert facet(search(""), "format") == {}


def test_renaming_a_person_finds_their_films_reviews_by_the_new_name(stored):
    stored(title="Them!", year=1954, directors=["Gordon Douglas"])
    stored(title="Them!", year=1954, slug="them-again", reviewer="Bo Viewer", directors=["Gordon Douglas"])
    stored(title="Young at Heart", year=1954, directors=["Gordon Douglas"], disc_format="DVD")
    douglas = Person.objects.get(name="Gordon Douglas")

    douglas.name = "Gordon M. Douglas"
    douglas.slug = "gordon-m-douglas"
    douglas.save()

    assert search("director:gordon m douglas").total == 3
    assert set(facet(search(""), "director")) == {"gordon-m-douglas"}


def test_an_orm_change_with_no_desk_or_store_stays_fresh(stored):
    review = stored(title="Them!", cast=["James Whitmore"])
    whitmore = Person.objects.get(name="James Whitmore")
    film = review.film

    Credit.objects.create(
        film=film, person=Person.objects.create(name="Onslow Stevens", slug="onslow"), order=9
    )
    film.alternate_titles.create(title="Formicula")
    Review.objects.get(pk=review.pk).tags.add(Tag.objects.create(name="Formicidae", slug="formicidae"))
    Credit.objects.filter(person=whitmore).get().delete()

    assert search("onslow").total == 1
    assert search("formicula").total == 1
    assert search("formicidae").total == 1
    assert search("whitmore").total == 0

    Tag.objects.get(slug="formicidae").delete()
    assert search("formicidae").total == 0
    Review.objects.get(pk=review.pk).delete()
    assert search("them").total == 0


def test_moving_a_credit_to_another_film_rewrites_both_films_reviews(stored):
    stored(title="Them!", cast=["James Whitmore"])
    stored(title="Young at Heart", slug="young", cast=["Doris Day"], disc_format="DVD")
    credit = Credit.objects.get(person__name="James Whitmore")

    credit.film = Review.objects.get(slug="young").film
    credit.save()

    assert [h.slug for h in search("whitmore").hits] == ["young"]


def test_saving_one_review_rewrites_only_that_review(stored, counted):
    reviews = [stored(slug=f"them-{n}", reviewer=f"Critic {n}") for n in range(5)]
    counted.clear()
    before = retired()

    for n in range(20):
        review = Review.objects.get(pk=reviews[0].pk)
        review.blurb = f"Edit number {n}."
        review.save()

    assert counted == [[reviews[0].pk]] * 20
    if backend_for().keeps_tombstones:
        assert retired() - before == 20  # one entry replaced per save, none for the film's other reviews


def test_a_store_save_writes_the_index_once_and_only_the_entry_that_changed(stored, make_record, counted):
    from reelpress.ingest.store import save

    stored(slug="them-0")
    stored(slug="them-1", reviewer="Bo Viewer")
    counted.clear()
    before = retired()

    record = make_record(slug="them-0", blurb="A new blurb for one review.")
    save(record)

    assert len(counted) == 1  # one write for the whole save, not one per changed row
    if backend_for().keeps_tombstones:
        assert retired() - before == 1


def test_an_import_of_200_pages_writes_the_index_a_bounded_number_of_times(db, make_record, counted):
    from reelpress.ingest.importers.batch import run
    from reelpress.ingest.importers.items import Item

    items = [
        Item(f"page {n}", record=make_record(title=f"Film {n}", slug=f"film-{n}", tags=["Noir"]))
        for n in range(200)
    ]

    summary = run(items, batch_size=50)

    assert summary.counts["created"] == 200
    assert len(counted) == 4  # one write per batch of 50
    assert sum(len(ids) for ids in counted) == 200
    assert search("", {"format": "blu-ray"}).total == 200


def test_a_suspended_load_writes_nothing_until_it_is_indexed(stored):
    from reelpress.search.signals import suspended

    with suspended():
        review = stored(title="Spacewalker", slug="spacewalker")

    assert search("spacewalker").total == 0
    index.refresh([review.pk])  # what the rebuild after such a load does for every review
    assert search("spacewalker").total == 1
