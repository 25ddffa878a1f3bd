"""`reelpress import wordpress --media-dir`: featured images and body pictures from the uploads folder."""

import io

import pytest
from PIL import Image as PILImage

from reelpress.images.models import Image
from reelpress.images.tests import samples
from reelpress.ingest.tests.import_helpers import run_command
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db

SITE = "https://blog.example.org"


def picture(width, height, color, fmt="JPEG") -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(out, fmt)
    return out.getvalue()


def meta(key, value):
    return (
        f"<wp:postmeta><wp:meta_key><![CDATA[{key}]]></wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


def item(post_id, title, content, post_type="post", extra=""):
    return f"""
  <item>
    <title><![CDATA[{title}]]></title>
    <link>{SITE}/?p={post_id}</link>
    <dc:creator><![CDATA[ada]]></dc:creator>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date_gmt><![CDATA[2024-02-27 10:00:00]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[post-{post_id}]]></wp:post_name>
    <wp:status><![CDATA[{"inherit" if post_type == "attachment" else "publish"}]]></wp:status>
    <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
    {extra}
  </item>"""


def attachment(post_id, path, alt="", caption=""):
    it = item(
        post_id,
        path.rsplit("/", 1)[-1],
        "",
        "attachment",
        f"<wp:attachment_url><![CDATA[{SITE}/wp-content/uploads/{path}]]></wp:attachment_url>"
        + meta("_wp_attached_file", path)
        + (meta("_wp_attachment_image_alt", alt) if alt else ""),
    )
    return it.replace("<excerpt:encoded><![CDATA[]]>", f"<excerpt:encoded><![CDATA[{caption}]]>")


def body(title, pictures):
    return f"""<p>{title} (1954) is a tight monster picture and this Blu-ray is sharp.</p>
<p>Directed by Gordon Douglas.</p>
{pictures}
<p>The disc is recommended.</p>"""


def wxr(items):
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Blog</title><link>{SITE}</link><wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_login><![CDATA[ada]]></wp:author_login>
    <wp:author_display_name><![CDATA[Ada Critic]]></wp:author_display_name></wp:author>
  {"".join(items)}
</channel>
</rss>"""


@pytest.fixture
def export(tmp_path):
    uploads = tmp_path / "uploads" / "2024" / "02"
    uploads.mkdir(parents=True)
    (uploads / "them-cover.jpg").write_bytes(picture(600, 900, (150, 30, 30)))
    (uploads / "ants.jpg").write_bytes(picture(1920, 1080, (40, 90, 40)))
    (uploads / "ants-1024x576.jpg").write_bytes(picture(1024, 576, (40, 90, 40)))
    (uploads / "desert.png").write_bytes(picture(800, 450, (200, 180, 120), "PNG"))
    (uploads / "evil.jpg").write_bytes(samples.zip_renamed_jpg())
    up = f"{SITE}/wp-content/uploads/2024/02"
    pictures = f"""
[caption id="attachment_202" width="1024"]<img class="size-large wp-image-202"
 src="{up}/ants-1024x576.jpg" alt="" width="1024" height="576" /> The ants' nest at dawn.[/caption]
<figure class="wp-block-image"><img src="{up}/desert.png" alt="The desert test site"/>
<figcaption>Ground zero</figcaption></figure>
<p><img src="https://elsewhere.example.com/banner.gif" alt="banner"></p>
<p><img src="{up}/gone.jpg" alt="Lost"></p>
<p><img src="{up}/evil.jpg" alt="Evil"></p>
<p><img src="{up}/them-cover.jpg" alt="Again the cover"></p>
"""
    items = [
        item(101, "Them!", body("Them!", pictures), extra=meta("_thumbnail_id", "201")),
        item(102, "Tarantula", body("Tarantula", ""), extra=meta("_thumbnail_id", "203")),
        # Attachments after the posts that use them, as exports often list them.
        attachment(201, "2024/02/them-cover.jpg", alt="Them! Blu-ray cover, ants on red"),
        attachment(202, "2024/02/ants.jpg", alt="Giant ant in the tunnel", caption="From the attachment"),
        attachment(203, "2024/02/tarantula-cover.jpg", alt="Tarantula cover"),
    ]
    path = tmp_path / "export.xml"
    path.write_text(wxr(items))
    return path, tmp_path / "uploads"


def review(title):
    return Review.objects.get(film__title=title)


def test_the_featured_image_and_the_body_pictures_come_in_with_alt_and_caption(export):
    path, uploads = export

    result = run_command("import", "wordpress", str(path), "--media-dir", str(uploads), verbosity=2)

    assert result.ok, result.text
    them = review("Them!")
    front = Image.objects.get(kind="front")
    assert front.alt == "Them! Blu-ray cover, ants on red" and (front.width, front.height) == (600, 900)
    assert front.release_id == them.release_id  # the edition's cover
    captures = list(Image.objects.filter(review=them, kind="capture"))
    assert [(c.alt, c.caption) for c in captures] == [
        ("Giant ant in the tunnel", "The ants' nest at dawn."),
        ("The desert test site", "Ground zero"),
    ]
    assert (captures[0].width, captures[0].height) == (1920, 1080)  # the original, not the resized copy


def test_missing_outside_and_hostile_pictures_are_named_and_the_posts_still_come_in(export):
    path, uploads = export

    result = run_command("import", "wordpress", str(path), "--media-dir", str(uploads), verbosity=2)

    assert result.ok, result.text
    text = " ".join(result.text.split())
    assert "post 101" in text and "post 102" in text
    assert "2024/02/gone.jpg: not found in" in text
    assert "2024/02/tarantula-cover.jpg: not found in" in text
    assert "https://elsewhere.example.com/banner.gif is not in the uploads folder" in text
    assert "“evil.jpg” is a ZIP archive, not a picture" in text
    assert Review.objects.count() == 2
    assert not Image.objects.filter(source_name="evil.jpg").exists()


def test_reimporting_adds_no_picture_twice(export):
    path, uploads = export
    run_command("import", "wordpress", str(path), "--media-dir", str(uploads))
    before = Image.objects.count()

    result = run_command("import", "wordpress", str(path), "--media-dir", str(uploads))

    assert result.ok and Image.objects.count() == before == 3


def test_without_a_media_folder_the_summary_says_which_posts_have_pictures(export):
    path, _ = export

    result = run_command("import", "wordpress", str(path))

    assert result.ok, result.text
    assert "2 post(s) have pictures, not imported" in " ".join(result.text.split())
    assert not Image.objects.exists()
