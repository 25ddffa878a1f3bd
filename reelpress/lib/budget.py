"""A time budget for the database statements of one answer whose cost a stranger shapes.

An API list under several filters together is read down one index and checked row by row; when
the combination is rare, that reads every row of the leading filter (an author's 40,000 reviews
at 1,000,000: 230 ms of CPU), and varying the combination defeats the page cache. A ``Budget`` is
shared by the statements of one answer; each runs inside ``budget.statement()`` and is stopped
when the budget is spent, raising ``OverBudget``. SQLite: a progress handler looks at the
thread's CPU time every ``STEPS`` virtual-machine instructions (CPU, not the clock: a busy server
must not refuse what it answers when quiet; SQLite runs in the calling thread). PostgreSQL: the
statement runs in a savepoint with ``statement_timeout`` set to what is left (the clock: the work
is in the server's process), restored after it.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction

STEPS = 10_000  # SQLite instructions between two looks at the CPU time (~0.1 ms)
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by statement_timeout


class OverBudget(Exception):
    """A statement ran past the budget and was stopped; nothing it read is used."""


class Budget:
    """``ms`` milliseconds of database work for the statements of one answer."""

    def __init__(self, ms: float):
        self.ms = ms
        self.cpu_deadline = time.thread_time() + ms / 1000
        self.clock_deadline = time.perf_counter() + ms / 1000

    @contextmanager
    def statement(self):
        """Run the block's statements within what is left of the budget, or raise ``OverBudget``."""
        if connection.vendor == "postgresql":
            with self._postgresql():
                yield
        elif connection.vendor == "sqlite":
            with self._sqlite():
                yield
        else:
            yield

    @contextmanager
    def _sqlite(self):
        if time.thread_time() > self.cpu_deadline:
            raise OverBudget(f"{self.ms} ms spent")
        connection.ensure_connection()
        raw, deadline = connection.connection, self.cpu_deadline
        raw.set_progress_handler(lambda: 1 if time.thread_time() > deadline else 0, STEPS)
        try:
            yield
        except OperationalError as error:
            if "interrupted" in str(error):
                raise OverBudget(f"{self.ms} ms spent") from error
            raise
        finally:
            raw.set_progress_handler(None, STEPS)

    @contextmanager
    def _postgresql(self):
        left = int((self.clock_deadline - time.perf_counter()) * 1000)
        if left <= 0:
            raise OverBudget(f"{self.ms} ms spent")
        # SET LOCAL lasts to the end of the outermost transaction: inside one, the value before is
        # put back after the block; outside, the block's own transaction ends it.
        outer, previous = connection.in_atomic_block, None
        if outer:
            with connection.cursor() as cursor:
                cursor.execute("SHOW statement_timeout")
                (previous,) = cursor.fetchone()
        try:
            # A savepoint: a cancelled statement aborts it, not the request's transaction.
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(left)])
                yield
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
                raise OverBudget(f"{self.ms} ms spent") from error
            raise
        finally:
            if outer and previous is not None and not connection.needs_rollback:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])


class _Unlimited(Budget):
    """No budget: statements run as they would without one."""

    def __init__(self):
        super().__init__(float("inf"))

    @contextmanager
    def statement(self):
        yield


UNLIMITED = _Unlimited()
