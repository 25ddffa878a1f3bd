"""SQLite: one full-text index per ranking tier instead of one shared head index.

The tier indexes are filled from the token strings ``search_doc`` already keeps (titles, names,
facts; filter keys from its facet lines), so an existing site needs no rebuild: tier scans and
suggestions match exactly what they matched before. A later ``reelpress reindex`` writes them
field by field.
"""

from django.db import migrations

BATCH = 5000


def tier_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from reelpress.search.backends.sqlite import TIER_SCHEMA, TIER_TABLES
    from reelpress.search.documents import key_token

    with schema_editor.connection.cursor() as cursor:
        for statement in TIER_SCHEMA:
            cursor.execute(statement)
        last = -1
        while True:
            cursor.execute(
                "SELECT docid, titles, people, facts, facets FROM search_doc "
                "WHERE docid > %s AND review_id IS NOT NULL ORDER BY docid LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            values = {"title": [], "people": [], "facts": []}
            for docid, titles, people, facts, facets in rows:
                lines = [line.split("\t") for line in facets.split("\n") if line.count("\t") == 2]
                keys = " ".join(key_token(facet, slug) for facet, slug, _label in lines)
                values["title"].append((docid, titles, keys))
                values["people"].append((docid, people, keys))
                values["facts"].append((docid, facts, keys))
            for tier, column in (("title", "title"), ("people", "credits"), ("facts", "facts")):
                cursor.executemany(
                    f"INSERT INTO {TIER_TABLES[tier]} (rowid, {column}, keys) VALUES (%s, %s, %s)",  # noqa: S608
                    values[tier],
                )
        cursor.execute("DROP TABLE IF EXISTS search_head")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_statistics")]

    operations = [migrations.RunPython(tier_indexes, migrations.RunPython.noop)]
