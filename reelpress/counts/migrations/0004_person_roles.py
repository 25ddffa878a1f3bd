"""A person's films per role as tallies: "film" (a film's reviews that are not drafts) and "role"
(per person and role, the films credited to them that have such a review), kept by triggers.

    film   item: film id: its reviews that are not drafts
    role   item: person id; key: the credit's role, char 31, its role_label: how many of the
           person's films in that role have a "film" tally above 0

The people index read a person's credits and looked each film's reviews up to count their films
(~1,000 index seeks a page); it now reads one tally row per role. A "role" figure moves when a
credit is written on a film that has a review, and when a film's "film" tally crosses 0, which a
trigger on the tallies themselves sees (as the label figures follow the edition ones): on
PostgreSQL an UPDATE of several reviews runs its row triggers after the whole statement, so
"is this the film's last review?" can only be asked of the film's own tally, one update at a time.
Scheduled reviews are in the figures, as in every tally; readers subtract the films whose every
review is still to come (``counts.figures.public_roles``).
"""
# ruff: noqa: S608 -- table names are constants here, nothing comes from a request

from importlib import import_module

from django.db import migrations

TABLE = "counts_tally"
REVIEWS = "reviews_review"
CREDITS = "catalog_credit"
DRAFT = "'draft'"
GUARD = "    IF current_setting('reelpress.counts_paused', true) = 'on' THEN RETURN NULL; END IF;\n"


def _base():
    return import_module("reelpress.counts.migrations.0002_archive_figures")


def _key(vendor: str, row: str) -> str:
    return f"{row}.role || {_base()._sep(vendor)} || {row}.role_label"


def _live(film: str) -> str:
    """Whether ``film`` has a review that is not a draft, read from its own tally."""
    return f"EXISTS (SELECT 1 FROM {TABLE} WHERE kind = 'film' AND item = {film} AND key = '' AND n > 0)"


def _review(row: str, sign: str, when: str = "1 = 1") -> str:
    return _base()._add("film", f"{row}.film_id", "''", f"{sign}1", f"{row}.status <> {DRAFT} AND {when}")


def _credit(vendor: str, row: str, sign: str) -> str:
    return _base()._add("role", f"{row}.person_id", _key(vendor, row), f"{sign}1", _live(f"{row}.film_id"))


def _film_credits(vendor: str, film: str, delta: str, when: str = "1 = 1") -> str:
    """``delta`` on the "role" figure of every credit of ``film``."""
    return _base()._add(
        "role", "c.person_id", _key(vendor, "c"), delta, f"c.film_id = {film} AND {when}", f"FROM {CREDITS} c"
    )


REVIEW_CHANGED = f"OLD.film_id IS NOT NEW.film_id OR (OLD.status <> {DRAFT}) <> (NEW.status <> {DRAFT})"
CREDIT_COLUMNS = ["film_id", "person_id", "role", "role_label"]


def sqlite() -> list[str]:
    v = "sqlite"

    def trigger(name, when, body):
        return f"CREATE TRIGGER {name} {when}\nBEGIN\n" + "".join(f"    {s};\n" for s in body) + "END"

    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in CREDIT_COLUMNS)
    return [
        trigger("counts_film_review_insert", f"AFTER INSERT ON {REVIEWS}", [_review("NEW", "+")]),
        trigger("counts_film_review_delete", f"AFTER DELETE ON {REVIEWS}", [_review("OLD", "-")]),
        trigger(
            "counts_film_review_update",
            f"AFTER UPDATE OF status, film_id ON {REVIEWS} WHEN {REVIEW_CHANGED}",
            [_review("OLD", "-"), _review("NEW", "+")],
        ),
        trigger("counts_role_credit_insert", f"AFTER INSERT ON {CREDITS}", [_credit(v, "NEW", "+")]),
        trigger("counts_role_credit_delete", f"AFTER DELETE ON {CREDITS}", [_credit(v, "OLD", "-")]),
        trigger(
            "counts_role_credit_update",
            f"AFTER UPDATE OF {', '.join(CREDIT_COLUMNS)} ON {CREDITS} WHEN {changed}",
            [_credit(v, "OLD", "-"), _credit(v, "NEW", "+")],
        ),
        trigger(
            "counts_film_tally_insert",
            f"AFTER INSERT ON {TABLE} WHEN NEW.kind = 'film' AND NEW.n > 0",
            [_film_credits(v, "NEW.item", "1")],
        ),
        trigger(
            "counts_film_tally_update",
            f"AFTER UPDATE OF n ON {TABLE} WHEN NEW.kind = 'film' AND (OLD.n > 0) <> (NEW.n > 0)",
            [_film_credits(v, "NEW.item", "CASE WHEN NEW.n > 0 THEN 1 ELSE -1 END")],
        ),
    ]


SQLITE_TRIGGERS = [
    "counts_film_review_insert",
    "counts_film_review_delete",
    "counts_film_review_update",
    "counts_role_credit_insert",
    "counts_role_credit_delete",
    "counts_role_credit_update",
    "counts_film_tally_insert",
    "counts_film_tally_update",
]


def _function(name: str, on_old: list[str], on_new: list[str], old_when: str, new_when: str) -> str:
    old = "".join(f"        {s};\n" for s in on_old)
    new = "".join(f"        {s};\n" for s in on_new)
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger AS $$\nBEGIN\n{GUARD}"
        f"    IF {old_when} THEN\n{old}    END IF;\n"
        f"    IF {new_when} THEN\n{new}    END IF;\n"
        "    RETURN NULL;\nEND $$ LANGUAGE plpgsql"
    )


def postgres() -> list[str]:
    v = "postgresql"
    old, new = "TG_OP IN ('UPDATE', 'DELETE')", "TG_OP IN ('INSERT', 'UPDATE')"
    review_changed = REVIEW_CHANGED.replace(" IS NOT ", " IS DISTINCT FROM ")
    credit_changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in CREDIT_COLUMNS)
    crossing = (
        "CASE WHEN NEW.n > 0 AND (TG_OP = 'INSERT' OR OLD.n <= 0) THEN 1 "
        "WHEN NEW.n <= 0 AND TG_OP = 'UPDATE' AND OLD.n > 0 THEN -1 ELSE 0 END"
    )
    return [
        _function("counts_film_review_tally", [_review("OLD", "-")], [_review("NEW", "+")], old, new),
        f"""CREATE TRIGGER counts_film_review_tally AFTER INSERT OR DELETE ON {REVIEWS}
        FOR EACH ROW EXECUTE FUNCTION counts_film_review_tally()""",
        f"""CREATE TRIGGER counts_film_review_tally_update AFTER UPDATE OF status, film_id ON {REVIEWS}
        FOR EACH ROW WHEN ({review_changed}) EXECUTE FUNCTION counts_film_review_tally()""",
        _function("counts_role_credit_tally", [_credit(v, "OLD", "-")], [_credit(v, "NEW", "+")], old, new),
        f"""CREATE TRIGGER counts_role_credit_tally AFTER INSERT OR DELETE ON {CREDITS}
        FOR EACH ROW EXECUTE FUNCTION counts_role_credit_tally()""",
        f"""CREATE TRIGGER counts_role_credit_tally_update AFTER UPDATE OF {", ".join(CREDIT_COLUMNS)}
        ON {CREDITS} FOR EACH ROW WHEN ({credit_changed}) EXECUTE FUNCTION counts_role_credit_tally()""",
        f"""CREATE FUNCTION counts_film_role_tally() RETURNS trigger AS $$
        BEGIN
{GUARD}            {_film_credits(v, "NEW.item", crossing, f"({crossing}) <> 0")};
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER counts_film_role_tally AFTER INSERT OR UPDATE OF n ON {TABLE}
        FOR EACH ROW WHEN (NEW.kind = 'film') EXECUTE FUNCTION counts_film_role_tally()""",
    ]


POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS counts_film_review_tally ON {REVIEWS}",
    f"DROP TRIGGER IF EXISTS counts_film_review_tally_update ON {REVIEWS}",
    f"DROP TRIGGER IF EXISTS counts_role_credit_tally ON {CREDITS}",
    f"DROP TRIGGER IF EXISTS counts_role_credit_tally_update ON {CREDITS}",
    f"DROP TRIGGER IF EXISTS counts_film_role_tally ON {TABLE}",
    "DROP FUNCTION IF EXISTS counts_film_review_tally()",
    "DROP FUNCTION IF EXISTS counts_role_credit_tally()",
    "DROP FUNCTION IF EXISTS counts_film_role_tally()",
]

# The film figures from the reviews there; each film's row, as it goes in, fills its credits'
# role figures through the trigger on the tallies.
FILL = f"""INSERT INTO {TABLE} (kind, item, key, n)
    SELECT 'film', film_id, '', COUNT(*) FROM {REVIEWS} WHERE status <> {DRAFT} GROUP BY film_id"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in [*(postgres() if vendor == "postgresql" else sqlite()), FILL]:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = (
        POSTGRES_DROP if vendor == "postgresql" else [f"DROP TRIGGER IF EXISTS {n}" for n in SQLITE_TRIGGERS]
    )
    for sql in [*statements, f"DELETE FROM {TABLE} WHERE kind IN ('film', 'role')"]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("counts", "0003_pausable_on_postgresql"), ("catalog", "0006_credit_person_fk_index")]

    operations = [migrations.RunPython(create, drop)]
