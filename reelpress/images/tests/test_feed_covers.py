"""A review's cover travels in the feeds as the item's enclosure (RSS) or enclosure link (Atom):
an absolute address, its length in bytes and its type; an item without a cover has none."""

import xml.etree.ElementTree as ET

import pytest

from reelpress.images.tests.shown import cover

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def one_with_cover(stored, settings):
    settings.REELPRESS_SITE_URL = ""
    plain = stored(slug="plain", title="Plain", year=1960, headline="Plain", label="Other Label")
    them = stored(slug="them", headline="Them!")
    return them, cover(them.release), plain


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own output


@pytest.mark.parametrize("url", ["/feeds/reviews.rss", "/feeds/authors/ada-critic.rss"])
def test_rss_items_carry_the_cover_as_an_enclosure(client, one_with_cover, url):
    them, front, _ = one_with_cover
    items = {i.findtext("title"): i for i in parse(client, url).iter("item")}
    enclosure = items["Them!"].find("enclosure").attrib
    chosen = next(r for r in front.renditions if r["format"] == "jpeg" and r["width"] == 640)
    assert enclosure == {
        "url": "http://testserver" + front.src(640, "jpeg"),
        "length": str(chosen["bytes"]),
        "type": "image/jpeg",
    }
    assert items["Plain"].find("enclosure") is None


def test_atom_entries_carry_the_cover_as_an_enclosure_link(client, one_with_cover):
    them, front, _ = one_with_cover
    entries = {
        e.findtext(f"{ATOM}title"): e for e in parse(client, "/feeds/reviews.atom").iter(f"{ATOM}entry")
    }
    links = [
        link.attrib for link in entries["Them!"].findall(f"{ATOM}link") if link.get("rel") == "enclosure"
    ]
    assert len(links) == 1
    assert links[0]["href"] == "http://testserver" + front.src(640, "jpeg")
    assert links[0]["type"] == "image/jpeg" and int(links[0]["length"]) > 1000
    plain = [link for link in entries["Plain"].findall(f"{ATOM}link") if link.get("rel") == "enclosure"]
    assert plain == []
