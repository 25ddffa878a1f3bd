"""Whatever a reader types, search answers: a hypothesis test over arbitrary text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reelpress.search import search, suggest

pieces = st.sampled_from(
    ['"', "-", "*", "OR", "AND", "NOT", "(", ")", ":", "title:", "year:", "..", "\x00", "'", "\\"]
)
text = st.lists(st.one_of(st.text(max_size=30), pieces), max_size=20).map(" ".join)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(text, st.text(max_size=10_000)))
def test_any_text_gets_results_or_an_empty_page(spacewalker, query):
    results = search(query)
    assert results.total >= 0
    assert isinstance(suggest(query), list)
