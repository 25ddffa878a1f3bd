"""PostgreSQL: finer lexeme statistics on the search vectors (the planner's choice of scan depends on them)."""

from django.db import migrations


def statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from reelpress.search.backends.postgres import STATISTICS

    for statement in STATISTICS:
        schema_editor.execute(statement)
    schema_editor.execute("ANALYZE search_doc")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_schema")]

    operations = [migrations.RunPython(statistics, migrations.RunPython.noop)]
