"""Every absolute link names the site's real address: the request's for pages, HOST:PORT for emails,
REELPRESS_SITE_URL for everything when it is set."""

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.test import override_settings
from selectolax.lexbor import LexborHTMLParser as HTMLParser

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
SERVED = "http://127.0.0.1:18801"


def settings_site_url(**env) -> str:
    """SITE_URL as a fresh process computes it from the environment."""
    environment = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT", "REELPRESS_SITE_URL")}
    environment.update(env, DJANGO_SETTINGS_MODULE="reelpress.settings")
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=ROOT, capture_output=True, text=True
    )
    return out.stdout.strip()


def test_without_a_configured_address_commands_and_emails_follow_host_and_port():
    assert settings_site_url() == "http://127.0.0.1:8000"
    assert settings_site_url(PORT="18801") == SERVED
    assert settings_site_url(HOST="0.0.0.0", PORT="9000") == "http://127.0.0.1:9000"  # noqa: S104
    assert settings_site_url(PORT="9000", REELPRESS_SITE_URL="https://reviews.example.org/") == (
        "https://reviews.example.org"
    )


def every_link(client, review, host):
    """The absolute links a reader and a machine see: page head, JSON-LD, API, sitemap, robots."""
    get = lambda url: client.get(url, HTTP_HOST=host)  # noqa: E731
    tree = HTMLParser(get(review.get_absolute_url()).content.decode())
    data = json.loads(tree.css_first('script[type="application/ld+json"]').text())
    links = {
        "canonical": tree.css_first('link[rel="canonical"]').attributes["href"],
        "og:url": tree.css_first('meta[property="og:url"]').attributes["content"],
        "json-ld": data["url"],
        "json-ld publisher": data["publisher"]["url"],
        "json-ld director": data["itemReviewed"]["director"][0]["url"],
        "film canonical": HTMLParser(get(review.film.get_absolute_url()).content.decode())
        .css_first('link[rel="canonical"]')
        .attributes["href"],
        "api review": get(f"/api/reviews/{review.slug}").json()["url"],
        "api list": get("/api/reviews").json()["items"][0]["url"],
        "api film": get(f"/api/films/{review.film.slug}").json()["credits"][0]["person"]["url"],
    }
    sitemap = ElementTree.fromstring(get("/sitemap.xml").content)
    links["sitemap"] = sitemap[0][0].text
    links["robots"] = get("/robots.txt").content.decode().split("Sitemap: ")[1].strip()
    return links


@override_settings(SITE_URL=SERVED, SITE_URL_CONFIGURED=False)
def test_pages_and_the_api_link_to_the_address_they_were_asked_for(client, stored):
    review = stored(slug="them")
    for host in ("127.0.0.1:18801", "localhost:9000"):
        links = every_link(client, review, host)
        assert all(url.startswith(f"http://{host}/") for url in links.values()), links


@override_settings(SITE_URL="https://reviews.example.org", SITE_URL_CONFIGURED=True)
def test_a_configured_address_wins_everywhere_but_the_request_built_sitemap(client, stored):
    review = stored(slug="them")
    links = every_link(client, review, "127.0.0.1:18801")
    # The sitemap and robots.txt are Django's own and follow the request; the rest the setting.
    assert {k for k, url in links.items() if not url.startswith("https://reviews.example.org/")} == {
        "sitemap",
        "robots",
    }


@override_settings(SITE_URL=SERVED, SITE_URL_CONFIGURED=False, REELPRESS_EDITOR_EMAILS=["ed@example.org"])
def test_reader_mail_emails_link_to_the_served_address(
    client, stored, mailoutbox, django_capture_on_commit_callbacks
):
    cache.clear()
    review = stored(slug="them")
    letter = {
        "name": "Rita",
        "email": "rita@example.net",
        "subject": "Ants",
        "message": "Lovely disc.",
        "review": review.slug,
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/mail/", letter, HTTP_HOST="127.0.0.1:18801")
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        bodies = [message.body] + [html for html, _ in message.alternatives]
        for body in bodies:
            assert SERVED + "/" in body and ":8000" not in body, body


def test_serve_tells_its_workers_the_address_it_binds(monkeypatch):
    from django.core.management import call_command

    from reelpress.site.management.commands import serve

    started = []
    monkeypatch.setattr(serve.os, "execv", lambda path, argv: started.append(argv))
    monkeypatch.setenv("PORT", "8000")  # restored after the test, as HOST is
    monkeypatch.setenv("HOST", "localhost")
    call_command("serve", "--port", "18801", "--host", "127.0.0.1")
    assert "127.0.0.1:18801" in started[0]
    assert (os.environ["HOST"], os.environ["PORT"]) == ("127.0.0.1", "18801")
