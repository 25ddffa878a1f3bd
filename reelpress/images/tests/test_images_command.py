"""``reelpress images``: makes what is missing (or everything), says what it did, names the
pictures it could not make, and prunes files no picture uses."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from reelpress.images import uploads
from reelpress.images.models import Image
from reelpress.images.tests.samples import jpeg

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("images", *args, stdout=out)
    return out.getvalue()


def test_it_makes_the_renditions_that_are_missing(stored):
    image = uploads.add(stored().release, jpeg(), "front", alt="Cover")
    made = list(image.renditions)
    Image.objects.filter(pk=image.pk).update(renditions=[])
    output = _run("--missing")
    assert "Checked 1 pictures; made the renditions of 1 (" in output
    image.refresh_from_db()
    assert sorted(r["name"] for r in image.renditions) == sorted(r["name"] for r in made)
    # Nothing missing now: nothing made.
    assert "made the renditions of 0" in _run()


def test_a_deleted_file_or_new_widths_count_as_missing(stored, settings):
    image = uploads.add(stored().release, jpeg(), "front", alt="Cover")
    default_storage.delete(image.renditions[0]["name"])
    assert "made the renditions of 1" in _run()
    settings.REELPRESS_IMAGE_WIDTHS = [400, 800]
    assert "made the renditions of 1" in _run()
    image.refresh_from_db()
    assert sorted({r["width"] for r in image.renditions}) == [400, 800]


def test_all_remakes_every_picture(stored):
    uploads.add(stored().release, jpeg(), "front", alt="Cover")
    assert "made the renditions of 1" in _run("--all")


def test_a_vanished_master_is_named_and_fails_the_command(stored):
    image = uploads.add(stored().release, jpeg(), "front", alt="Cover")
    Image.objects.filter(pk=image.pk).update(renditions=[])
    default_storage.delete(image.file)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 pictures could not be made"):
        call_command("images", stdout=out)
    assert f"failed: image {image.pk} ({image.file})" in out.getvalue()


def test_prune_deletes_only_files_no_picture_uses(stored):
    image = uploads.add(stored().release, jpeg(), "front", alt="Cover")
    stray = default_storage.save("images/00/" + "0" * 64 + ".jpg", ContentFile(b"left by a crash"))
    assert stray in _run("--prune", "--dry-run")
    assert default_storage.exists(stray)
    assert "Unused files: 1 (deleted)" in _run("--prune")
    assert not default_storage.exists(stray)
    assert default_storage.exists(image.file) and all(
        default_storage.exists(r["name"]) for r in image.renditions
    )
