"""`import wordpress` learns the blog from its posts and sends the posts it is unsure of to the queue."""

import pytest

from reelpress.ingest.models import ImportedPage
from reelpress.ingest.tests.import_helpers import run_command
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Lantern Reels</title><wp:wxr_version>1.2</wp:wxr_version>
"""


def post(n: int, title: str, body: str) -> str:
    return f"""<item><title>{title}</title><link>https://lantern.example/{n}/</link>
<dc:creator><![CDATA[ida]]></dc:creator><wp:post_id>{n}</wp:post_id>
<wp:post_date_gmt>2021-05-0{n} 10:00:00</wp:post_date_gmt><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type><wp:post_name>post-{n}</wp:post_name>
<content:encoded><![CDATA[{body}
<p>Support the Lantern on Patreon and never miss a Friday column.</p>]]></content:encoded></item>
"""


def export(tmp_path, posts):
    path = tmp_path / "lantern.xml"
    path.write_text(HEAD + "".join(posts) + "</channel></rss>\n")
    return path


SURE = [
    (
        1,
        "Harbor Lights (1951)",
        "<p>Director: Ruth Okafor</p><p>A dockside drama with a real feel for rain.</p>",
    ),
    (
        2,
        "The Glass Orchard (1963)",
        "<p>Director: Piet Vandermeer</p><p>A family saga told in one summer.</p>",
    ),
    (
        3,
        "Cold Meridian (1972)",
        "<p>Director: Tomas Ferreira</p><p>A polar thriller that keeps its nerve.</p>",
    ),
]


def test_lines_every_post_repeats_are_learned_as_chrome_and_reported(tmp_path):
    result = run_command("import", "wordpress", str(export(tmp_path, [post(*p) for p in SURE])))

    assert result.ok, result.text
    assert "learned from 3 pages of lantern.xml: 1 repeated lines dropped as site chrome" in result.text
    assert Review.objects.filter(status=Review.Status.PUBLISHED).count() == 3


def test_a_post_whose_film_is_uncertain_waits_as_a_draft_in_the_queue(tmp_path):
    unsure = post(
        4, "Notes from a wet weekend", "<p>Three discs arrived, and one of them was a surprise.</p>"
    )
    result = run_command("import", "wordpress", str(export(tmp_path, [post(*p) for p in SURE] + [unsure])))

    assert result.ok, result.text
    review = Review.objects.get(slug="post-4")
    assert review.status == Review.Status.DRAFT
    row = ImportedPage.objects.get(review=review)
    assert row.status == ImportedPage.Status.NEEDS_LOOK
    assert "no year found (another film may share the title)" in row.reasons
    assert Review.objects.get(slug="post-1").status == Review.Status.PUBLISHED
