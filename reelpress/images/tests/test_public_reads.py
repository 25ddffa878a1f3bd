"""What pages read: a review's cover (its own lead picture first), a film's newest cover, lists
of covers in one query, and the captures two editions share a timecode at."""

import datetime as dt

import pytest

from reelpress.images import public, uploads
from reelpress.images.tests.samples import jpeg

pytestmark = pytest.mark.django_db


def _frame(review, edition, seconds, color):
    return uploads.add(
        review, jpeg(640, 360, color=color), "capture", alt=f"Frame at {seconds}", edition=edition,
        timecode=dt.timedelta(seconds=seconds),
    )  # fmt: skip


def test_a_reviews_own_lead_picture_wins_over_its_editions_cover(stored):
    review = stored()
    cover = uploads.add(review.release, jpeg(color=(1, 1, 1)), "front", alt="Edition cover")
    assert public.cover_for_review(review) == cover
    lead = uploads.add(review, jpeg(color=(2, 2, 2)), "front", alt="Lead")
    assert public.cover_for_review(review) == lead
    assert public.cover_for_release(review.release) == cover


def test_covers_for_a_list_take_one_query(stored, django_assert_num_queries):
    first = stored()
    second = stored(
        title="Tarantula", year=1955, label="Kino Lorber", street_date="2020-01-01", slug="tarantula"
    )
    third = stored(title="The Fly", year=1958, label="", disc_format="", street_date="", slug="fly")
    cover = uploads.add(first.release, jpeg(), "front", alt="Them! cover")
    lead = uploads.add(third, jpeg(color=(5, 5, 5)), "front", alt="The Fly poster")
    with django_assert_num_queries(1):
        reviews = public.attach_covers([first, second, third])
    assert [r.cover for r in reviews] == [cover, None, lead]
    with django_assert_num_queries(1):
        films = public.attach_film_covers([first.film, second.film])
    assert [f.cover for f in films] == [cover, None]


def test_editions_are_compared_at_the_timecodes_they_share(stored):
    dvd = stored(disc_format="DVD", street_date="2002-05-01", slug="them-dvd")
    uhd = stored(disc_format="4K Ultra HD", street_date="2024-05-01", slug="them-4k")
    assert dvd.film == uhd.film and dvd.release != uhd.release
    new = _frame(uhd, uhd.release, 750.4, (200, 200, 200))
    old = _frame(dvd, dvd.release, 750, (90, 90, 90))
    _frame(dvd, dvd.release, 1800, (10, 10, 10))  # only one edition at 30:00: not compared
    compared = public.comparisons(dvd.film)
    assert len(compared) == 1
    assert compared[0]["timecode_display"] == "12:30"
    assert compared[0]["captures"] == [old, new]  # oldest edition first
    assert [i.timecode_display for i in public.edition_captures(dvd.release)] == ["12:30", "30:00"]
