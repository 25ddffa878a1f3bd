"""SQLite: the search index moves out of the site's database into a file of its own.

The index tables are dropped from the site's database, and ``search_index_file`` records which
generation of the index file is in use (see ``search/backends/index_file.py``). The first
generation starts empty: ``reelpress reindex --if-needed`` (run by ``make run``) rebuilds it
from the reviews. Backwards, the empty tables are created in the site's database again.
"""

from django.db import migrations

from reelpress.search.backends import index_file


def to_file(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        # Full-text tables first: dropping one drops its shadow tables (search_fts_data, ...).
        for kind in ("virtual", "plain"):
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'search%%'"
            )
            for name, sql in cursor.fetchall():
                virtual = (sql or "").upper().startswith("CREATE VIRTUAL")
                if (kind == "virtual") == virtual and name != index_file.POINTER:
                    cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
        cursor.execute(
            f"CREATE TABLE {index_file.POINTER} ("  # noqa: S608
            "id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)"
        )
        # Numbered past any index file already beside a new database of the same name (one an
        # operator deleted, say): those belong to another database, and a rebuild deletes them.
        main = schema_editor.connection.settings_dict["NAME"]
        first = max(index_file.generations_on_disk(main), default=0) + 1
        cursor.execute(f"INSERT INTO {index_file.POINTER} (id, generation) VALUES (1, %s)", [first])  # noqa: S608


def to_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from reelpress.search.backends.sqlite import SCHEMA

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {index_file.POINTER}")
        for statement in SCHEMA:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_vocab_signatures")]

    operations = [migrations.RunPython(to_file, to_tables)]
