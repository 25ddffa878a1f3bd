"""lib.budget stops a statement that runs past an answer's budget, on SQLite and PostgreSQL, and
leaves the connection and its transaction as they were; the API answers a combination of filters
it cannot list within the budget with a 422, and without a count."""

import pytest
from django.db import connection, transaction

from reelpress.api import totals
from reelpress.lib import budget

pytestmark = pytest.mark.django_db


def slow_statement() -> str:
    if connection.vendor == "postgresql":
        return "SELECT pg_sleep(0.5)"
    # About 20 million SQLite instructions: well past a budget of 20 ms.
    return (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000) "
        "SELECT COUNT(*) FROM n"
    )


def statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_statement_past_the_budget_is_stopped_and_the_connection_goes_on():
    before = statement_timeout() if connection.vendor == "postgresql" else None
    spent = budget.Budget(20)
    with pytest.raises(budget.OverBudget), spent.statement(), connection.cursor() as cursor:
        cursor.execute(slow_statement())
    # Spent: the next statement of the same answer is refused before it starts.
    with pytest.raises(budget.OverBudget), spent.statement():
        pass
    with connection.cursor() as cursor:  # the transaction (the test's) is still usable
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    if connection.vendor == "postgresql":
        assert statement_timeout() == before
    else:
        # No handler left behind: the same slow statement now runs to its end.
        with connection.cursor() as cursor:
            cursor.execute(slow_statement())
            assert cursor.fetchone() == (2000000,)


def test_a_statement_within_the_budget_runs():
    with budget.Budget(5_000).statement(), connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)


def test_outside_a_transaction_the_timeout_ends_with_the_savepoint(transactional_db):
    assert not connection.in_atomic_block
    before = statement_timeout() if connection.vendor == "postgresql" else None
    with pytest.raises(budget.OverBudget), budget.Budget(20).statement(), connection.cursor() as cursor:
        cursor.execute(slow_statement())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 3")
        assert cursor.fetchone() == (3,)
    if before is not None:
        assert statement_timeout() == before


def test_the_api_refuses_a_combination_it_cannot_list_within_the_budget(
    client, stored, monkeypatch, settings
):
    settings.PAGE_CACHE = False
    stored(slug="one", reviewer="Ada Critic", label="Criterion", disc_format="DVD")
    stored(slug="two", title="Tarantula", year=1955, reviewer="Ada Critic", label="Criterion")
    combined = "/api/reviews?author=ada-critic&label=criterion&format=DVD"
    answer = client.get(combined).json()
    assert answer["count"] == 1 and [item["slug"] for item in answer["items"]] == ["one"]

    monkeypatch.setattr(totals, "BUDGET_MS", -1)  # spent before it starts: every statement is over
    refused = client.get(combined)
    assert refused.status_code == 422
    assert "time budget" in refused.json()["detail"][0]["msg"]
    # A count the tallies keep costs nothing: no filter together, nothing to refuse for the count.
    assert totals.count(None, "ada-critic", {}, film=False, spellings=[]).exact == 2
