"""The demo publication: loaded through the one path, every page renders, Spacewalker in full."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.catalog.models import Film, Label, Person, Release
from reelpress.reviews.models import Author, Column, Review

pytestmark = pytest.mark.django_db

SPACEWALKER_PEOPLE = [
    "Dmitriy Kiselev",
    "Evgeniy Mironov",
    "Konstantin Khabenskiy",
    "Vladimir Ilin",
    "Anatoliy Kotenyov",
    "Aleksandra Ursulyak",
    "Elena Panova",
    "Aleksandr Novin",
    "Gennadiy Smirnov",
    "Yuriy Nifontov",
    "Sergey Batalov",
    "Vladimir Bashta",
    "Kirill Kulakov",
    "Sergei Nevshupov",
    "Pavel Perepyolkin",
    "Anton Anisimov",
    "Nikolai Bulygin",
    "Alexey Kumakshin",
    "Andrey Shugaev",
    "Yuriy Poteenko",
    "Aleksandr Vartanov",
    "Sergey Kaluzhanov",
    "Yuriy Korotkov",
    "Oleg Pogodin",
    "Sergey Ageev",
    "Timur Bekmambetov",
    "Aleksandr Gorokhov",
]


@pytest.fixture
def demo():
    # Without the drawn pictures (seconds each time): reelpress/reviews/tests/test_demo_pictures.py has them.
    call_command("demo", "--no-pictures", verbosity=0)


def text_of(response):
    return " ".join(HTMLParser(response.content).body.text(separator=" ").split())


def test_the_demo_is_a_real_publication(demo):
    public = Review.objects.public()
    assert public.count() >= 25
    assert Author.objects.filter(reviews__in=public).distinct().count() >= 3
    assert Column.objects.public().count() >= 4
    months = {c.date.strftime("%Y-%m") for c in Column.objects.public()}
    assert len(months) >= 3
    assert Release.objects.values("disc_format").distinct().count() >= 3
    assert Label.objects.count() >= 5
    assert any(f.releases.filter(reviews__in=public).distinct().count() >= 2 for f in Film.objects.all())
    for review in public:
        assert 150 <= len(review.body.split()) <= 400, review.slug


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (Review.objects.count(), Person.objects.count(), Film.objects.count())
    call_command("demo", "--no-pictures", verbosity=0)
    assert (Review.objects.count(), Person.objects.count(), Film.objects.count()) == counts


def test_every_public_page_of_the_demo_renders(demo, client):
    urls = ["/", "/authors/", "/archive/", "/archive/2026/", "/browse/", "/labels/", "/mail/"]
    urls += ["/browse/format/", "/browse/decade/", "/browse/verdict/", "/search/?q=night"]
    for review in Review.objects.public().select_related("film", "release__label", "author"):
        urls += [review.get_absolute_url(), review.film.get_absolute_url(), review.author.get_absolute_url()]
        if review.release:
            urls.append(review.release.get_absolute_url())
            if review.release.label:
                urls.append(review.release.label.get_absolute_url())
    for column in Column.objects.public():
        urls.append(column.get_absolute_url())
    for person in Person.objects.filter(credits__film__reviews__in=Review.objects.public()).distinct()[:60]:
        urls.append(person.get_absolute_url())
    for url in dict.fromkeys(urls):
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_spacewalker_review_shows_every_fact(demo, client):
    response = client.get("/reviews/spacewalker-blu-ray/")
    assert response.status_code == 200
    page = text_of(response)
    for fact in ["Spacewalker", "Vremya pervykh", "The First Time", "2017", "137 min", "2.35:1", "Capelight"]:
        assert fact in page, fact
    for fact in ["Blu-ray", "19 January 2021", "English", "One Blu-ray in keep case"]:
        assert fact in page, fact
    for extra in ["The First Walk in Space", "26 min", "The Story Behind Spacewalker", "25 min", "Trailer"]:
        assert extra in page, extra
    for axis in ["Movie", "Video", "Sound", "Supplements"]:
        assert axis in page
    html = HTMLParser(response.content)
    linked = {a.text(strip=True) for a in html.css("a[href^='/people/']")}
    missing = [name for name in SPACEWALKER_PEOPLE if name not in linked]
    assert not missing, f"not linked to their person pages: {missing}"


def test_the_spacewalker_json_ld_is_a_review_of_a_movie(demo, client):
    html = HTMLParser(client.get("/reviews/spacewalker-blu-ray/").content)
    blocks = [json.loads(node.text()) for node in html.css('script[type="application/ld+json"]')]
    review = next(b for b in blocks if b.get("@type") == "Review")
    movie = review["itemReviewed"]
    assert movie["@type"] == "Movie"
    assert movie["name"] == "Spacewalker"
    assert movie["duration"] == "PT137M"
    assert [d["name"] for d in _as_list(movie["director"])] == ["Dmitriy Kiselev"]
    assert "Evgeniy Mironov" in [a["name"] for a in movie["actor"]]
    assert review["author"]["@type"] == "Person"


def test_a_person_page_lists_every_film_and_role(demo, client):
    mironov = Person.objects.get(name="Evgeniy Mironov")
    page = text_of(client.get(mironov.get_absolute_url()))
    assert "Spacewalker" in page
    assert "Cast" in page or "Actor" in page
    assert "Producer" in page


def test_the_feeds_list_every_public_demo_review_and_nothing_else(demo, client):
    public = {r.get_absolute_url() for r in Review.objects.public()}
    assert len(public) < 30, "the feeds carry the newest 30: the demo must fit for this test"
    rss = ET.fromstring(client.get("/feeds/reviews.rss").content)
    rss_paths = {"/" + link.split("/", 3)[3] for link in (i.findtext("link") for i in rss.iter("item"))}
    assert rss_paths == public
    atom_ns = "{http://www.w3.org/2005/Atom}"
    atom = ET.fromstring(client.get("/feeds/reviews.atom").content)
    atom_paths = {
        "/" + e.find(f"{atom_ns}link").get("href").split("/", 3)[3] for e in atom.iter(f"{atom_ns}entry")
    }
    assert atom_paths == public


def _as_list(value):
    return value if isinstance(value, list) else [value]


def test_the_demo_says_how_many_reviews_are_published_draft_and_scheduled(db):
    import io
    import re

    out = io.StringIO()
    call_command("demo", "--no-pictures", stdout=out)
    said = re.search(
        r"Of the (\d+) demo reviews, (\d+) are published .*?(\d+) (?:is a draft|are drafts) and (\d+)",
        out.getvalue(),
    )
    assert said, out.getvalue()
    total, published, drafts, scheduled = (int(n) for n in said.groups())
    assert published == Review.objects.public().count()
    assert drafts == Review.objects.filter(status=Review.Status.DRAFT).count()
    assert scheduled == Review.objects.count() - published - drafts
    assert total == Review.objects.count() == published + drafts + scheduled
    assert drafts >= 1 and scheduled >= 1
