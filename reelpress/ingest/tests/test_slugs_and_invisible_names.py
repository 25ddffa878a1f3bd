"""A record is never matched to another review by a fallback slug; invisible titles and names are refused."""

import pytest

from reelpress.ingest.store import save
from reelpress.ingest.validate import RecordError
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_two_records_whose_slugs_clean_to_nothing_stay_two_reviews(make_record):
    first = save(make_record(slug="!!!", title="Them!")).review
    second = save(make_record(slug="???", title="Tarantula", year=1955))

    assert second.action == "created"
    assert Review.objects.count() == 2
    first.refresh_from_db()
    assert first.film.title == "Them!"
    assert first.slug != second.review.slug
    assert "untitled" != first.slug and "untitled" != second.review.slug


def test_a_record_whose_slug_cleans_to_nothing_finds_its_own_review_again(make_record):
    first = save(make_record(slug="!!!"))
    again = save(make_record(slug="!!!"))

    assert again.action == "unchanged"
    assert again.review.pk == first.review.pk


def test_titles_that_clean_to_nothing_without_a_slug_are_two_reviews(make_record):
    save(make_record(title="!!!", year=1954, disc_format="Blu-ray"))
    save(make_record(title="???", year=1954, disc_format="Blu-ray"))
    save(make_record(title="七人の侍", year=1954, disc_format="Blu-ray"))

    assert sorted(r.film.title for r in Review.objects.all()) == ["!!!", "???", "七人の侍"]
    assert len({r.slug for r in Review.objects.all()}) == 3


@pytest.mark.parametrize("title", [" \u200b ", "\x00", "\u200b\u200d\ufeff", " \x00 \t"])
def test_an_invisible_title_is_refused_naming_the_field(make_record, title):
    with pytest.raises(RecordError) as error:
        save(make_record(title=title))

    assert error.value.field == "title"
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cast", ["James Whitmore", " \u200b "]),
        ("directors", ["\x00"]),
        ("alternate_titles", ["\u2060"]),
        ("label", "\u200b"),
        ("reviewer", "\x00"),
        ("original_title", " \u200b "),
    ],
)
def test_an_invisible_name_is_refused_naming_the_field(make_record, field, value):
    with pytest.raises(RecordError) as error:
        save(make_record(**{field: value}))

    assert error.value.field == field
    assert field in str(error.value)


def test_nul_inside_text_is_dropped_not_stored(make_record):
    review = save(make_record(title="Them\x00!", body="Giant\x00 ants.")).review

    assert review.film.title == "Them!"
    assert review.body == "Giant ants."
