"""A review's rendered body is kept by a hash of its text in the store every worker shares: one
worker renders it for all, and an edit is never answered with the old body."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from reelpress.lib import markdown

pytestmark = pytest.mark.django_db

BODY = "A tight, *serious* monster picture.\n\nThe disc is **sharp**."


@pytest.fixture
def cache_off(settings):
    settings.PAGE_CACHE = False  # every request renders its page: the path this cache is for


@pytest.fixture
def renders(monkeypatch):
    """The Markdown texts rendered from now on."""
    seen = []
    real = markdown.render

    def counting(text):
        seen.append(text)
        return real(text)

    monkeypatch.setattr(markdown, "render", counting)
    return seen


def test_a_body_rendered_by_one_worker_is_not_rendered_again_by_another(client, stored, cache_off, renders):
    review = stored(slug="them", body=BODY)
    assert "<em>serious</em>" in client.get(review.get_absolute_url()).content.decode()
    assert renders.count(BODY) == 1
    cache.clear()  # another worker: its own cache is empty, the shared store is not
    html = client.get(review.get_absolute_url()).content.decode()
    assert "<em>serious</em>" in html and "<strong>sharp</strong>" in html
    assert renders.count(BODY) == 1


def test_an_edited_body_is_shown_at_once_by_every_worker(client, stored, cache_off, renders):
    review = stored(slug="them", body=BODY)
    client.get(review.get_absolute_url())
    stored(slug="them", body=BODY.replace("*serious*", "*silly*"))
    for _ in range(2):  # this worker, then one whose own cache is empty
        html = client.get(review.get_absolute_url()).content.decode()
        assert "<em>silly</em>" in html and "<em>serious</em>" not in html
        cache.clear()
