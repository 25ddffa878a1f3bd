"""`reelpress import wordpress`: a WXR 1.2 export's posts become reviews with their WordPress facts."""

import datetime as dt

import pytest

from reelpress.ingest.tests.import_helpers import WXR, run_command, snapshot, summary_count
from reelpress.mail.models import Letter
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    result = run_command("import", "wordpress", str(WXR))
    assert result.ok, result.text
    return result


def test_published_posts_become_published_reviews_with_the_authors_display_name(imported):
    review = Review.objects.get(slug="cause-for-alarm")

    assert review.status == Review.Status.PUBLISHED
    assert review.author.name == "Glenn Erickson"  # dc:creator "glenn" -> wp:author display name
    assert review.headline == "Cause for Alarm!"
    assert review.film.title == "Cause for Alarm!" and review.film.year == 1951
    assert review.source_url == "https://savant.example.org/2024/02/27/cause-for-alarm/"
    assert review.published_at == dt.datetime(2024, 2, 27, 10, 0, tzinfo=dt.UTC)  # wp:post_date_gmt


def test_the_post_body_goes_through_the_page_extractor(imported):
    review = Review.objects.get(slug="cause-for-alarm")

    assert review.release.label.name == "ClassicFlix"
    assert review.release.disc_format == "Blu-ray"
    names = {c.person.name for c in review.film.credits.filter(role="director")}
    assert names == {"Tay Garnett"}
    assert review.ratings.get(axis="Movie").value == "Good"


def test_categories_and_tags_become_tags_and_the_excerpt_the_blurb(imported):
    review = Review.objects.get(slug="cause-for-alarm")

    assert sorted(t.name for t in review.tags.all()) == ["Blu-ray", "Film Noir", "Loretta Young"]
    assert review.blurb == "A woman alone noir from MGM."


def test_statuses_map_to_draft_and_scheduled_and_the_trash_is_skipped(imported):
    draft = Review.objects.get(source_url="https://savant.example.org/?p=102")
    scheduled = Review.objects.get(slug="the-shootist")

    assert draft.status == Review.Status.DRAFT
    assert draft.author.name == "Ada Critic"
    assert draft.headline == "Days of Heaven 4K"
    assert scheduled.status == Review.Status.SCHEDULED
    assert scheduled.published_at == dt.datetime(2099, 1, 1, 8, 0, tzinfo=dt.UTC)
    assert not Review.objects.filter(headline="Old post in the bin").exists()
    assert "in the WordPress trash" in imported.out
    assert Review.objects.count() == 3


def test_pages_and_attachments_are_left_out_with_a_note(imported):
    assert "left out items that are not posts: 1 attachment, 1 page" in imported.out
    assert not Review.objects.filter(headline="About").exists()


def test_reimporting_the_export_changes_nothing(imported):
    before = snapshot()

    result = run_command("import", "wordpress", str(WXR))

    assert result.ok, result.text
    assert snapshot() == before
    assert summary_count(result.out, "unchanged") == 3


def test_a_dry_run_stores_nothing():
    before = snapshot()

    result = run_command("import", "wordpress", str(WXR), "--dry-run")

    assert result.ok, result.text
    assert snapshot() == before
    assert summary_count(result.out, "would be created") == 3


def test_approved_comments_become_published_letters_once(tmp_path):
    result = run_command("import", "wordpress", str(WXR), "--comments")
    again = run_command("import", "wordpress", str(WXR), "--comments")

    assert result.ok and again.ok, result.text + again.text
    letter = Letter.objects.get()  # spam and the pingback stay out; the re-import adds none
    assert letter.name == "Reader One"
    assert letter.review.slug == "cause-for-alarm"
    assert letter.message == "I saw this on TV as a kid.\nIt scared me silly!"
    assert letter.is_public
    assert letter.received_at == dt.datetime(2024, 2, 28, 16, 15, tzinfo=dt.UTC)


def test_comments_are_not_imported_unless_asked(imported):
    assert not Letter.objects.exists()


def test_other_post_types_can_be_imported_on_request():
    result = run_command("import", "wordpress", str(WXR), "--post-types", "post,page")

    assert result.ok, result.text
    assert Review.objects.filter(headline="About").exists()
    assert "1 attachment" in result.out and "1 page" not in result.out


def test_an_older_wxr_version_without_authors_uses_the_author_option(tmp_path):
    export = tmp_path / "old.xml"
    export.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">'
        "<channel><wp:wxr_version>1.1</wp:wxr_version><item><title>Them!</title>"
        "<link>http://old.example.org/?p=7</link><dc:creator></dc:creator>"
        "<content:encoded><![CDATA[Them!\nBlu-ray\nWarner Archive Collection\n"
        "1954 / B&W / 1:37 Academy / 94 min.\nDirected by\nGordon Douglas\n\nGiant ants.]]></content:encoded>"
        "<wp:post_id>7</wp:post_id><wp:post_date_gmt>2009-05-01 12:00:00</wp:post_date_gmt>"
        "<wp:post_name>them</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        "</item></channel></rss>"
    )

    result = run_command("import", "wordpress", str(export), "--author", "Glenn Erickson")

    assert result.ok, result.text
    review = Review.objects.get(slug="them")
    assert review.author.name == "Glenn Erickson"
    assert review.film.year == 1954
    assert review.source_url == "http://old.example.org/?p=7"


def test_the_first_pass_counts_the_posts_to_import_for_the_progress_bar():
    from reelpress.ingest.importers.wordpress import WordPressSource

    source = WordPressSource(str(WXR), max_bytes=10 * 1024 * 1024, page_bytes=1024 * 1024)
    with_pages = WordPressSource(
        str(WXR), max_bytes=10 * 1024 * 1024, page_bytes=1024 * 1024, post_types=("post", "page")
    )

    assert (source.total, with_pages.total) == (4, 5)
    assert len(list(source)) == 4
