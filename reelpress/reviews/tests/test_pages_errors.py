"""The 404 and 500 pages are in the site's style; the 500 page needs neither database nor context."""

import pytest
from django.test import RequestFactory
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.site import views as site_views


@pytest.mark.django_db
def test_an_unknown_address_gets_the_styled_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    tree = HTMLParser(response.content.decode())
    assert tree.css_first("header.site-header .site-name") is not None
    assert tree.css_first("#site-search") is not None
    assert any("site/site.css" in (link.attributes.get("href") or "") for link in tree.css("link"))
    assert "not in the collection" in tree.css_first("h1").text()


@pytest.mark.django_db
def test_a_missing_review_gets_the_styled_404_page(client):
    response = client.get("/reviews/nothing-here/")
    assert response.status_code == 404
    assert HTMLParser(response.content.decode()).css_first("header.site-header") is not None


def test_the_500_page_renders_without_the_database():
    # No django_db mark: any query here would raise.
    response = site_views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    tree = HTMLParser(response.content.decode())
    assert tree.css_first("header.site-header .site-name").text() == "ReelPress"
    assert any("site/site.css" in (link.attributes.get("href") or "") for link in tree.css("link"))
