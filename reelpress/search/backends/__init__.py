"""The search backend follows the database in use; nothing outside this package asks which one."""

from django.db import connection as default_connection

from reelpress.search.backends.base import BUILD_PREFIX, LIVE_PREFIX, Backend, Row, SearchError

__all__ = ["BUILD_PREFIX", "LIVE_PREFIX", "Backend", "Row", "SearchError", "backend_for"]


def backend_for(connection=None, prefix: str = LIVE_PREFIX) -> Backend:
    """The backend for ``connection`` (the default database unless given).

    ``prefix=BUILD_PREFIX``: a backend writing a rebuild into its own tables (see ``Backend.swap``).
    """
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        from reelpress.search.backends.postgres import PostgresBackend

        return PostgresBackend(connection, prefix)
    if connection.vendor == "sqlite":
        from reelpress.search.backends import index_file
        from reelpress.search.backends.sqlite import SQLiteBackend

        if prefix == BUILD_PREFIX:  # a new generation of the index file, written beside the live one
            return SQLiteBackend.for_rebuild(connection)
        if not connection.in_atomic_block:  # a long-lived connection follows a rebuild's switch
            index_file.refresh(connection)
        return SQLiteBackend(connection, prefix)
    raise NotImplementedError(f"ReelPress search has no backend for {connection.vendor!r}")


def schema_statements(vendor: str) -> list[str]:
    """CREATE statements of the search tables for a database vendor (used by the migration)."""
    if vendor == "postgresql":
        from reelpress.search.backends.postgres import SCHEMA
    else:
        from reelpress.search.backends.sqlite import SCHEMA
    return list(SCHEMA)


def drop_statements(vendor: str) -> list[str]:
    """DROP statements of the search tables for a database vendor (used by the migration)."""
    if vendor == "postgresql":
        from reelpress.search.backends.postgres import PostgresBackend as backend
    else:
        from reelpress.search.backends.sqlite import SQLiteBackend as backend
    return backend.drop_statements()
