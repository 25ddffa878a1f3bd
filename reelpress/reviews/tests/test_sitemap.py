"""/sitemap.xml is an index of per-app sections that list every public page and nothing else."""

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest

from reelpress.reviews.models import Column

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def all_urls(client):
    """Every <url> of every section the index lists, as {path: lastmod}."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    found = {}
    for loc in ET.fromstring(index.content).iter(f"{NS}loc"):  # noqa: S314 - our own output
        address = urlparse(loc.text)  # files after the first are ?p=N
        section = client.get(address.path + (f"?{address.query}" if address.query else ""))
        assert section.status_code == 200
        for url in ET.fromstring(section.content).findall(f"{NS}url"):  # noqa: S314 - our own output
            found[urlparse(url.findtext(f"{NS}loc")).path] = url.findtext(f"{NS}lastmod")
    return found


def test_the_sitemap_lists_every_public_page_and_no_hidden_one(client, stored, future):
    public = [
        stored(slug="them"),
        stored(title="Tarantula", year=1955, slug="tarantula", reviewer="Bo Critic"),
    ]
    draft = stored(
        title="Secret",
        year=1990,
        slug="secret",
        status="draft",
        directors=["Hidden Person"],
        label="Hidden Label",
    )
    scheduled = stored(
        title="Later",
        year=1991,
        slug="later",
        status="scheduled",
        published_at=future,
        reviewer="Future Critic",
    )
    Column.objects.create(date=dt.date.today(), title="This week", slug="this-week")
    Column.objects.create(date=dt.date.today() + dt.timedelta(days=5), title="Next", slug="next-week")
    urls = all_urls(client)

    for review in public:
        assert review.get_absolute_url() in urls
        assert urls[review.get_absolute_url()].startswith(str(review.updated_at.date()))
        assert review.film.get_absolute_url() in urls
        assert review.release.get_absolute_url() in urls
        assert review.author.get_absolute_url() in urls
    assert "/people/gordon-douglas/" in urls and "/people/james-whitmore/" in urls
    assert "/labels/warner-archive-collection/" in urls
    assert "/columns/this-week/" in urls
    for hidden in (draft, scheduled):
        assert hidden.get_absolute_url() not in urls
        assert hidden.film.get_absolute_url() not in urls
    for path in (
        "/people/hidden-person/",
        "/labels/hidden-label/",
        "/authors/future-critic/",
        "/columns/next-week/",
    ):
        assert path not in urls


def test_robots_txt_points_at_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body


def entries(xml: bytes) -> list[dict]:
    """Each <sitemap> or <url> of a sitemap document as {tag: text}."""
    root = ET.fromstring(xml)  # noqa: S314 - our own output and Django's
    return [{child.tag: (child.text or "").strip() for child in entry} for entry in root]


@pytest.mark.django_db(transaction=True, reset_sequences=True)  # keys from 1: the rows are in file 1
def test_the_written_xml_says_what_djangos_templates_say(rf, stored, settings):
    """The index and section files are written without templates; the entries must be exactly
    the ones Django's own views render (locations escaped, dates in the site's time zone)."""
    from django.contrib.sitemaps import views as django_views

    from reelpress.lib import sitemaps
    from reelpress.urls import SITEMAPS

    settings.TIME_ZONE = "America/New_York"
    stored(slug="ampersand", title="Cats & Dogs", year=2001, published_at="2026-01-10T02:30:00+00:00")
    stored(slug="plain", title="Plain", year=1950)
    pairs = [
        (
            django_views.index(rf.get("/sitemap.xml"), SITEMAPS),
            sitemaps.index(rf.get("/sitemap.xml"), SITEMAPS),
        )
    ]
    for section in SITEMAPS:
        request = rf.get(f"/sitemap-{section}.xml")
        pairs.append(
            (django_views.sitemap(request, SITEMAPS, section), sitemaps.sitemap(request, SITEMAPS, section))
        )
    for theirs, ours in pairs:
        theirs.render()
        assert entries(ours.content) == entries(theirs.content)
        assert ours.get("Last-Modified") == theirs.get("Last-Modified")
        assert ours["X-Robots-Tag"] == theirs["X-Robots-Tag"]
    films = entries(sitemaps.sitemap(rf.get("/sitemap-films.xml"), SITEMAPS, "films").content)
    assert any("cats-dogs" in entry[f"{NS}loc"] for entry in films)
