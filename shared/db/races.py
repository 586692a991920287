"""Transactions that lost a race with another one, and may simply run again."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

# PostgreSQL aborts one of two transactions waiting on each other (deadlock_detected), or one
# that cannot be serialised with a concurrent one (serialization_failure). Neither wrote
# anything; the same work run again meets the winner's committed rows.
_LOST_RACE = frozenset({"40P01", "40001"})


def lost_a_race(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) in _LOST_RACE
