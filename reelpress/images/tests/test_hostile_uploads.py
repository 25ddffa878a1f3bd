"""The hostile upload set is refused with a message naming the problem, and leaves nothing on
disk: checked on the pipeline itself here, through the desk and the API in their own files."""

import pytest

from reelpress.images import uploads
from reelpress.images.models import Image
from reelpress.images.tests.samples import HOSTILE, files_under, jpeg


@pytest.mark.parametrize("case", list(HOSTILE))
def test_each_hostile_file_is_refused_with_its_message(case):
    name, make, message = HOSTILE[case]
    with pytest.raises(uploads.ImageRefused) as refused:
        uploads.prepare(make(), name)
    assert message in str(refused.value)
    assert name in str(refused.value)


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_refused_file_stores_no_row_and_no_file(case, stored, _media_in_tmp):
    name, make, _ = HOSTILE[case]
    review = stored()
    with pytest.raises(uploads.ImageRefused):
        uploads.add(review.release, make(), "front", name=name, alt="Cover")
    assert Image.objects.count() == 0
    assert files_under(_media_in_tmp) == []


def test_a_file_over_the_byte_limit_is_refused_before_decoding(settings):
    settings.REELPRESS_IMAGE_MAX_BYTES = 10_000
    with pytest.raises(uploads.ImageRefused, match=r"is \d+ kB; pictures may be at most 10 kB"):
        uploads.prepare(jpeg(1200, 800, color=(1, 2, 3)) + b"\0" * 20_000, "big.jpg")


def test_a_picture_over_the_pixel_limit_is_refused(settings):
    settings.REELPRESS_IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(uploads.ImageRefused, match=r"1200 × 1000 pixels .* at most 1 megapixels"):
        uploads.prepare(jpeg(1200, 1000), "wide.jpg")


def test_html_and_empty_files_are_refused():
    with pytest.raises(uploads.ImageRefused, match="is text"):
        uploads.prepare(b"<!doctype html><script>alert(1)</script>", "page.jpg")
    with pytest.raises(uploads.ImageRefused, match="is empty"):
        uploads.prepare(b"", "nothing.png")


def test_a_text_file_named_jpg_is_not_a_picture():
    with pytest.raises(uploads.ImageRefused, match="not a picture ReelPress can read"):
        uploads.prepare(b"GIF89 but not really a picture at all" * 10, "fake.gif")
