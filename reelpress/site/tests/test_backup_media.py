"""`reelpress backup`: one tar with the database copy and every picture, restorable by hand."""

import io
import json
import sqlite3
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from reelpress.images.models import Image
from reelpress.images.tests import samples


@pytest.fixture
def backup(transactional_db, stored, tmp_path):
    stored(
        slug="them",
        images=[
            {"kind": "front", "data": samples.jpeg(600, 900), "alt": "Front cover"},
            {"kind": "capture", "data": samples.jpeg(1280, 720, color=(200, 10, 10)), "timecode": "1:00"},
        ],
    )
    target = tmp_path / "backup.tar"
    out = io.StringIO()
    call_command("backup", "-o", str(target), "--no-progress", stdout=out)
    return target, out.getvalue()


def test_the_backup_holds_the_database_and_every_media_file(backup, tmp_path):
    target, printed = backup

    with tarfile.open(target) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("reelpress-backup.json").read())
        for image in Image.objects.all():
            assert tar.extractfile(f"media/{image.file}").read() == default_storage.open(image.file).read()
            for rendition in image.renditions:
                assert f"media/{rendition['name']}" in names
        tar.extract(manifest["database"]["file"], tmp_path, filter="data")
    assert names[0] == "reelpress-backup.json"
    assert manifest["media"]["files"] == len([n for n in names if n.startswith("media/")]) > 2
    assert f"Backed up to {target}" in printed and "To restore:" in printed and "media/" in printed
    database = tmp_path / manifest["database"]["file"]
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(database)
        files = {row[0] for row in copy.execute("SELECT file FROM images_image")}
        copy.close()
        assert files == set(Image.objects.values_list("file", flat=True))
    else:
        assert database.read_bytes().startswith(b"PGDMP")


def test_a_failed_backup_leaves_no_file_behind(transactional_db, tmp_path, monkeypatch):
    from reelpress.site.management.commands import backup as command

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(command.Command, "_tar", broken)
    with pytest.raises(OSError):
        call_command("backup", "-o", str(tmp_path / "b.tar"), "--no-progress", stdout=io.StringIO())

    assert list(tmp_path.iterdir()) == []
