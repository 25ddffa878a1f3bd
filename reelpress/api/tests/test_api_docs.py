"""The API can be found: /api/ points at interactive docs at /api/docs, served from the site itself."""

from urllib.parse import urlparse

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

pytestmark = pytest.mark.django_db


def tree(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return HTMLParser(response.content.decode())


def test_api_index_links_the_docs_and_the_schema(client):
    links = {a.attributes["href"] for a in tree(client, "/api/").css("main a")}
    assert {"/api/docs", "/api/openapi.json"} <= links


def test_the_footer_and_the_readme_link_the_api(client):
    from reelpress.site.tests.test_docs import README

    footer = {a.attributes["href"] for a in tree(client, "/").css(".site-footer a")}
    assert "/api/" in footer
    assert "/api/docs" in README


def test_the_docs_page_loads_every_asset_from_the_site(client):
    page = tree(client, "/api/docs")
    assets = [n.attributes["src"] for n in page.css("script[src]")]
    assets += [n.attributes["href"] for n in page.css("link[href]")]
    assert any("swagger-ui-bundle" in a for a in assets)
    for asset in assets:
        assert not urlparse(asset).netloc, asset
        assert client.get(asset).status_code == 200, asset


def test_swagger_ui_renders_the_endpoints_offline(live_server, page, stored, artifacts):
    offsite = []

    def only_our_site(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            offsite.append(route.request.url)
            route.abort()

    page.route("**/*", only_our_site)
    page.goto(live_server.url + "/api/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/reviews" in paths and "/api/search" in paths
    assert offsite == []
    page.screenshot(path=str(artifacts / "api-docs-1280.png"))
