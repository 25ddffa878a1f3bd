"""What readers, proxies and editors get from the page cache: validators, 304s, compression,
Cache-Control and Vary, live pages for editors, and no visitor's page given to another."""

from __future__ import annotations

import gzip

import brotli
import pytest
from django.test import Client

from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(stored):
    return stored(slug="them-1954-blu-ray")


def test_a_readers_second_visit_is_answered_from_the_cache_with_the_same_page(client, review):
    first = client.get(review.get_absolute_url())
    second = client.get(review.get_absolute_url())
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Headers the inner middleware set come back with the cached page.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_a_matching_etag_gets_304_and_a_changed_page_a_new_one(client, review):
    url = review.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    # The same content in another encoding is the same page to a validator.
    gz = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert gz["ETag"] != etag
    assert client.get(url, HTTP_IF_NONE_MATCH=gz["ETag"]).status_code == 304

    review.headline = "Them! Giant ants, sharper"
    review.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert b"sharper" in changed.content and changed["ETag"] != etag


def test_if_modified_since_answers_304_only_for_a_time_after_the_page_was_made(client, review):
    url = review.get_absolute_url()
    first = client.get(url)
    # The same second as the page: another version could share it, so the page is sent again.
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200
    assert client.get(url, HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT").status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE="Thu, 01 Jan 2015 00:00:00 GMT").status_code == 200


@pytest.mark.parametrize(
    "accept, encoding",
    [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("identity", None), ("", None)],
)
def test_pages_come_compressed_as_the_client_asks(client, review, accept, encoding):
    url = review.get_absolute_url()
    plain = client.get(url).content  # stores the page
    for _ in range(2):  # the miss and the hit answer alike
        response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
        assert response.get("Content-Encoding") == encoding
        assert "Accept-Encoding" in response["Vary"] and "Cookie" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        body = response.content
        if encoding == "br":
            body = brotli.decompress(body)
        elif encoding == "gzip":
            body = gzip.decompress(body)
        assert body == plain
        if encoding:
            assert len(response.content) < len(plain) / 2


def test_the_api_and_feeds_are_cached_and_compressed_too(client, review):
    # The reviews' sitemap is cut by pk range (2,000 a file): read the file that lists the review
    # (on PostgreSQL the sequences go on across tests, so its pk need not be in the first).
    sitemap = f"/sitemap-reviews.xml?p={(review.pk - 1) // 2000 + 1}"
    for url in ("/api/reviews", "/feeds/reviews.rss", sitemap):
        client.get(url)
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response["X-Page-Cache"] == "hit" and response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == client.get(url).content


def test_public_pages_let_a_shared_cache_keep_them_but_revalidate(client, review):
    response = client.get(review.get_absolute_url())
    assert response["Cache-Control"] == "public, no-cache"


def test_an_operator_may_let_a_cdn_keep_pages_for_some_seconds(settings, review):
    settings.PAGE_CACHE_PROXY_MAX_AGE = 30
    response = Client().get(review.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=30"


def test_a_head_request_gets_the_headers_of_the_cached_page(client, review):
    client.get(review.get_absolute_url())
    response = client.head(review.get_absolute_url())
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert response.content == b"" and int(response["Content-Length"]) > 1000


def test_editors_always_see_the_live_page_never_kept_by_anyone(client, editor, review, future):
    url = review.get_absolute_url()
    reader = Client()
    assert reader.get(url)["X-Page-Cache"] == "miss"
    client.force_login(editor)
    Review.objects.filter(pk=review.pk).update(headline="Edited where nothing tells the cache")
    for _ in range(2):
        response = client.get(url)
        assert "X-Page-Cache" not in response
        assert response["Cache-Control"] == "private, no-store"
        assert b"Edited where nothing tells the cache" in response.content


def test_a_draft_an_editor_previews_is_never_shown_to_a_reader(client, editor, stored, future):
    draft = stored(slug="them-draft", status="draft", headline="Not yet for readers")
    client.force_login(editor)
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and b"Not yet for readers" in preview.content
    reader = Client()
    for _ in range(2):
        assert reader.get(draft.get_absolute_url()).status_code == 404


def test_the_letter_form_with_its_csrf_token_is_never_cached(review):
    first, second = Client(), Client()
    one = first.get("/mail/")
    two = second.get("/mail/")
    assert "X-Page-Cache" not in one and "X-Page-Cache" not in two
    assert one["Cache-Control"] == "private, no-store"
    token = one.cookies["csrftoken"].value
    assert token != two.cookies["csrftoken"].value
    assert one.context["csrf_token"] != two.context["csrf_token"]


def test_a_page_that_sets_a_cookie_is_not_stored(client, review, rf):
    from django.http import HttpResponse

    from reelpress.pagecache.middleware import PageCacheMiddleware

    def view(request):
        response = HttpResponse("<p>for you only</p>" * 20, content_type="text/html")
        response.set_cookie("visitor", "42")
        return response

    middleware = PageCacheMiddleware(view)
    for _ in range(2):
        response = middleware(rf.get("/somewhere/"))
        assert response.cookies["visitor"].value == "42"
        assert "X-Page-Cache" not in response


def test_a_reader_with_a_session_or_messages_cookie_gets_the_live_page(client, review):
    url = review.get_absolute_url()
    client.get(url)
    for cookie in ("sessionid=abc", "messages=xyz", "csrftoken=t; sessionid=abc"):
        response = Client(HTTP_COOKIE=cookie).get(url)
        assert "X-Page-Cache" not in response and response["Cache-Control"] == "private, no-store"
    assert Client(HTTP_COOKIE="csrftoken=t").get(url)["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in Client(HTTP_AUTHORIZATION="Bearer x").get("/api/reviews")


def test_the_admin_is_never_cached(client):
    response = client.get("/admin/login/")
    assert "X-Page-Cache" not in response
