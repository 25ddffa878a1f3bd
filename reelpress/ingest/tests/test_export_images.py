"""`reelpress export json --media` and `import json --media-dir`: pictures out and back, unchanged."""

import hashlib
import io
import json
import shutil

import pytest
from django.core.management import call_command
from PIL import Image as PILImage
from PIL import ImageDraw

from reelpress.images.models import Image
from reelpress.images.tests import samples
from reelpress.ingest.tests.import_helpers import run_command, summary_count
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


def frame(seed: int, size=(960, 540)) -> bytes:
    """A synthetic frame: a gradient and a few shapes, different for each seed."""
    im = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(im)
    for y in range(size[1]):
        draw.line((0, y, size[0], y), fill=((y + seed * 40) % 256, (seed * 70) % 256, 255 - y % 256))
    draw.ellipse((100 + seed * 30, 100, 400 + seed * 30, 400), fill=(250, 220, 40))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=92)
    return out.getvalue()


def pictures():
    return [
        {"kind": "front", "data": samples.jpeg(600, 900, color=(120, 20, 20)), "alt": "Front cover"},
        {"kind": "back", "data": samples.jpeg(600, 900, color=(20, 20, 120)), "alt": "Back cover"},
        {"kind": "capture", "data": frame(1), "caption": "The ants' nest", "timecode": "1:02:03"},
        {"kind": "capture", "data": frame(2), "alt": "Whitmore at the window", "timecode": "12:04"},
        {"kind": "portrait", "data": samples.jpeg(300, 300, color=(200, 200, 200)), "alt": "Ada Critic"},
        {"kind": "portrait", "data": samples.jpeg(320, 400), "person": "Gordon Douglas", "alt": "Douglas"},
        {"kind": "logo", "data": samples.png(400, 200), "alt": "Warner Archive logo"},
    ]


@pytest.fixture
def site(stored):
    stored(images=pictures())
    stored(title="Tarantula", year=1955, disc_format="DVD", slug="tarantula", images=[pictures()[2]])
    stored(title="The Shootist", year=1976, slug="shootist")  # no pictures of its own


def export(tmp_path, name: str, media: str | None = "media"):
    args = ["export", "json", "-o", str(tmp_path / name)]
    if media:
        args += ["--media", str(tmp_path / media)]
    result = run_command(*args)
    assert result.ok, result.text
    return (tmp_path / name).read_bytes()


def tree(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_export_lists_every_picture_with_its_checksum_and_size(site, tmp_path):
    records = {r["slug"]: r for r in json.loads(export(tmp_path, "export.json"))}
    them = next(r for slug, r in records.items() if slug.startswith("them"))

    kinds = [entry["kind"] for entry in them["images"]]
    assert kinds == ["front", "back", "capture", "capture", "portrait", "portrait", "logo"]
    capture = them["images"][2]
    assert capture["timecode"] == "1:02:03" and capture["caption"] == "The ants' nest"
    assert them["images"][5]["person"] == "Gordon Douglas"
    for entry in them["images"]:
        stored = Image.objects.filter(file=entry["path"], kind=entry["kind"], sha256=entry["sha256"]).first()
        assert (entry["width"], entry["height"], entry["bytes"]) == (
            stored.width,
            stored.height,
            stored.bytes,
        )
        written = (tmp_path / "media" / entry["path"]).read_bytes()
        assert hashlib.sha256(written).hexdigest() == entry["sha256"]
    # A review without pictures of its own still carries its critic's, its director's and its label's.
    assert [entry["kind"] for entry in records["shootist"]["images"]] == ["portrait", "portrait", "logo"]


def test_export_import_export_gives_the_same_json_and_the_same_files(transactional_db, site, tmp_path):
    first = export(tmp_path, "first.json", media="media1")
    count, pictures_before = Review.objects.count(), Image.objects.count()

    call_command("flush", interactive=False, verbosity=0)
    from django.conf import settings

    shutil.rmtree(settings.MEDIA_ROOT)  # an empty site: no rows and no files
    result = run_command(
        "import", "json", str(tmp_path / "first.json"), "--media-dir", str(tmp_path / "media1")
    )
    second = export(tmp_path, "second.json", media="media2")

    assert result.ok, result.text
    assert summary_count(result.out, "created") == count
    assert Image.objects.count() == pictures_before
    assert second == first
    assert tree(tmp_path / "media2") == tree(tmp_path / "media1")
    assert all(image.renditions for image in Image.objects.all())  # served in every width again


def test_reimporting_the_same_export_adds_no_picture(site, tmp_path):
    export(tmp_path, "export.json")
    before = Image.objects.count()

    result = run_command(
        "import", "json", str(tmp_path / "export.json"), "--media-dir", str(tmp_path / "media")
    )

    assert result.ok, result.text
    assert Image.objects.count() == before


def test_a_missing_or_changed_file_is_named_and_the_rest_comes_in(transactional_db, site, tmp_path):
    records = json.loads(export(tmp_path, "export.json"))
    them = next(r for r in records if r["slug"].startswith("them"))
    (tmp_path / "media" / them["images"][0]["path"]).unlink()
    (tmp_path / "media" / them["images"][1]["path"]).write_bytes(samples.jpeg(10, 10))
    call_command("flush", interactive=False, verbosity=0)

    result = run_command(
        "import", "json", str(tmp_path / "export.json"), "--media-dir", str(tmp_path / "media"), verbosity=2
    )

    assert result.ok, result.text
    text = " ".join(result.text.split())
    assert f"{them['images'][0]['path']}: no such file" in text
    assert f"{them['images'][1]['path']}: does not match its sha256" in text
    assert Review.objects.count() == 3
    assert Image.objects.filter(kind="capture").count() == 3
    assert not Image.objects.filter(kind__in=["front", "back"]).exists()


def test_a_hostile_file_in_the_media_folder_is_refused_with_its_message(transactional_db, stored, tmp_path):
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "cover.jpg").write_bytes(samples.zip_renamed_jpg())
    (media / "images" / "frame.jpg").write_bytes(frame(3))
    (media / "images" / "bomb.png").write_bytes(samples.png_bomb())
    (media / "images" / "cut.jpg").write_bytes(samples.truncated_jpeg())
    (media / "images" / "drawing.jpg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'
    )
    record = {
        "title": "Them!",
        "year": 1954,
        "disc_format": "Blu-ray",
        "label": "Warner Archive Collection",
        "reviewer": "Ada Critic",
        "images": [
            {"kind": "front", "path": "images/cover.jpg", "alt": "Front cover"},
            {"kind": "capture", "path": "images/frame.jpg", "timecode": "0:10"},
            {"kind": "capture", "path": "../../etc/passwd", "timecode": "0:20"},
            {"kind": "back", "path": "images/bomb.png", "alt": "Back"},
            {"kind": "packaging", "path": "images/cut.jpg", "alt": "Case"},
            {"kind": "capture", "path": "images/drawing.jpg", "timecode": "0:30"},
        ],
    }
    (tmp_path / "in.json").write_text(json.dumps([record]))

    result = run_command("import", "json", str(tmp_path / "in.json"), "--media-dir", str(media), verbosity=2)

    assert result.ok, result.text
    text = " ".join(result.text.split())
    assert "“cover.jpg” is a ZIP archive, not a picture" in text
    assert "leads outside the media folder" in text
    assert "“bomb.png” is 400 megapixels (a decompression bomb?)" in text
    assert "“cut.jpg” is truncated or damaged" in text
    assert "“drawing.jpg” is an SVG drawing" in text
    assert list(Image.objects.values_list("kind", flat=True)) == ["capture"]


def test_without_a_media_folder_the_summary_says_the_pictures_were_left_out(site, tmp_path):
    export(tmp_path, "export.json", media=None)

    result = run_command("import", "json", str(tmp_path / "export.json"))

    assert result.ok, result.text
    assert "14 picture(s) listed but not imported" in " ".join(result.text.split())
