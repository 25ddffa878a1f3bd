"""The tallies' triggers paused for the rest of one transaction, and the tallies rebuilt once
before it commits (PostgreSQL only; see migration 0003 for why).

A transaction that stores thousands of reviews updates the same few tally rows each time, and
PostgreSQL's cost of updating a row grows with its versions in that transaction: quadratic. Paused,
the triggers do nothing; on the way out the tallies are counted again from the rows (what
``reelpress counts --rebuild`` does: seconds at 100,000 reviews), inside the same transaction, so
readers never see them wrong. A dry run, which rolls back, skips the rebuild.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection

SETTING = "reelpress.counts_paused"


def _set(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, value])  # true: this transaction


def applies() -> bool:
    """Whether pausing is worth it here: on PostgreSQL only (SQLite keeps no row versions)."""
    return connection.vendor == "postgresql"


@contextmanager
def paused(rebuild: bool = True):
    """Inside a transaction: the tallies untouched by the writes made meanwhile, then rebuilt."""
    if not applies():
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("counts.pause.paused() needs a transaction (its setting ends with it)")
    _set("on")
    yield
    # Reached only when the block did not raise. A transaction marked for rollback (a dry run, a
    # stopped import) takes the setting and every write with it: nothing to catch up.
    if connection.needs_rollback:
        return
    _set("off")
    if rebuild:
        from reelpress.counts.recount import rebuild as rebuild_tallies

        rebuild_tallies()
