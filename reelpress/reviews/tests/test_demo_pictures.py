"""The demo's pictures: drawn by ReelPress when the demo loads, on every review, and comparable."""

import io

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from reelpress.catalog.models import Film
from reelpress.images import public
from reelpress.images.models import Image
from reelpress.reviews.demo import pictures as draw
from reelpress.reviews.models import Author, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", verbosity=0, stdout=io.StringIO())


def test_every_demo_review_has_a_cover_two_captures_and_its_critic_a_portrait(demo):
    for review in Review.objects.select_related("film", "release"):
        cover = public.cover_for_review(review)
        assert cover is not None and cover.alt and cover.height > cover.width, review.slug
        captures = public.captures_for_review(review)
        assert len(captures) == 2 and all(c.timecode and c.alt and c.caption for c in captures), review.slug
        assert all(c.edition_id == review.release_id for c in captures)
    for author in Author.objects.filter(reviews__isnull=False).distinct():
        assert public.portrait_for(author) is not None, author.name
    assert all(image.renditions for image in Image.objects.all())


def test_the_two_editions_of_one_film_are_captured_at_the_same_timecodes(demo):
    film = Film.objects.get(title="Night of the Living Dead")

    compared = public.comparisons(film)

    assert len(compared) == 2
    for row in compared:
        formats = [capture.edition.disc_format for capture in row["captures"]]
        assert sorted(formats) == ["4K Ultra HD + Blu-ray", "DVD"]
        dvd, uhd = sorted(row["captures"], key=lambda c: c.edition.disc_format != "DVD")
        assert dvd.sha256 != uhd.sha256  # the same frame, two different transfers


def test_loading_the_demo_again_adds_no_picture(demo):
    before = Image.objects.count()

    call_command("demo", verbosity=0, stdout=io.StringIO())

    assert Image.objects.count() == before


def test_pictures_only_adds_the_pictures_to_a_demo_loaded_without_them():
    call_command("demo", "--no-pictures", stdout=io.StringIO())
    assert not Image.objects.exists()

    out = io.StringIO()
    call_command("demo", "--pictures-only", stdout=out)
    again = io.StringIO()
    call_command("demo", "--pictures-only", stdout=again)

    assert Image.objects.filter(kind="front").count() == Review.objects.count()
    assert "drawn and stored" in out.getvalue() and "already" in again.getvalue()


def test_the_drawings_are_the_same_bytes_each_time_and_sized_as_the_case_and_film():
    review = {
        "title": "Them!",
        "year": 1954,
        "disc_format": "DVD",
        "label": "Warner",
        "aspect_ratio": "1.37:1",
    }

    cover = draw.cover(review)
    capture = draw.capture(review, "1:02:03")

    assert cover == draw.cover(dict(review)) and capture == draw.capture(dict(review), "1:02:03")
    with PILImage.open(io.BytesIO(cover)) as im:
        assert im.width < im.height  # a keep case
    with PILImage.open(io.BytesIO(capture)) as im:
        assert abs(im.width / im.height - 1.37) < 0.01
