"""The credit's own index on person alone goes: (person, role, ...) starts with the person, so it
serves every lookup by person, and the planner no longer has a second, orderless way in."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "catalog_credit_person_id_96f957f4"  # Django's name for the foreign key's index, on both databases


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_credit_sort_key")]

    operations = [
        # Only the index is dropped: Django would rebuild the whole credit table on SQLite.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    f'CREATE INDEX "{INDEX}" ON "catalog_credit" ("person_id")',
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="credit",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="credits",
                        to="catalog.person",
                    ),
                )
            ],
        )
    ]
