"""``lib.urls.slug_url`` gives what ``reverse()`` gives, whatever the slug, prefix or URLconf."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from reelpress.lib.urls import slug_url

NAMES = [
    "catalog:film",
    "catalog:person",
    "catalog:label",
    "catalog:release",
    "reviews:review",
    "reviews:author",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("slug", ["them-1954", "a", "x_y-2", "Upper-Case", "0"])
def test_it_gives_what_reverse_gives(name, slug):
    assert slug_url(name, slug) == reverse(name, args=[slug])


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/site/")
        assert (
            slug_url("reviews:review", "them")
            == "/site/reviews/them/"
            == reverse("reviews:review", args=["them"])
        )
    finally:
        clear_script_prefix()
    assert slug_url("reviews:review", "them") == "/reviews/them/"


def test_what_is_not_a_string_goes_through_reverse():
    assert slug_url("reviews:review", 12) == reverse("reviews:review", args=[12]) == "/reviews/12/"


@pytest.mark.parametrize("bad", ["", "two words", "ünï", "a/b"])
def test_what_is_not_a_slug_fails_as_reverse_does(bad):
    with pytest.raises(NoReverseMatch):
        reverse("reviews:review", args=[bad])
    with pytest.raises(NoReverseMatch):
        slug_url("reviews:review", bad)


def test_it_follows_a_urlconf_set_for_the_request(settings):
    from django.urls import set_urlconf

    try:
        set_urlconf("reelpress.site.tests.urls_elsewhere")
        assert slug_url("reviews:review", "them") == "/elsewhere/reviews/them/"
    finally:
        set_urlconf(None)
    assert slug_url("reviews:review", "them") == "/reviews/them/"
