"""A time limit on the statements one search runs, on either database.

    with time_limit(seconds):   # raises SearchTimeout when a statement runs past it
        ...

PostgreSQL cancels a statement after `statement_timeout`, set for one transaction only
(`set_config(..., is_local => true)`). SQLite has no timeout, but it calls a progress handler
every few thousand virtual-machine steps, and a handler that answers non-zero interrupts the
statement. Either way Django raises OperationalError, which this turns into SearchTimeout so the
view can answer with a message instead of a 500.

On PostgreSQL the same transaction also turns off sequential scans and JIT compilation (see
SET_LIMITS), so that a capped count or a page of matches comes through the GIN indexes.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction

# For this transaction only (true). A sequential scan would check a word in each row's vector,
# read from out-of-line storage, which the planner does not count: 10 to 400 ms where the GIN
# index finds the same rows in 2 to 10 ms (docs/performance.md). Without JIT: a table left with
# no other way to read it than a scan gets a huge estimated cost, which would compile the plan.
SET_LIMITS = (
    "SELECT set_config('statement_timeout', %s, true), set_config('enable_seqscan', %s, true), "
    "set_config('jit', %s, true)"
)
PROGRESS_STEPS = 1000  # SQLite virtual-machine instructions between two looks at the clock


class SearchTimeout(Exception):
    """A search statement ran past its time limit and was stopped."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    try:
        if connection.vendor == "postgresql":
            # Inside an outer transaction the setting would outlive this block: put it back
            # after. (When the block fails, rolling back its savepoint undoes the setting.)
            nested = connection.in_atomic_block
            with transaction.atomic(), connection.cursor() as cursor:
                if nested:
                    cursor.execute(
                        "SELECT current_setting('statement_timeout'), "
                        "current_setting('enable_seqscan'), current_setting('jit')"
                    )
                    previous = cursor.fetchone()
                cursor.execute(SET_LIMITS, [f"{max(1, round(seconds * 1000))}", "off", "off"])
                yield
                if nested:
                    cursor.execute(SET_LIMITS, previous)
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            deadline = time.monotonic() + seconds
            database = connection.connection  # the sqlite3 connection Django opened
            database.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
            try:
                yield
            finally:
                database.set_progress_handler(None, 0)
        else:
            yield
    except OperationalError as error:
        if is_timeout(error):
            raise SearchTimeout from error
        raise


def is_timeout(error: OperationalError) -> bool:
    """Whether the database stopped the statement because of the limit (not some other fault)."""
    cause = error.__cause__
    if connection.vendor == "postgresql":
        return getattr(cause, "sqlstate", None) == "57014"  # query_canceled
    return "interrupted" in str(error)
