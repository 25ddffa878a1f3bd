"""What is stored of an upload: re-encoded pixels without metadata, turned upright, and
renditions in the configured widths and formats with their true sizes."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from PIL import Image as PILImage
from PIL import features

from reelpress.images import renditions, uploads
from reelpress.images.models import Image
from reelpress.images.tests.samples import files_under, jpeg, jpeg_with_camera_metadata, png


def _open(name):
    with default_storage.open(name, "rb") as fh:
        im = PILImage.open(io.BytesIO(fh.read()))
        im.load()
        return im


def test_camera_metadata_is_stripped_and_the_orientation_applied(stored):
    source = jpeg_with_camera_metadata(1200, 800)
    assert PILImage.open(io.BytesIO(source)).getexif()[0x0112] == 6  # the sample does carry it
    image = uploads.add(stored().release, source, "front", name="phone.jpg", alt="Cover")
    # Orientation 6: shown turned a quarter clockwise, so the stored picture is portrait.
    assert (image.width, image.height) == (800, 1200)
    stored_files = [image.file, *(r["name"] for r in image.renditions)]
    for name in stored_files:
        im = _open(name)
        assert not im.getexif(), name
        assert not {"exif", "icc_profile", "xmp", "comment", "photoshop"} & set(im.info), (
            name,
            im.info.keys(),
        )
        raw = default_storage.open(name).read()
        assert b"PhoneMaker" not in raw and b"secret comment" not in raw
    # The red marker drawn top-left in the stored pixels is top-right once turned upright.
    master = _open(image.file).convert("RGB")
    assert master.getpixel((master.width - 20, 20))[0] > 180
    assert master.getpixel((20, 20))[0] < 100


def test_renditions_come_in_each_width_and_format_with_their_sizes(stored):
    image = uploads.add(stored().release, jpeg(3000, 2000), "front", name="big.jpg", alt="Cover")
    expected_formats = {"webp", "jpeg"} | ({"avif"} if features.check("avif") else set())
    assert set(image.formats()) == expected_formats
    for fmt in expected_formats:
        made = [r for r in image.renditions if r["format"] == fmt]
        assert [r["width"] for r in made] == [320, 640, 960, 1280, 1920]
        for r in made:
            im = _open(r["name"])
            assert im.format.lower() == fmt
            assert im.size == (r["width"], r["height"]) == (r["width"], round(r["width"] * 2 / 3))
            assert default_storage.size(r["name"]) == r["bytes"]
    # The master is kept at the configured longest side, not wider.
    assert (image.width, image.height) == (3000, 2000)
    assert image.src(500, "webp").endswith(".webp") and "-640-" in image.src(500, "webp")
    assert "-1920-" in image.src(5000)
    assert image.srcset().count("w,") == 4


def test_a_narrow_picture_is_never_scaled_up(stored):
    image = uploads.add(stored(), jpeg(700, 400), "capture", alt="A frame")
    assert sorted({r["width"] for r in image.renditions}) == [320, 640, 700]


def test_a_big_master_is_scaled_to_the_longest_side(stored, settings):
    settings.REELPRESS_IMAGE_MASTER_MAX_SIDE = 1000
    image = uploads.add(stored().release, jpeg(3000, 2000), "front", alt="Cover")
    assert (image.width, image.height) == (1000, 667)
    assert _open(image.file).size == (1000, 667)


def test_a_transparent_logo_stays_transparent_with_a_png_fallback(stored):
    review = stored()
    image = uploads.add(review.release.label, png(), "logo", alt="Warner Archive logo")
    assert image.file.endswith(".png") and image.fallback_format() == "png"
    assert _open(image.file).mode == "RGBA"
    assert image.src().endswith(".png") and "image/webp" in [s["type"] for s in image.sources()]


def test_alt_text_is_required_unless_decorative(stored):
    release = stored().release
    with pytest.raises(ValidationError, match="Describe the picture"):
        uploads.add(release, jpeg(), "front", alt="  ")
    assert Image.objects.count() == 0
    image = uploads.add(release, jpeg(), "back", alt="Ignored", decorative=True)
    assert image.alt == ""


def test_the_database_refuses_a_row_without_alt_or_with_the_wrong_owner(stored):
    release = stored().release
    image = uploads.add(release, jpeg(), "front", alt="Cover")
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.filter(pk=image.pk).update(alt="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.filter(pk=image.pk).update(kind="portrait")


def test_a_kind_the_owner_cannot_have_is_refused(stored):
    with pytest.raises(ValidationError, match="kind"):
        uploads.add(stored().release, jpeg(), "portrait", alt="Someone")


def test_one_content_is_stored_once_and_its_files_go_with_the_last_row(
    stored, _media_in_tmp, django_capture_on_commit_callbacks
):
    review = stored()
    data = jpeg()
    first = uploads.add(review.release, data, "front", alt="Cover")
    second = uploads.add(review, data, "front", alt="Lead picture")
    assert first.file == second.file and second.renditions == first.renditions
    count = len(files_under(_media_in_tmp))
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert len(files_under(_media_in_tmp)) == count
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert files_under(_media_in_tmp) == []


def test_background_mode_makes_renditions_after_commit_on_the_worker(transactional_db, settings, stored):
    settings.REELPRESS_IMAGE_RENDITIONS = "background"
    release = stored().release
    with transaction.atomic():
        image = uploads.add(release, jpeg(), "front", alt="Cover")
        assert not image.ready and image.srcset() == f"{image.url} 1200w"  # the master meanwhile
    renditions.drain()
    image.refresh_from_db()
    assert image.ready and "-640-" in image.src(600)


def test_a_stored_master_comes_back_byte_for_byte(stored):
    """Export -> import -> export stays identical: a master read back in is already clean."""
    first = uploads.prepare(jpeg_with_camera_metadata(), "phone.jpg")
    again = uploads.prepare(first.data, "exported.jpg")
    assert again.data == first.data and again.sha256 == first.sha256
    logo = uploads.prepare(png(), "logo.png")
    assert uploads.prepare(logo.data).data == logo.data
    # The same bytes on another owner share the files and the renditions.
    review = stored()
    one = uploads.attach(first, review.release, "front", alt="Cover")
    two = uploads.attach(again, review, "front", alt="Lead")
    assert (one.file, one.renditions) == (two.file, two.renditions)


def test_a_jpeg_with_anything_after_its_end_or_a_comment_is_re_encoded():
    clean = uploads.prepare(jpeg(), "a.jpg").data
    assert uploads.prepare(clean).data == clean
    with_payload = clean + b"<script>alert(1)</script>\xff\xd9"
    assert b"<script>" not in uploads.prepare(with_payload).data
    out = io.BytesIO()
    PILImage.open(io.BytesIO(clean)).save(out, "JPEG", quality=90, comment=b"hello")
    assert b"hello" not in uploads.prepare(out.getvalue()).data
