"""Did you mean: each vocabulary term's sorted letters, so swapped letters find the word meant."""

from django.db import migrations

BATCH = 5000


def signatures(apps, schema_editor):
    from reelpress.search.backends import schema_statements
    from reelpress.search.backends.base import signature

    connection = schema_editor.connection
    create = next(s for s in schema_statements(connection.vendor) if "search_vocab_sig" in s)
    with connection.cursor() as cursor:
        cursor.execute(create)
        last = ""
        while True:
            cursor.execute(
                "SELECT term FROM search_vocab WHERE term > %s ORDER BY term LIMIT %s", [last, BATCH]
            )
            terms = [row[0] for row in cursor.fetchall()]
            if not terms:
                break
            last = terms[-1]
            cursor.executemany(
                "INSERT INTO search_vocab_sig (sig, term) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                [(signature(term), term) for term in terms],
            )


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS search_vocab_sig")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_sqlite_tier_indexes")]

    operations = [migrations.RunPython(signatures, drop)]
