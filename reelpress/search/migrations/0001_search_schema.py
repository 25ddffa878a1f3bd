"""The search tables: FTS5 on SQLite, weighted tsvectors with GIN indexes on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    from reelpress.search.backends import schema_statements

    for statement in schema_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    from reelpress.search.backends import drop_statements

    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
