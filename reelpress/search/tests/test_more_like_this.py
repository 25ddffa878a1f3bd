"""More like this: reviews sharing people, label and era, never the review itself or a hidden one."""

import pytest
from django.template import Context, Template

from reelpress.search import more_like_this

pytestmark = pytest.mark.django_db


def test_reviews_sharing_credits_come_first(stored, catalogue):
    sequel = stored(
        title="The Age of Pioneers",
        headline="The Age of Pioneers",
        year=2017,
        directors=["Someone Else"],
        cast=["Evgeniy Mironov"],
        label="Capelight",
    )
    similar = more_like_this(catalogue["spacewalker"])
    assert similar[0] == sequel
    assert catalogue["spacewalker"] not in similar


def test_hidden_reviews_are_never_suggested(stored, future, catalogue):
    stored(title="Draft Twin", headline="Draft Twin", year=2017, cast=["Evgeniy Mironov"], status="draft")
    stored(
        title="Future Twin",
        headline="Future Twin",
        year=2017,
        cast=["Evgeniy Mironov"],
        published_at=future,
        status="scheduled",
    )
    titles = [r.film.title for r in more_like_this(catalogue["spacewalker"])]
    assert "Draft Twin" not in titles and "Future Twin" not in titles


def test_the_include_renders_links(stored, catalogue):
    stored(title="Pioneers", headline="Pioneers", year=2017, cast=["Evgeniy Mironov"], directors=["A B"])
    html = Template('{% include "search/_more_like_this.html" %}').render(
        Context({"review": catalogue["spacewalker"]})
    )
    assert "More like this" in html and "Pioneers" in html
