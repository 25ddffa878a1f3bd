"""Search as you type offers labels and critics too, and the results page links the query syntax help."""

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

pytestmark = pytest.mark.django_db


def suggestions(client, q):
    return client.get("/search/suggest", {"q": q}).json()["suggestions"]


@pytest.fixture
def published(stored, future):
    stored(slug="them", label="Capelight Pictures", reviewer="Nadia Kurtz")
    stored(
        slug="hidden",
        title="Hidden",
        year=1990,
        label="Secret Label",
        reviewer="Draft Critic",
        status="draft",
    )
    stored(
        slug="later",
        title="Later",
        year=1991,
        label="Later Label",
        reviewer="Later Critic",
        published_at=future,
    )


def test_a_label_is_suggested_from_any_word_of_its_name(client, published):
    for typed in ("capel", "pict"):
        assert {"kind": "label", "label": "Capelight Pictures", "url": "/labels/capelight-pictures/"} in (
            suggestions(client, typed)
        ), typed


def test_a_critic_is_suggested_by_first_or_last_name(client, published):
    for typed in ("nadia", "kurtz"):
        assert {"kind": "critic", "label": "Nadia Kurtz", "url": "/authors/nadia-kurtz/"} in suggestions(
            client, typed
        )


def test_labels_and_critics_of_hidden_reviews_are_never_suggested(client, published):
    for typed in ("secret", "draft", "later"):
        assert [s for s in suggestions(client, typed) if s["kind"] in ("label", "critic")] == [], typed


def test_the_results_page_links_the_query_syntax_help(client, published):
    tree = HTMLParser(client.get("/search/?q=them").content.decode())
    assert tree.css("li.search-hit")
    link = tree.css_first('.search-summary a[href="#search-syntax"]')
    assert link is not None
    help_text = tree.css_first("#search-syntax").text()
    assert "director:" in help_text and "OR" in help_text
