"""Markdown bodies become sanitised HTML: scripts, event handlers and javascript: URLs never reach a page."""

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.lib.markdown import render

NASTY = """A *fine* film. <b>Bold</b> and <i>Them!</i>.

<script>alert('body')</script>

<img src="x.png" onerror="alert('img')"> <a href="javascript:alert('a')" onclick="alert('c')">click</a>
[md link](javascript:alert('md')) [upper](JAVASCRIPT:alert(1)) <a href="  javascript:alert(2)">spaced</a>

<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>
<div style="background:url(javascript:alert(3))" onmouseover="alert(4)">hover</div>

[safe](https://example.org/page)
"""


def assert_clean(tree):
    assert not tree.css("script, iframe, style, object, embed")
    for node in tree.css("*"):
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), (node.tag, name)
            assert name.lower() != "style"
            assert "javascript:" not in (value or "").lower().replace(" ", ""), (node.tag, name, value)


def test_rendering_keeps_markdown_and_safe_html():
    tree = HTMLParser(str(render(NASTY)))
    assert tree.css_first("em").text() == "fine"
    assert tree.css_first("b").text() == "Bold"
    assert tree.css_first('a[href="https://example.org/page"]').text() == "safe"


def test_rendering_drops_scripts_handlers_and_javascript_urls():
    html = str(render(NASTY))
    assert_clean(HTMLParser(html))
    assert "alert('body')" not in html


@pytest.mark.django_db
def test_a_review_page_never_carries_what_the_body_tried_to_inject(client, stored):
    review = stored(slug="nasty", body=NASTY)
    tree = HTMLParser(client.get(review.get_absolute_url()).content.decode())
    body = tree.css_first(".review__body")
    assert body.css_first("em").text() == "fine"
    assert_clean(body)
    page_scripts = [s.attributes.get("type") or s.attributes.get("src") for s in tree.css("script")]
    assert all(s == "application/ld+json" or s.endswith("suggest.js") for s in page_scripts)


@pytest.mark.django_db
def test_a_stored_javascript_retailer_link_is_not_made_a_link(client, stored):
    review = stored(slug="bad-link", retailer="Shop", retailer_url="javascript:alert(1)")
    tree = HTMLParser(client.get(review.get_absolute_url()).content.decode())
    assert_clean(tree.css_first(".facts-list"))
    assert "Shop" in tree.css_first(".facts-list").text()
