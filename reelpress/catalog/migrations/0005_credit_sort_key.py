"""A credit carries its film's sort key (year, title), kept in step by triggers, and one index walks
a person's films of a role in the order their pages list them."""
# ruff: noqa: S608 -- table names are constants here, nothing comes from a request

from django.db import migrations, models

from reelpress.catalog import sortkey
from reelpress.catalog.sortkey import CREDIT, FILL

# The triggers' SQL lives in catalog/sortkey.py, which also recreates them when a later migration
# rebuilds a table on SQLite (and drops them with it).

# The columns are added by hand: Django would rebuild the whole credit table on SQLite to add a
# NOT NULL column; ALTER TABLE ADD COLUMN with a constant default is instant on both databases.
ADD_COLUMNS = [
    f"ALTER TABLE {CREDIT} ADD COLUMN sort_year integer NOT NULL DEFAULT 0",
    f"ALTER TABLE {CREDIT} ADD COLUMN sort_title varchar(300) NOT NULL DEFAULT ''",
]
DROP_COLUMNS = [
    f"ALTER TABLE {CREDIT} DROP COLUMN sort_year",
    f"ALTER TABLE {CREDIT} DROP COLUMN sort_title",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def add_columns(apps, schema_editor):
    _run(schema_editor, [*ADD_COLUMNS, FILL])


def drop_columns(apps, schema_editor):
    _run(schema_editor, DROP_COLUMNS)


def create_triggers(apps, schema_editor):
    sortkey.create(schema_editor)


def drop_triggers(apps, schema_editor):
    sortkey.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_bounded_list_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
            state_operations=[
                migrations.AddField(
                    model_name="credit",
                    name="sort_year",
                    field=models.PositiveSmallIntegerField(
                        default=0, editable=False, help_text="The film's year, 0 if unknown"
                    ),
                ),
                migrations.AddField(
                    model_name="credit",
                    name="sort_title",
                    field=models.CharField(default="", editable=False, max_length=300),
                ),
            ],
        ),
        migrations.RemoveIndex(model_name="credit", name="catalog_cre_person__60217c_idx"),
        migrations.AddIndex(
            model_name="credit",
            index=models.Index(
                fields=["person", "role", "role_label", "sort_year", "sort_title", "film"],
                name="credit_person_role_sorted",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
