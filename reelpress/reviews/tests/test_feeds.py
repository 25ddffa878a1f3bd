"""RSS and Atom feeds list every public review (and nothing else), parsed as XML."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from reelpress.reviews.models import Author, Column, ColumnEntry

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own output
    return [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "description": item.findtext("description"),
            "author": item.findtext("author") or item.findtext("{http://purl.org/dc/elements/1.1/}creator"),
        }
        for item in channel.findall("item")
    ]


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own output
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").attrib["href"],
            "summary": entry.findtext(f"{ATOM}summary"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def reviews(stored, future):
    public = [
        stored(slug="them", headline="Them!", blurb="Ants."),
        stored(
            title="Tarantula",
            year=1955,
            slug="tarantula",
            headline="Tarantula",
            blurb="A spider.",
            reviewer="Bo Critic",
        ),
    ]
    stored(title="Secret", year=1990, slug="secret", headline="Secret draft", status="draft")
    stored(title="Later", year=1991, slug="later", headline="Later", status="scheduled", published_at=future)
    Author.objects.update(email="private@example.org")
    return public


def test_the_rss_feed_lists_every_public_review_with_its_blurb(client, reviews):
    items = rss_items(client, "/feeds/reviews.rss")
    assert sorted(i["title"] for i in items) == ["Tarantula", "Them!"]
    by_title = {i["title"]: i for i in items}
    assert by_title["Them!"]["description"] == "Ants."
    assert by_title["Them!"]["link"].endswith("/reviews/them/")


def test_the_atom_feed_lists_every_public_review_with_its_blurb(client, reviews):
    entries = atom_entries(client, "/feeds/reviews.atom")
    assert sorted(e["title"] for e in entries) == ["Tarantula", "Them!"]
    by_title = {e["title"]: e for e in entries}
    assert by_title["Tarantula"]["summary"] == "A spider."
    assert by_title["Tarantula"]["author"] == "Bo Critic"
    assert by_title["Tarantula"]["link"].endswith("/reviews/tarantula/")


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/reviews.rss",
        "/feeds/reviews.atom",
        "/feeds/authors/ada-critic.rss",
        "/feeds/authors/ada-critic.atom",
        "/feeds/columns.rss",
        "/feeds/columns.atom",
    ],
)
def test_no_feed_carries_an_email_address_or_a_hidden_review(client, reviews, url):
    body = client.get(url).content.decode()
    assert "@" not in body.replace("xmlns", "")
    assert "Secret draft" not in body and "Later" not in body


def test_an_author_feed_lists_only_that_authors_public_reviews(client, reviews):
    assert [i["title"] for i in rss_items(client, "/feeds/authors/ada-critic.rss")] == ["Them!"]
    assert [e["title"] for e in atom_entries(client, "/feeds/authors/bo-critic.atom")] == ["Tarantula"]
    assert client.get("/feeds/authors/nobody.rss").status_code == 404


def test_a_critic_with_nothing_public_has_no_feed(client, stored):
    stored(slug="draft", status="draft", reviewer="Shy Critic")
    assert client.get("/feeds/authors/shy-critic.rss").status_code == 404


def test_the_column_feeds_list_public_updates_only(client, reviews):
    today = dt.date.today()
    column = Column.objects.create(date=today, title="This week", slug="this-week")
    ColumnEntry.objects.create(column=column, review=reviews[0])
    Column.objects.create(date=today + dt.timedelta(days=2), title="Future update", slug="future")
    Column.objects.create(date=today, title="Hidden update", slug="hidden", is_published=False)
    items = rss_items(client, "/feeds/columns.rss")
    assert [i["title"] for i in items] == ["This week"]
    assert "Them!" in items[0]["description"]
    assert [e["title"] for e in atom_entries(client, "/feeds/columns.atom")] == ["This week"]


def test_pages_advertise_the_feeds(client, reviews):
    body = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in body and 'href="/feeds/reviews.rss"' in body
    assert 'type="application/atom+xml"' in body and 'href="/feeds/reviews.atom"' in body
