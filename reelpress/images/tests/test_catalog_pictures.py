"""Film, edition, person, label and critic pages show their pictures (cover, packaging,
portrait, logo), and the film page compares editions frame by frame; without pictures, none of
it is printed."""

import pytest

from reelpress.images import uploads
from reelpress.images.tests.samples import jpeg
from reelpress.images.tests.shown import capture, cover, logo, page, portrait

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editions(stored):
    """Them! on DVD (2002) and on Blu-ray (2014), each reviewed with captures."""
    dvd = stored(slug="them-dvd", disc_format="DVD", street_date="2002-08-06", label="Warner Home Video")
    bluray = stored(slug="them-bluray", reviewer="Bo Critic")
    assert dvd.film_id == bluray.film_id and dvd.release_id != bluray.release_id
    return dvd, bluray


def test_the_film_page_compares_two_editions_at_the_same_timecode(client, two_editions):
    dvd, bluray = two_editions
    capture(dvd, dvd.release, "0:12:34", "Soft and dark", color=(20, 20, 20))
    capture(bluray, bluray.release, "0:12:34", "Grain intact", color=(60, 60, 60))
    capture(bluray, bluray.release, "0:40:00", "Only on the Blu-ray")  # no partner: not compared
    tree = page(client, dvd.film.get_absolute_url())
    groups = tree.css(".shots .shot-compare[data-compare]")
    assert len(groups) == 1
    assert groups[0].css_first("h3").text() == "At 12:34"
    frames = groups[0].css(".shot-compare__frame")
    # Oldest edition first, each labelled with the edition, as two plain pictures without script.
    assert [f.attributes["data-edition"] for f in frames] == [
        "DVD, Warner Home Video, 2002",
        "Blu-ray, Warner Archive Collection, 2014",
    ]
    assert [f.css_first("figcaption strong").text() for f in frames] == [
        "DVD, Warner Home Video, 2002",
        "Blu-ray, Warner Archive Collection, 2014",
    ]
    assert all(f.css_first("img").attributes["alt"] == "Frame at 0:12:34" for f in frames)
    assert all(f.css_first("a.gallery__link").attributes["href"].endswith(".webp") for f in frames)
    script = tree.css_first('head script[src$="images/compare.js"]')
    assert script is not None and "defer" in script.attributes


def test_a_film_whose_editions_share_no_timecode_has_no_comparison(client, two_editions):
    dvd, bluray = two_editions
    capture(dvd, dvd.release, "0:12:34")
    capture(bluray, bluray.release, "0:12:40")
    tree = page(client, dvd.film.get_absolute_url())
    assert tree.css(".shots, [data-compare]") == []
    assert "compare.js" not in tree.html


def test_the_film_page_shows_the_newest_editions_cover_and_each_editions_cover(client, two_editions):
    dvd, bluray = two_editions
    old = cover(dvd.release, alt="DVD cover")
    new = cover(bluray.release, alt="Blu-ray cover")
    tree = page(client, dvd.film.get_absolute_url())
    main = tree.css_first("header .review__cover img").attributes
    assert main["alt"] == new.alt and main["fetchpriority"] == "high" and main["loading"] == "eager"
    assert (
        tree.css_first('link[rel="preload"][as="image"]').attributes["imagesrcset"]
        == new.sources()[0]["srcset"]
    )
    heads = [img.attributes["alt"] for img in tree.css("table.compare thead .compare__cover img")]
    assert heads == [old.alt, new.alt]
    # The reviews listed on the film page carry their edition's cover too.
    listed = sorted(img.attributes["alt"] for img in tree.css(".review-item__cover img"))
    assert listed == [new.alt, old.alt]


def test_the_edition_page_shows_its_cover_and_packaging(client, stored):
    review = stored()
    front = cover(review.release)
    back = uploads.add(
        review.release, jpeg(1000, 1500), "back", "back.jpg", alt="Back cover", caption="The back"
    )
    tree = page(client, review.release.get_absolute_url())
    main = tree.css_first("header .review__cover img").attributes
    assert main["alt"] == front.alt and main["fetchpriority"] == "high"
    assert tree.css_first('link[rel="preload"][as="image"]') is not None
    packaging = tree.css(".gallery__list--packaging .gallery__item")
    assert len(packaging) == 1
    assert packaging[0].css_first("img").attributes["alt"] == back.alt
    assert packaging[0].css_first("figcaption").text() == "The back"
    # The edition's reviews list with its cover.
    assert [i.attributes["alt"] for i in tree.css(".review-item__cover img")] == [front.alt]


def test_the_person_page_shows_their_portrait(client, stored):
    review = stored()
    director = review.film.credits.get(role="director").person
    face = portrait(director, alt="Gordon Douglas on set")
    tree = page(client, director.get_absolute_url())
    img = tree.css_first(".page-header__portrait img").attributes
    assert img["alt"] == face.alt and (img["width"], img["height"]) == ("800", "800")


def test_the_label_page_shows_its_logo(client, stored):
    review = stored()
    mark = logo(review.release.label)
    tree = page(client, review.release.label.get_absolute_url())
    img = tree.css_first(".page-header__logo img").attributes
    assert img["alt"] == mark.alt
    assert img["src"].endswith(".png")  # a transparent logo keeps PNG as its fallback


def test_the_critics_page_shows_their_portrait(client, stored):
    review = stored()
    face = portrait(review.author)
    tree = page(client, review.author.get_absolute_url())
    assert tree.css_first(".page-header__portrait img").attributes["alt"] == face.alt


def test_pages_without_pictures_print_no_picture_markup(client, two_editions):
    dvd, _ = two_editions
    director = dvd.film.credits.get(role="director").person
    for url in (
        dvd.film.get_absolute_url(),
        dvd.release.get_absolute_url(),
        director.get_absolute_url(),
        dvd.release.label.get_absolute_url(),
        dvd.author.get_absolute_url(),
    ):
        tree = page(client, url)
        assert tree.css("img, picture, link[rel=preload], .shots") == [], url
        for empty in ("page-header--portrait", "page-header--logo", "review__cover", "gallery"):
            assert empty not in tree.html, (url, empty)


def test_a_decorative_capture_still_gives_its_link_a_name(client, stored):
    review = stored()
    uploads.add(review, jpeg(), "capture", "c.jpg", decorative=True, caption="Title card")
    tree = page(client, review.get_absolute_url())
    link = tree.css_first(".gallery__link")
    assert link.css_first("img").attributes["alt"] == ""
    assert link.text().strip() == "(full size)"
