"""Every template's ``{% url %}`` is ``lib.url_tag``'s, which keeps its answers: it must print what
Django's tag prints whatever the arguments, script prefix or URLconf, and fail as it fails."""

from __future__ import annotations

import pytest
from django.template import Context, Template, engines
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from reelpress.lib.url_tag import CachedURLNode, _reverse


def render(text: str, **context) -> str:
    return engines["django"].from_string(text).render(context)


def test_every_template_gets_the_kept_tag():
    template = engines["django"].from_string("{% url 'reviews:home' %}")
    assert [type(node) for node in template.template.nodelist] == [CachedURLNode]


@pytest.mark.parametrize(
    ("text", "context", "name", "args", "kwargs"),
    [
        ("{% url 'reviews:home' %}", {}, "reviews:home", [], {}),
        ("{% url 'reviews:review' slug %}", {"slug": "them-1954"}, "reviews:review", ["them-1954"], {}),
        ("{% url 'reviews:review' slug=slug %}", {"slug": "a_b-2"}, None, None, None),
        ("{% url 'reviews:archive_year' year %}", {"year": 1999}, "reviews:archive_year", [1999], {}),
        ("{% url name 'x' %}", {"name": "catalog:film"}, "catalog:film", ["x"], {}),
    ],
)
def test_it_prints_what_reverse_gives(text, context, name, args, kwargs):
    expected = reverse(name, args=args, kwargs=kwargs) if name else reverse("reviews:review", kwargs=context)
    assert render(text, **context) == expected
    assert render(text, **context) == expected  # the kept answer, the second time


def test_a_new_argument_is_a_new_address():
    assert render("{% url 'reviews:review' s %}", s="one") == "/reviews/one/"
    assert render("{% url 'reviews:review' s %}", s="two") == "/reviews/two/"


def test_it_follows_the_script_prefix():
    assert render("{% url 'reviews:review' 'them' %}") == "/reviews/them/"
    try:
        set_script_prefix("/site/")
        assert render("{% url 'reviews:review' 'them' %}") == "/site/reviews/them/"
    finally:
        clear_script_prefix()
    assert render("{% url 'reviews:review' 'them' %}") == "/reviews/them/"


def test_it_follows_the_urlconf():
    assert render("{% url 'reviews:home' %}") == "/"
    with override_settings(ROOT_URLCONF="reelpress.site.tests.urls_elsewhere"):
        assert render("{% url 'reviews:home' %}") == "/elsewhere/"
    assert render("{% url 'reviews:home' %}") == "/"


def test_an_unknown_address_fails_as_djangos_does():
    with pytest.raises(NoReverseMatch):
        render("{% url 'reviews:nothing-here' %}")
    with pytest.raises(NoReverseMatch):
        render("{% url 'reviews:review' 'not a slug' %}")
    assert render("{% url 'reviews:nothing-here' as gone %}[{{ gone }}]") == "[]"


def test_as_var_sets_the_variable():
    assert (
        render("{% url 'reviews:review' 'x' as there %}<{{ there }}>")
        == "<" + reverse("reviews:review", args=["x"]) + ">"
    )


def test_what_is_not_plain_goes_through_reverse_every_time():
    class Slug:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

    before = _reverse.cache_info().currsize
    assert render("{% url 'reviews:review' s %}", s=Slug("first")) == "/reviews/first/"
    assert render("{% url 'reviews:review' s %}", s=Slug("second")) == "/reviews/second/"
    assert _reverse.cache_info().currsize == before


def test_a_plain_template_outside_the_engine_still_works():
    # Template() built directly uses the default engine, with the same builtins.
    assert Template("{% url 'reviews:home' %}").render(Context()) == "/"
