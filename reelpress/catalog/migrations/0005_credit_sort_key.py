"""A credit carries its film's sort key (year, title), kept in step by triggers, and one index walks
a person's films of a role in the order their pages list them."""
# ruff: noqa: S608 -- table names are constants here, nothing comes from a request

from django.db import migrations, models

CREDIT = "catalog_credit"
FILM = "catalog_film"

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

FILL = f"""UPDATE {CREDIT} SET sort_year = COALESCE(f.year, 0), sort_title = f.title
    FROM {FILM} f WHERE f.id = {CREDIT}.film_id"""

# A credit takes its film's key when written (whatever the values it came with: a stale model
# instance writes every column); a film passes a new year or title to all its credits.
SQLITE = [
    f"""CREATE TRIGGER catalog_credit_sort_insert AFTER INSERT ON {CREDIT}
    BEGIN
        UPDATE {CREDIT} SET
            sort_year = COALESCE((SELECT year FROM {FILM} WHERE id = NEW.film_id), 0),
            sort_title = COALESCE((SELECT title FROM {FILM} WHERE id = NEW.film_id), '')
        WHERE id = NEW.id;
    END""",
    f"""CREATE TRIGGER catalog_credit_sort_update AFTER UPDATE OF film_id, sort_year, sort_title ON {CREDIT}
    BEGIN
        UPDATE {CREDIT} SET
            sort_year = COALESCE((SELECT year FROM {FILM} WHERE id = NEW.film_id), 0),
            sort_title = COALESCE((SELECT title FROM {FILM} WHERE id = NEW.film_id), '')
        WHERE id = NEW.id;
    END""",
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


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def add_columns(apps, schema_editor):
    _run(schema_editor, [*ADD_COLUMNS, FILL])


def drop_columns(apps, schema_editor):
    _run(schema_editor, DROP_COLUMNS)


def create_triggers(apps, schema_editor):
    _run(schema_editor, POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP)


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
