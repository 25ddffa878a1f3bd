"""Pictures in a ReviewRecord are stored by ingest.store.save(), in the review's transaction:
each on its owner, described, never twice, and a bad one costs the review nothing."""

import dataclasses
import datetime as dt

import pytest

from reelpress.images import public
from reelpress.images.models import Image
from reelpress.images.tests.samples import files_under, jpeg, png, truncated_jpeg
from reelpress.ingest.store import save
from reelpress.ingest.validate import RecordError

pytestmark = pytest.mark.django_db


def test_a_record_brings_cover_captures_portrait_and_logo(make_record, tmp_path):
    cover = tmp_path / "cover.jpg"
    cover.write_bytes(jpeg(1000, 1400))
    record = make_record(
        images=[
            {"kind": "front", "path": str(cover), "alt": "The Blu-ray's cover"},
            {
                "kind": "capture",
                "data": jpeg(1920, 1080, color=(1, 2, 3)),
                "timecode": "0:12:30",
                "caption": "Ants",
            },
            {
                "kind": "capture",
                "data": jpeg(1920, 1080, color=(9, 9, 9)),
                "timecode": "1:01:00",
                "alt": "Tunnel",
            },
            {"kind": "portrait", "data": jpeg(600, 800), "alt": "Ada"},
            {"kind": "portrait", "person": "Gordon Douglas", "data": jpeg(600, 801)},
            {"kind": "logo", "data": png(), "alt": "WAC"},
        ]
    )
    result = save(record)
    review = result.review
    assert result.notes == []
    cover_image = public.cover_for_review(review)
    assert (cover_image.alt, cover_image.release, cover_image.source_name) == (
        "The Blu-ray's cover",
        review.release,
        "cover.jpg",
    )
    first, second = public.captures_for_review(review)
    assert (first.timecode, first.edition, first.caption) == (
        dt.timedelta(minutes=12, seconds=30),
        review.release,
        "Ants",
    )
    # No alt given: one is made from what the picture shows.
    assert first.alt == "Frame from Them! (1954) at 12:30 (Blu-ray)"
    assert second.alt == "Tunnel" and second.order > first.order
    assert public.portrait_for(review.author).alt == "Ada"
    douglas = review.film.credits.get(role="director").person
    assert public.portrait_for(douglas).alt == "Portrait of Gordon Douglas"
    assert public.logo_for(review.release.label).alt == "WAC"


def test_saving_the_same_record_again_stores_nothing_twice(make_record, _media_in_tmp):
    images = [{"kind": "front", "data": jpeg(), "alt": "Cover"}]
    save(make_record(images=images))
    count = len(files_under(_media_in_tmp))
    # A changed record with the same picture: the row is updated, not added.
    again = save(make_record(images=[{**images[0], "alt": "Cover, slipcase"}], verdict="Recommended"))
    assert again.action == "updated"
    assert [i.alt for i in Image.objects.all()] == ["Cover, slipcase"]
    assert len(files_under(_media_in_tmp)) == count


def test_a_bad_picture_is_left_out_and_named_but_the_review_is_stored(make_record, tmp_path, _media_in_tmp):
    result = save(
        make_record(
            images=[
                {"kind": "capture", "data": truncated_jpeg(), "alt": "Half"},
                {"kind": "capture", "path": str(tmp_path / "missing.jpg"), "alt": "Gone"},
                {"kind": "capture", "data": jpeg(), "alt": "Whole"},
            ]
        )
    )
    assert result.action == "created"
    assert [i.alt for i in Image.objects.all()] == ["Whole"]
    assert "picture 1: “picture 1” is truncated or damaged" in result.notes[0]
    assert result.notes[1].startswith("picture 2 (") and "cannot be read" in result.notes[1]


def test_a_malformed_picture_entry_refuses_the_record_naming_it(make_record):
    with pytest.raises(RecordError, match="images: picture 1: kind must be one of"):
        save(make_record(images=[{"kind": "poster", "data": jpeg()}]))
    with pytest.raises(RecordError, match="images: picture 1: only a capture has a timecode"):
        save(make_record(images=[{"kind": "front", "data": jpeg(), "timecode": "1:00"}]))
    with pytest.raises(RecordError, match="not a time such as 1:23:45"):
        save(make_record(images=[{"kind": "capture", "data": jpeg(), "timecode": "later"}]))


def test_a_failed_save_leaves_no_files(make_record, monkeypatch, _media_in_tmp):
    from reelpress.ingest import store

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    original = store.image_records.save

    def save_then_fail(*args, **kwargs):
        original(*args, **kwargs)
        broken()

    monkeypatch.setattr(store.image_records, "save", save_then_fail)
    with pytest.raises(RuntimeError):
        save(make_record(images=[{"kind": "front", "data": jpeg(), "alt": "Cover"}]))
    assert Image.objects.count() == 0
    assert files_under(_media_in_tmp) == []


def test_the_record_digest_covers_the_pictures_bytes(make_record):
    from reelpress.ingest.store import record_hash

    one = make_record(images=[{"kind": "front", "data": jpeg(color=(1, 1, 1))}])
    two = dataclasses.replace(one, images=[{"kind": "front", "data": jpeg(color=(200, 1, 1))}])
    assert record_hash(one) != record_hash(two)
