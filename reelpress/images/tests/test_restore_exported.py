"""Pictures from a ReelPress export come back byte for byte; anything else is re-encoded."""

import hashlib

from reelpress.images import restore, uploads
from reelpress.images.tests import samples


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def master(data: bytes) -> bytes:
    return uploads.prepare(data).data


def test_a_clean_master_with_its_checksum_is_kept_as_it_is():
    for made in (master(samples.jpeg(800, 500)), master(samples.png(300, 200))):
        kept = restore.prepare(made, "x", sha(made))

        assert kept.data == made and kept.sha256 == sha(made)


def test_without_the_right_checksum_the_picture_is_re_encoded():
    made = master(samples.jpeg(800, 500))

    assert restore.prepare(made, "x", "0" * 64).data != made
    assert restore.prepare(made, "x", None).data != made


def test_metadata_or_bytes_after_the_end_are_never_kept():
    with_metadata = samples.jpeg_with_camera_metadata(600, 400)
    polyglot = master(samples.jpeg(800, 500)) + b"PK\x03\x04 hidden zip"

    for data in (with_metadata, polyglot):
        prepared = restore.prepare(data, "x", sha(data))
        assert prepared.data != data
        assert b"PhoneMaker" not in prepared.data and b"hidden zip" not in prepared.data


def test_a_master_too_big_for_the_settings_is_scaled_not_kept(settings):
    made = master(samples.jpeg(1200, 800))
    settings.REELPRESS_IMAGE_MASTER_MAX_SIDE = 600

    prepared = restore.prepare(made, "x", sha(made))

    assert prepared.data != made and (prepared.width, prepared.height) == (600, 400)
