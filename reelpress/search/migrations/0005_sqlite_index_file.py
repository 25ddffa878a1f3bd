"""SQLite: the search index moves out of the site's database into a file of its own.

The index tables in the site's database are dropped, or, past ``DROP_BELOW`` entries, renamed
``search_retired_*`` for the first rebuild to drop in slices; and ``search_index_file`` records which generation of the index file is in use
(see ``search/backends/index_file.py``). The first generation starts empty:
``reelpress reindex --if-needed`` (run by ``make run``) rebuilds it from the reviews.
Backwards, empty index tables are created in the site's database again.
"""

from django.db import migrations

from reelpress.search.backends import index_file

# An old index with fewer entries is dropped here (a second at most); a bigger one is renamed
# ``search_retired_*``, instantly, and dropped in slices by the first rebuild: dropping makes
# SQLite read every page of a table, which at a million reviews (cold) ran for over 10 minutes
# holding the write lock before it was stopped; the sliced drop took 554 s beside a live site.
DROP_BELOW = 10_000


def to_file(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        virtual, plain = index_file.site_tables(cursor, "search_")
        entries = 0
        if "search_doc" in plain:
            cursor.execute("SELECT count(*) FROM search_doc")
            entries = cursor.fetchone()[0]
        # Full-text tables first: dropping or renaming one takes its shadow tables along.
        for name in virtual + plain:
            if name == index_file.POINTER or name.startswith(index_file.RETIRED):
                continue
            if entries < DROP_BELOW:
                cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
            else:
                retired = index_file.RETIRED + name.removeprefix("search_")
                cursor.execute(f'ALTER TABLE "{name}" RENAME TO "{retired}"')
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {index_file.POINTER} ("  # noqa: S608
            "id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)"
        )
        # Numbered past any index file already beside a new database of the same name (one an
        # operator deleted, say): those belong to another database, and a rebuild deletes them.
        main = schema_editor.connection.settings_dict["NAME"]
        first = max(index_file.generations_on_disk(main), default=0) + 1
        cursor.execute(
            f"INSERT OR IGNORE INTO {index_file.POINTER} (id, generation) VALUES (1, %s)",  # noqa: S608
            [first],
        )


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
