"""Whatever a reader types, search answers, without a logged error and at a bounded cost."""

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reelpress.search import search, suggest
from reelpress.search.query import MAX_PREFIXES, MAX_TERMS, AnyOf, Term, parse

pieces = st.sampled_from(
    [
        '"',
        "-",
        "*",
        "OR",
        "AND",
        "NOT",
        "(",
        ")",
        ":",
        "title:",
        "year:",
        "..",
        "\x00",
        "'",
        "\\",
        "the*",
        "and*",
        '-"',
        "year:1800..1999",
    ]
)
text = st.lists(st.one_of(st.text(max_size=30), pieces), max_size=20).map(" ".join)

# The shapes that once cost a worker (issue 13): many prefixes, repeats, long OR chains, nesting.
HOSTILE = [
    "the* " * 16,
    "the* and*",
    "the* and* of* tha* whe* ano*",
    " OR ".join(["the"] * 200),
    " OR ".join(f"word{n}*" for n in range(80)),
    '-"-"' * 120,
    '"the "the "the -"-the* -' * 30,
    "year:1800..1999 " * 30,
    "the " * 250,
    "NOT NOT NOT -the -and* " * 20,
]


def search_errors(records) -> list[str]:
    found = [r for r in records if r.name.startswith("reelpress.search")]
    return [r.getMessage() for r in found if r.levelno >= logging.WARNING]


def terms_of(query) -> list:
    items = []
    for item in query.must + query.must_not:
        items += list(item.items) if isinstance(item, AnyOf) else [item]
    return items


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(text, st.text(max_size=10_000)))
def test_any_text_gets_results_or_an_empty_page_and_no_search_error(spacewalker, caplog, query):
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="reelpress.search"):
        results = search(query)
        assert isinstance(suggest(query), list)
    assert results.total >= 0
    assert search_errors(caplog.records) == []  # a search cut short by its budget is no error


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_shapes_are_answered_without_a_search_error(spacewalker, caplog, query):
    with caplog.at_level(logging.INFO, logger="reelpress.search"):
        results = search(query)
        suggest(query)
    assert results.total >= 0
    assert search_errors(caplog.records) == []


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_shapes_parse_to_a_bounded_query(query):
    terms = terms_of(parse(query))
    assert len(terms) <= MAX_TERMS
    assert len([t for t in terms if isinstance(t, Term) and t.prefix]) <= MAX_PREFIXES
    assert len(terms) == len(set(terms)) or parse(query).must_not  # repeats kept only across polarity


def test_a_repeated_prefix_counts_once():
    query = parse("the* " * 16)
    assert query.must == [Term(("the",), prefix=True)]


def test_prefixes_past_the_cap_become_plain_words():
    query = parse("the* and* whe*")
    assert [t.prefix for t in query.must] == [True, True, False]


def test_a_long_or_chain_keeps_at_most_the_term_cap():
    query = parse(" OR ".join(f"word{n}" for n in range(60)))
    assert len(query.must) == 1 and len(query.must[0].items) == MAX_TERMS


def test_repeats_are_dropped_without_changing_the_meaning():
    assert parse("x -x").must == [Term(("x",))] and parse("x -x").must_not == [Term(("x",))]
    query = parse("alpha OR beta alpha")
    assert query.must == [AnyOf((Term(("alpha",)), Term(("beta",)))), Term(("alpha",))]
