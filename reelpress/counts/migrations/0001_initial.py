"""The tallies and the triggers that keep them, per database vendor, filled from what is there."""
# ruff: noqa: S608 -- table names are constants here, nothing comes from a request

from django.db import migrations, models

TABLE = "counts_tally"
REVIEWS = "reviews_review"

SQLITE = [
    f"""CREATE TRIGGER counts_review_insert AFTER INSERT ON {REVIEWS} WHEN NEW.status <> 'draft'
    BEGIN
        INSERT OR IGNORE INTO {TABLE} (kind, item, n) VALUES ('author', COALESCE(NEW.author_id, 0), 0);
        UPDATE {TABLE} SET n = n + 1 WHERE kind = 'author' AND item = COALESCE(NEW.author_id, 0);
    END""",
    f"""CREATE TRIGGER counts_review_delete AFTER DELETE ON {REVIEWS} WHEN OLD.status <> 'draft'
    BEGIN
        UPDATE {TABLE} SET n = n - 1 WHERE kind = 'author' AND item = COALESCE(OLD.author_id, 0);
    END""",
    f"""CREATE TRIGGER counts_review_update AFTER UPDATE OF status, author_id ON {REVIEWS}
    BEGIN
        UPDATE {TABLE} SET n = n - 1
            WHERE OLD.status <> 'draft' AND kind = 'author' AND item = COALESCE(OLD.author_id, 0);
        INSERT OR IGNORE INTO {TABLE} (kind, item, n)
            SELECT 'author', COALESCE(NEW.author_id, 0), 0 WHERE NEW.status <> 'draft';
        UPDATE {TABLE} SET n = n + 1
            WHERE NEW.status <> 'draft' AND kind = 'author' AND item = COALESCE(NEW.author_id, 0);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS counts_review_insert",
    "DROP TRIGGER IF EXISTS counts_review_delete",
    "DROP TRIGGER IF EXISTS counts_review_update",
]

POSTGRES = [
    f"""CREATE FUNCTION counts_review_tally() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'draft' THEN
            UPDATE {TABLE} SET n = n - 1 WHERE kind = 'author' AND item = COALESCE(OLD.author_id, 0);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status <> 'draft' THEN
            INSERT INTO {TABLE} (kind, item, n) VALUES ('author', COALESCE(NEW.author_id, 0), 1)
            ON CONFLICT (kind, item) DO UPDATE SET n = {TABLE}.n + 1;
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER counts_review_tally AFTER INSERT OR DELETE OR UPDATE OF status, author_id
    ON {REVIEWS} FOR EACH ROW EXECUTE FUNCTION counts_review_tally()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS counts_review_tally ON {REVIEWS}",
    "DROP FUNCTION IF EXISTS counts_review_tally()",
]

FILL = f"""INSERT INTO {TABLE} (kind, item, n)
    SELECT 'author', COALESCE(author_id, 0), COUNT(*) FROM {REVIEWS} WHERE status <> 'draft'
    GROUP BY COALESCE(author_id, 0)"""


def create(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in [*statements, FILL]:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    statements = POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("reviews", "0002_updated_at_index")]

    operations = [
        migrations.CreateModel(
            name="Tally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("item", models.BigIntegerField()),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "item"), name="counts_tally_kind_item")
                ]
            },
        ),
        migrations.RunPython(create, drop),
    ]
