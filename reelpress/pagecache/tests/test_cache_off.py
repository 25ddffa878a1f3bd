"""With the page cache off (REELPRESS_PAGE_CACHE=0) no page is cached, but the figures worked
out once per change (archive years, more like this) still are: every change must retire them."""

from __future__ import annotations

import pytest
from django.db import transaction

from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cache_off(settings):
    settings.PAGE_CACHE = False


def test_the_archive_counts_follow_a_publication_with_the_page_cache_off(client, stored, cache_off):
    stored(slug="them-1954-blu-ray")
    assert "1 review<" in client.get("/archive/").content.decode()
    stored(title="Tarantula", year=1955, slug="tarantula-1955", headline="Tarantula!")
    assert "2 reviews<" in client.get("/archive/").content.decode()


def test_more_like_this_drops_an_unpublished_review_with_the_page_cache_off(client, stored, cache_off):
    them = stored(slug="them-1954-blu-ray")
    stored(title="Them Again", year=1955, slug="them-again-1955", headline="Them again")
    assert "/reviews/them-again-1955/" in client.get(them.get_absolute_url()).content.decode()
    with transaction.atomic():
        Review.objects.filter(slug="them-again-1955").update(status=Review.Status.DRAFT)
    assert "/reviews/them-again-1955/" not in client.get(them.get_absolute_url()).content.decode()
