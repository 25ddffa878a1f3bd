"""The search backend follows the database in use; nothing outside this package asks which one."""

from django.db import connection as default_connection

from reelpress.search.backends.base import Backend, Row, SearchError

__all__ = ["Backend", "Row", "SearchError", "backend_for"]


def backend_for(connection=None) -> Backend:
    """The backend for ``connection`` (the default database unless given)."""
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        from reelpress.search.backends.postgres import PostgresBackend

        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        from reelpress.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend(connection)
    raise NotImplementedError(f"ReelPress search has no backend for {connection.vendor!r}")


def schema_statements(vendor: str) -> list[str]:
    """CREATE statements of the search tables for a database vendor (used by the migration)."""
    if vendor == "postgresql":
        from reelpress.search.backends.postgres import SCHEMA
    else:
        from reelpress.search.backends.sqlite import SCHEMA
    return list(SCHEMA)


def drop_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        from reelpress.search.backends.postgres import DROP
    else:
        from reelpress.search.backends.sqlite import DROP
    return list(DROP)
