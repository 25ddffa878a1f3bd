"""`reelpress import pages`: the pictures beside the pages, without the site's chrome."""

import html
import io

import pytest
from PIL import Image as PILImage

from reelpress.images.models import Image
from reelpress.ingest.importers.page_media import page_pictures
from reelpress.ingest.tests.import_helpers import cinesavant_page, run_command
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


def picture(path, width, height, color=(90, 60, 30), fmt="JPEG"):
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(out, fmt)
    path.write_bytes(out.getvalue())


def page(title, year, pictures_top, pictures_below):
    text = html.escape(cinesavant_page(title, year=year))
    return (
        "<html><head><title>Site</title></head><body>"
        '<div class="top"><img src="../art/top-strip.png" alt="The Site"></div>'
        f"<h1>{title}</h1>{pictures_top}<pre>{text}</pre>{pictures_below}"
        '<img src="../art/p.gif" alt="">'
        '<img src="https://tracker.example.com/t.gif?id=1" width="1" height="1">'
        "</body></html>"
    )


@pytest.fixture
def archive(tmp_path):
    site = tmp_path / "site"
    picture(site / "art" / "top-strip.png", 900, 120, fmt="PNG")  # on every page: chrome
    picture(site / "art" / "p.gif", 1, 1, fmt="GIF")  # a spacer
    picture(site / "covers" / "them.jpg", 500, 700, (160, 20, 20))
    picture(site / "caps" / "them-1.jpg", 1280, 720, (20, 20, 160))
    picture(site / "caps" / "them-2.jpg", 1280, 544, (20, 160, 20))
    picture(site / "caps" / "tarantula-1.jpg", 1280, 720, (120, 120, 20))
    reviews = site / "reviews"
    reviews.mkdir()
    (reviews / "them.html").write_text(
        page(
            "Them!",
            1954,
            '<img src="../covers/them.jpg" alt="Them! Blu-ray cover">',
            '<img src="../caps/them-1.jpg" alt="Ants in the storm drain">'
            '<img src="../caps/them-2.jpg"><img src="../caps/gone.jpg" alt="Lost">'
            '<img src="../../../../etc/hostname.jpg" alt="Outside">',
        )
    )
    # A landscape picture at the top is a still, not a case: it stays a capture.
    (reviews / "tarantula.html").write_text(
        page("Tarantula", 1955, '<img src="../caps/tarantula-1.jpg" alt="The spider on the ridge">', "")
    )
    (reviews / "shootist.html").write_text(page("The Shootist", 1976, "", ""))
    return site


def test_pictures_beside_the_pages_come_in_with_their_alt_text_and_the_cover_goes_to_the_edition(archive):
    result = run_command("import", "pages", str(archive), "--jobs", "0", verbosity=2)

    assert result.ok, result.text
    them = Review.objects.get(film__title="Them!")
    front = Image.objects.get(kind="front")
    assert front.release_id == them.release_id and front.alt == "Them! Blu-ray cover"
    captures = list(Image.objects.filter(review=them, kind="capture"))
    assert [(c.width, c.height) for c in captures] == [(1280, 720), (1280, 544)]
    assert captures[0].alt == "Ants in the storm drain"
    assert captures[1].alt.startswith("Frame from Them!")  # no alt on the page: made from what it shows
    tarantula = Review.objects.get(film__title="Tarantula")
    assert [i.kind for i in Image.objects.filter(review=tarantula)] == ["capture"]


def test_site_chrome_spacers_and_tracking_pixels_are_left_out(archive):
    result = run_command("import", "pages", str(archive), "--jobs", "0")

    assert result.ok, result.text
    assert Image.objects.count() == 4
    assert not Image.objects.filter(width=900).exists()  # the strip on every page
    assert not Review.objects.get(film__title="The Shootist").images.exists()


def test_a_missing_file_or_one_outside_the_folder_is_named(archive):
    result = run_command("import", "pages", str(archive), "--jobs", "0", verbosity=2)

    text = " ".join(result.text.split())
    assert "picture ../caps/gone.jpg: no such file beside the page" in text
    assert "outside the folder imported, not read" in text


def test_no_pictures_leaves_them_all_out(archive):
    result = run_command("import", "pages", str(archive), "--jobs", "0", "--no-pictures")

    assert result.ok and not Image.objects.exists()


def test_a_chrome_file_named_by_the_caller_is_skipped_on_one_page(tmp_path):
    picture(tmp_path / "logo.png", 300, 300, fmt="PNG")
    picture(tmp_path / "still.jpg", 640, 360)
    text = '<h1>Them!</h1><img src="logo.png" alt="Site"><img src="still.jpg" alt="A still">'

    images, notes = page_pictures(text, str(tmp_path / "them.html"), str(tmp_path))

    assert [(i["kind"], i["alt"]) for i in images] == [("capture", "A still")] and notes == []
