"""The film's sort key on each credit, kept in step by database triggers: their SQL, and their
repair after a migration that rebuilt a table (SQLite drops a table's triggers with it).

A credit's (sort_year, sort_title) is its film's (year or 0, title): the index (person, role,
role_label, sort_year, sort_title, film) then gives a person's films of a role in page order.
"""
# ruff: noqa: S608 -- table names are constants here, nothing comes from a request

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections, transaction

CREDIT = "catalog_credit"
FILM = "catalog_film"

FILL = f"""UPDATE {CREDIT} SET sort_year = COALESCE(f.year, 0), sort_title = f.title
    FROM {FILM} f WHERE f.id = {CREDIT}.film_id"""

# A credit takes its film's key when written (whatever the values it came with: a stale model
# instance writes every column); a film passes a new year or title to all its credits.
# SQLite has no trigger for both INSERT and UPDATE: the two credit triggers share this body.
_CREDIT_TAKES_FILM_KEY = f"""
    BEGIN
        UPDATE {CREDIT} SET
            sort_year = COALESCE((SELECT year FROM {FILM} WHERE id = NEW.film_id), 0),
            sort_title = COALESCE((SELECT title FROM {FILM} WHERE id = NEW.film_id), '')
        WHERE id = NEW.id;
    END"""

SQLITE = [
    f"CREATE TRIGGER catalog_credit_sort_insert AFTER INSERT ON {CREDIT}" + _CREDIT_TAKES_FILM_KEY,
    f"CREATE TRIGGER catalog_credit_sort_update AFTER UPDATE OF film_id, sort_year, sort_title ON {CREDIT}"
    + _CREDIT_TAKES_FILM_KEY,
    f"""CREATE TRIGGER catalog_film_sort_update AFTER UPDATE OF year, title ON {FILM}
    WHEN OLD.year IS NOT NEW.year OR OLD.title IS NOT NEW.title
    BEGIN
        UPDATE {CREDIT} SET sort_year = COALESCE(NEW.year, 0), sort_title = NEW.title
        WHERE film_id = NEW.id;
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalog_credit_sort_insert",
    "DROP TRIGGER IF EXISTS catalog_credit_sort_update",
    "DROP TRIGGER IF EXISTS catalog_film_sort_update",
]

POSTGRES = [
    f"""CREATE FUNCTION catalog_credit_sort_key() RETURNS trigger AS $$
    BEGIN
        SELECT COALESCE(f.year, 0), f.title INTO NEW.sort_year, NEW.sort_title
            FROM {FILM} f WHERE f.id = NEW.film_id;
        NEW.sort_year := COALESCE(NEW.sort_year, 0);
        NEW.sort_title := COALESCE(NEW.sort_title, '');
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER catalog_credit_sort_key BEFORE INSERT OR UPDATE OF film_id, sort_year, sort_title
    ON {CREDIT} FOR EACH ROW EXECUTE FUNCTION catalog_credit_sort_key()""",
    f"""CREATE FUNCTION catalog_film_sort_key() RETURNS trigger AS $$
    BEGIN
        UPDATE {CREDIT} SET sort_year = COALESCE(NEW.year, 0), sort_title = NEW.title
            WHERE film_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER catalog_film_sort_key AFTER UPDATE OF year, title ON {FILM} FOR EACH ROW
    WHEN (OLD.year IS DISTINCT FROM NEW.year OR OLD.title IS DISTINCT FROM NEW.title)
    EXECUTE FUNCTION catalog_film_sort_key()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS catalog_credit_sort_key ON {CREDIT}",
    "DROP FUNCTION IF EXISTS catalog_credit_sort_key()",
    f"DROP TRIGGER IF EXISTS catalog_film_sort_key ON {FILM}",
    "DROP FUNCTION IF EXISTS catalog_film_sort_key()",
]


TRIGGER_NAMES = {
    "sqlite": ["catalog_credit_sort_insert", "catalog_credit_sort_update", "catalog_film_sort_update"],
    "postgresql": ["catalog_credit_sort_key", "catalog_film_sort_key"],
}


def create(schema_editor) -> None:
    """Create the triggers (migration 0005)."""
    for sql in _statements(schema_editor.connection.vendor, POSTGRES, SQLITE):
        schema_editor.execute(sql)


def drop(schema_editor) -> None:
    for sql in _statements(schema_editor.connection.vendor, POSTGRES_DROP, SQLITE_DROP):
        schema_editor.execute(sql)


def _statements(vendor: str, postgres: list, sqlite: list) -> list:
    return postgres if vendor == "postgresql" else sqlite


def missing(connection) -> list[str]:
    """The sort-key triggers the database lacks."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in TRIGGER_NAMES.get(connection.vendor, []) if name not in present]


def after_migrate(using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After ``migrate``: if the credits have their sort key but a trigger is gone (a migration
    rebuilt ``catalog_credit`` or ``catalog_film`` on SQLite), create the triggers again and bring
    every credit's key back in step. Looking costs one read of the database's trigger list."""
    connection = connections[using]
    if connection.vendor not in TRIGGER_NAMES or CREDIT not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, CREDIT)}
    if "sort_year" not in columns or not missing(connection):
        return
    drops = _statements(connection.vendor, POSTGRES_DROP, SQLITE_DROP)
    creates = _statements(connection.vendor, POSTGRES, SQLITE)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for sql in [*drops, *creates, FILL]:
            cursor.execute(sql)
