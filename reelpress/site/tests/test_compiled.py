"""``lib.compiled.attach`` fills the same lists ``prefetch_related`` does, in one statement per
relation, whatever the owners have (nothing, one, many, shared), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from reelpress.catalog.models import Credit, Film, Release, attach_tracks
from reelpress.lib import compiled
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


def rows(objects) -> list[tuple]:
    """Every concrete field's value of each object, in order: what a page can read of them."""
    return [tuple(getattr(o, f.attname) for f in type(o)._meta.concrete_fields) for o in objects]


@pytest.fixture
def archive(stored):
    """Three reviews: one with every list full, one sharing a tag, one with every list empty."""
    full = stored(
        alternate_titles=["Les monstres attaquent", "Formiche giganti"],
        audio=["English DTS-HD MA 1.0", "English commentary", "French mono"],
        subtitles=["English SDH", "French", "German"],
        extras=["Trailer (2 min)", "Making of (26 min)", "Gallery"],
        tags=["ants", "atomic age", "desert"],
        writers=["Ted Sherdeman", "Russell Hughes"],
        characters={"James Whitmore": "Sgt. Ben Peterson", "Edmund Gwenn": "Dr. Harold Medford"},
    )
    shared = stored(
        title="The Thing from Another World",
        year=1951,
        headline="The Thing",
        directors=["Christian Nyby"],
        cast=["Kenneth Tobey", "Margaret Sheridan"],
        label="Criterion",
        tags=["desert", "arctic"],
    )
    bare = stored(
        title="Nothing Much",
        year=1999,
        headline="Nothing much",
        directors=[],
        cast=[],
        cinematographers=[],
        disc_format="DVD",
        label="Another Label",
        audio=[],
        subtitles=[],
        extras=[],
        tags=[],
        ratings={},
    )
    return [full, shared, bare]


def test_reverse_foreign_keys_match_prefetch_related(archive):
    ids = [r.pk for r in archive]
    ours = list(Review.objects.filter(pk__in=ids).order_by("pk"))
    theirs = list(Review.objects.filter(pk__in=ids).order_by("pk").prefetch_related("ratings"))
    with CaptureQueriesContext(connection) as queries:
        found = compiled.attach(ours, "ratings")
        seen = [rows(r.ratings.all()) for r in ours]  # read from what was attached
    assert len(queries) == 1
    assert seen == [rows(r.ratings.all()) for r in theirs]
    assert seen[0] and not seen[2]  # the test sees a full list and an empty one
    assert sorted(found) == sorted(r.pk for r in archive if r.ratings.exists())
    # Each child knows its owner without a query, as after prefetch_related.
    with CaptureQueriesContext(connection) as queries:
        assert all(rating.review is ours[0] for rating in ours[0].ratings.all())
    assert len(queries) == 0


def test_editions_tracks_and_extras_match_prefetch_related(archive):
    ids = [r.release_id for r in archive]
    ours = list(Release.objects.filter(pk__in=ids).order_by("pk"))
    accessors = ("audio_tracks", "subtitle_tracks", "extras")
    theirs = list(Release.objects.filter(pk__in=ids).order_by("pk").prefetch_related(*accessors))
    with CaptureQueriesContext(connection) as queries:
        attach_tracks(ours)
        seen = [[rows(getattr(e, a).all()) for a in accessors] for e in ours]
    assert len(queries) == 3
    assert seen == [[rows(getattr(e, a).all()) for a in accessors] for e in theirs]
    assert [len(x) for x in seen[0]] == [3, 3, 3] and seen[-1] == [[], [], []]


def test_many_to_many_matches_prefetch_related(archive):
    ids = [r.pk for r in archive]
    ours = list(Review.objects.filter(pk__in=ids).order_by("pk"))
    theirs = list(Review.objects.filter(pk__in=ids).order_by("pk").prefetch_related("tags"))
    with CaptureQueriesContext(connection) as queries:
        compiled.attach(ours, "tags")
        seen = [rows(r.tags.all()) for r in ours]
    assert len(queries) == 1
    assert seen == [rows(r.tags.all()) for r in theirs]
    assert [len(x) for x in seen] == [3, 2, 0]
    # A tag two reviews share is listed under each.
    assert {t[1] for t in seen[0]} & {t[1] for t in seen[1]} == {"desert"}


def test_credits_with_their_people_match_prefetch_related(archive):
    ids = [r.film_id for r in archive]
    ours = list(Film.objects.filter(pk__in=ids).order_by("pk"))
    credits = Credit.objects.select_related("person")
    theirs = list(
        Film.objects.filter(pk__in=ids).order_by("pk").prefetch_related(Prefetch("credits", queryset=credits))
    )
    with CaptureQueriesContext(connection) as queries:
        compiled.attach(ours, "credits", select=("person",))
        seen = [[(*rows([c])[0], *rows([c.person])[0]) for c in f.credits.all()] for f in ours]
    assert len(queries) == 2  # the credits, then their people
    assert seen == [[(*rows([c])[0], *rows([c.person])[0]) for c in f.credits.all()] for f in theirs]
    assert len(seen[0]) >= 8 and seen[-1] == []


def test_an_order_given_replaces_the_models(archive):
    film = Film.objects.get(pk=archive[0].film_id)
    compiled.attach([film], "credits", order_by=("-id",))
    assert [c.pk for c in film.credits.all()] == list(
        Credit.objects.filter(film=film).order_by("-id").values_list("pk", flat=True)
    )


def test_no_owners_no_statement(db):
    with CaptureQueriesContext(connection) as queries:
        assert compiled.attach([], "ratings") == {}
        assert compiled.attach([None], "ratings") == {}
    assert len(queries) == 0


def test_what_is_not_a_list_of_children_is_refused(archive):
    review = Review.objects.get(pk=archive[0].pk)
    with pytest.raises(ValueError, match="not a list of children"):
        compiled.attach([review], "film")  # a forward foreign key


def _reviews(ids):
    return Review.objects.filter(pk__in=ids)


def _editions_with_label(ids):
    return Release.objects.filter(pk__in=ids).select_related("label")


def _shifted(ids):
    return Review.objects.filter(pk__in=[i + 1 for i in ids])


def test_objects_read_as_the_orm_does(archive):
    """Columns Django converts on reading (dates, datetimes, JSON) come out converted."""
    ids = [r.pk for r in archive]
    ours = sorted(compiled.objects("test.reviews", _reviews, ids), key=lambda r: r.pk)
    assert rows(ours) == rows(Review.objects.filter(pk__in=ids).order_by("pk"))
    assert all(isinstance(r.published_at, dt.datetime) for r in ours)
    edition = Release.objects.get(pk=archive[0].release_id)
    reviews = [Review.objects.get(pk=archive[0].pk)]
    compiled.follow(reviews, Review._meta.get_field("release"))
    assert reviews[0].release.street_date == edition.street_date == dt.date(2014, 6, 17)


def test_the_same_statement_answers_for_other_ids(archive):
    first = compiled.objects("test.reviews", _reviews, [archive[0].pk])
    with CaptureQueriesContext(connection) as queries:
        second = compiled.objects("test.reviews", _reviews, [archive[1].pk])
        both = compiled.objects("test.reviews", _reviews, [archive[2].pk, archive[1].pk, archive[2].pk])
    assert [r.pk for r in first] == [archive[0].pk] and [r.pk for r in second] == [archive[1].pk]
    assert sorted(r.pk for r in both) == sorted([archive[1].pk, archive[2].pk])
    assert len(queries) == 2


def test_no_ids_no_statement(db):
    with CaptureQueriesContext(connection) as queries:
        assert compiled.objects("test.reviews", _reviews, []) == []
        assert compiled.objects("test.reviews", _reviews, [None]) == []
    assert len(queries) == 0


@pytest.mark.parametrize(
    ("build", "refusal"),
    [(_editions_with_label, "only a model's own columns"), (_shifted, "depends on the ids")],
)
def test_a_statement_that_cannot_be_kept_is_refused(archive, build, refusal):
    with pytest.raises(ValueError, match=refusal):
        compiled.objects(("test.refused", build), build, [r.pk for r in archive])
