"""The review page shows its pictures: the cover as the page's main image (preloaded, eager, high
priority), the captures as a captioned gallery opening full size, the critic's portrait in the
"About" box, og:image and JSON-LD image; a review without pictures prints none of it."""

import pytest

from reelpress.images.tests.shown import capture, cover, imgs, jsonld, meta, page, portrait

pytestmark = pytest.mark.django_db


@pytest.fixture
def illustrated(stored):
    review = stored(slug="them", headline="Them!")
    front = cover(review.release)
    shots = [
        capture(review, review.release, "0:12:34", "The ants' nest at night"),
        capture(review, review.release, "1:02:03", "The storm drains", color=(90, 20, 20)),
    ]
    face = portrait(review.author)
    return review, front, shots, face


def test_the_cover_is_the_pages_main_picture_preloaded(client, illustrated):
    review, front, _, _ = illustrated
    tree = page(client, review.get_absolute_url())
    main = tree.css_first("header.review__header picture.review__cover img").attributes
    assert main["src"] == front.src(640)
    assert (main["width"], main["height"]) == ("1000", "1500")
    assert main["alt"] == "Front cover: a giant ant over the desert"
    assert main["loading"] == "eager" and main["fetchpriority"] == "high"
    assert main["srcset"] == front.srcset() and "320w" in main["srcset"]
    sources = tree.css("picture.review__cover source")
    assert [s.attributes["type"] for s in sources] == [t["type"] for t in front.sources()]
    assert "image/webp" in [s.attributes["type"] for s in sources]
    # The preload hint asks for the same rendition as the <img>: same srcset, same sizes.
    hint = tree.css_first('head link[rel="preload"][as="image"]').attributes
    assert hint["imagesizes"] == main["sizes"]
    assert hint["imagesrcset"] == front.sources()[0]["srcset"]
    assert hint["fetchpriority"] == "high"


def test_captures_are_a_gallery_with_captions_each_opening_full_size(client, illustrated):
    review, _, shots, _ = illustrated
    tree = page(client, review.get_absolute_url())
    items = tree.css(".gallery .gallery__item")
    assert len(items) == 2
    for item, shot in zip(items, shots, strict=True):
        link = item.css_first("a.gallery__link").attributes["href"]
        assert link == shot.src(None, "webp")  # the widest rendition
        assert link.endswith(".webp") and "-1920-" in link
        img = item.css_first("img").attributes
        assert img["loading"] == "lazy" and (img["width"], img["height"]) == ("1920", "1080")
        assert img["alt"] == shot.alt
        caption = item.css_first("figcaption").text(separator=" ")
        assert shot.caption in caption and shot.timecode_display in caption
        assert "Blu-ray, Warner Archive Collection, 2014" in caption
    # Order is the editor's.
    assert "The ants' nest" in items[0].text() and "storm drains" in items[1].text()


def test_the_critics_portrait_is_in_the_about_box(client, illustrated):
    review, _, _, face = illustrated
    tree = page(client, review.get_absolute_url())
    img = tree.css_first(".author-box .author-box__portrait img").attributes
    assert img["alt"] == "Portrait of the critic" and img["loading"] == "lazy"
    assert img["src"] == face.src(640)


def test_open_graph_and_json_ld_name_the_cover_with_its_size(client, illustrated, settings):
    settings.REELPRESS_SITE_URL = ""
    review, front, shots, _ = illustrated
    tree = page(client, review.get_absolute_url())
    url = meta(tree, "og:image")
    assert url.startswith("http://testserver/media/images/") and url.endswith(".jpg")
    assert url == "http://testserver" + front.src(1200, "jpeg")
    assert meta(tree, "og:image:width") == "1000"  # the cover is 1000 wide: the widest it has
    assert meta(tree, "og:image:height") == "1500"
    assert meta(tree, "og:image:alt") == front.alt
    assert meta(tree, "og:image:type") == "image/jpeg"
    images = jsonld(tree)["image"]
    assert [i["url"] for i in images] == [
        url,
        *["http://testserver" + s.src(1200, "jpeg") for s in shots],
    ]
    assert images[1] == {
        "@type": "ImageObject",
        "url": images[1]["url"],
        "contentUrl": images[1]["url"],
        "width": 1280,
        "height": 720,
        "encodingFormat": "image/jpeg",
        "caption": "The ants' nest at night",
    }


def test_a_review_without_pictures_prints_none_of_it(client, stored):
    review = stored(slug="plain")
    tree = page(client, review.get_absolute_url())
    assert imgs(tree, "img") == []
    assert tree.css("picture, .gallery, .author-box__portrait, link[rel=preload]") == []
    assert meta(tree, "og:image") is None
    assert "image" not in jsonld(tree)
    assert "author-box--portrait" not in tree.html


def test_a_reviews_own_lead_picture_wins_over_its_editions_cover(client, stored):
    from reelpress.images import uploads
    from reelpress.images.tests.samples import jpeg

    review = stored(slug="them")
    cover(review.release)
    own = uploads.add(review, jpeg(900, 600), "front", "lead.jpg", alt="The poster")
    tree = page(client, review.get_absolute_url())
    assert tree.css_first(".review__cover img").attributes["alt"] == own.alt


def test_a_review_of_no_edition_with_captures_only_shares_the_first_capture(client, stored):
    review = stored(slug="them")
    shot = capture(review, review.release)
    tree = page(client, review.get_absolute_url())
    assert tree.css(".review__cover, link[rel=preload]") == []
    assert meta(tree, "og:image").endswith(shot.src(1200, "jpeg"))


def test_the_other_reviews_of_the_film_show_their_covers_beside_the_pages_own(client, stored):
    """The page's pictures and the covers of the film's other reviews come from one query: each
    review still gets its own cover, and the page's cover is not another review's."""
    review = stored(slug="them", headline="Them!")
    other = stored(slug="them-dvd", disc_format="DVD", label="Warner Home Video", street_date="2002-05-21")
    theirs = cover(other.release, alt="The DVD's cover")
    tree = page(client, review.get_absolute_url())
    assert tree.css_first("header.review__header picture.review__cover") is None
    related = tree.css_first("section.related")
    assert [img.attributes["alt"] for img in related.css("img")] == [theirs.alt]
    mine = cover(review.release)
    tree = page(client, review.get_absolute_url())
    main = tree.css_first("header.review__header picture.review__cover img").attributes
    assert main["alt"] == mine.alt
    assert [img.attributes["alt"] for img in tree.css_first("section.related").css("img")] == [theirs.alt]
