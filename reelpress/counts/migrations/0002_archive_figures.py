"""Every per-archive figure of the public pages as tallies: by year, verdict, edition format, film
year, tag, edition and label, beside the authors of 0001; the triggers that keep them on every
table whose rows change a figure; filled from what is there.

A review is in a figure while it is not a draft (scheduled ones included: readers subtract those
whose time has not come, see ``counts.figures``). Keys:

    author     item: author id (0: none)
    year       item: year of ``published_at`` in UTC
    verdict    key: the verdict as written ('' when none)
    format     key: the edition's format_key, char 31, its disc_format ('' when no edition)
    film-year  item: the film's year (-1: none)
    tag        item: tag id (from the reviews-tags table)
    release    item: edition id: its reviews that are not drafts
    label      item: label id (0: none): its editions whose "release" tally is above 0, kept by
               a trigger on the tallies themselves, so a label counts editions, not reviews
"""
# ruff: noqa: S608 -- table names are constants here, nothing comes from a request

from django.db import migrations, models

TABLE = "counts_tally"
REVIEWS = "reviews_review"
REVIEW_TAGS = "reviews_review_tags"
RELEASES = "catalog_release"
FILMS = "catalog_film"
DRAFT = "'draft'"
REVIEW_COLUMNS = ["status", "author_id", "published_at", "verdict", "release_id", "film_id"]
RELEASE_COLUMNS = ["format_key", "disc_format", "label_id"]


def _year(vendor: str, column: str) -> str:
    if vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column} AT TIME ZONE 'UTC') AS integer)"
    return f"CAST(substr({column}, 1, 4) AS integer)"  # Django writes 'YYYY-MM-DD HH:MM:SS' in UTC


def _sep(vendor: str) -> str:
    return "chr(31)" if vendor == "postgresql" else "char(31)"


def _add(kind: str, item: str, key: str, delta: str, where: str, source: str = "") -> str:
    """Add ``delta`` to one tally row (made if missing) for each row of ``source`` meeting ``where``."""
    return (
        f"INSERT INTO {TABLE} (kind, item, key, n) SELECT '{kind}', {item}, {key}, {delta} {source} "
        f"WHERE {where} ON CONFLICT (kind, item, key) DO UPDATE SET n = {TABLE}.n + excluded.n"
    )


def _review(vendor: str, row: str, sign: str, tags_when: str = "1 = 1") -> list[str]:
    """The statements that add (sign '+') or take away (sign '-') one review's row to its figures."""
    counted = f"{row}.status <> {DRAFT}"
    fmt = f"COALESCE((SELECT format_key || {_sep(vendor)} || disc_format FROM {RELEASES} WHERE id = {row}.release_id), '')"
    film_year = f"COALESCE((SELECT year FROM {FILMS} WHERE id = {row}.film_id), -1)"
    return [
        _add("author", f"COALESCE({row}.author_id, 0)", "''", f"{sign}1", counted),
        _add("year", _year(vendor, f"{row}.published_at"), "''", f"{sign}1", counted),
        _add("verdict", "0", f"{row}.verdict", f"{sign}1", counted),
        _add("format", "0", fmt, f"{sign}1", counted),
        _add("film-year", film_year, "''", f"{sign}1", counted),
        _add("release", f"{row}.release_id", "''", f"{sign}1", f"{counted} AND {row}.release_id IS NOT NULL"),
        _add(
            "tag",
            "t.tag_id",
            "''",
            f"{sign}1",
            f"t.review_id = {row}.id AND {counted} AND {tags_when}",
            f"FROM {REVIEW_TAGS} t",
        ),
    ]


def _tagging(row: str, sign: str) -> str:
    review_counted = f"EXISTS (SELECT 1 FROM {REVIEWS} WHERE id = {row}.review_id AND status <> {DRAFT})"
    return _add("tag", f"{row}.tag_id", "''", f"{sign}1", review_counted)


def _release(vendor: str, row: str, sign: str) -> list[str]:
    """Move an edition's share of the format and label figures (its own tally says how much)."""
    its = f"FROM {TABLE} r"
    mine = f"r.kind = 'release' AND r.item = {row}.id AND r.key = '' AND r.n > 0"
    fmt = f"{row}.format_key || {_sep(vendor)} || {row}.disc_format"
    return [
        _add("format", "0", fmt, f"{sign}r.n", mine, its),
        _add("label", f"COALESCE({row}.label_id, 0)", "''", f"{sign}1", mine, its),
    ]


def _film(row: str, sign: str) -> str:
    reviews = f"FROM (SELECT COUNT(*) AS n FROM {REVIEWS} WHERE film_id = {row}.id AND status <> {DRAFT}) c"
    return _add("film-year", f"COALESCE({row}.year, -1)", "''", f"{sign}c.n", "c.n > 0", reviews)


def _label_of_release(row: str, delta: str, where: str = "1 = 1") -> str:
    label = f"COALESCE((SELECT label_id FROM {RELEASES} WHERE id = {row}.item), 0)"
    return _add("label", label, "''", delta, where)


def _changed(columns: list[str], vendor: str) -> str:
    differ = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {differ} NEW.{c}" for c in columns)


FLIPPED = f"(OLD.status <> {DRAFT}) <> (NEW.status <> {DRAFT})"


def sqlite() -> list[str]:
    v = "sqlite"

    def trigger(name, when, body):
        return f"CREATE TRIGGER {name} {when}\nBEGIN\n" + "".join(f"    {s};\n" for s in body) + "END"

    return [
        trigger("counts_review_insert", f"AFTER INSERT ON {REVIEWS}", _review(v, "NEW", "+")),
        trigger("counts_review_delete", f"AFTER DELETE ON {REVIEWS}", _review(v, "OLD", "-")),
        trigger(
            "counts_review_update",
            f"AFTER UPDATE OF {', '.join(REVIEW_COLUMNS)} ON {REVIEWS} WHEN {_changed(REVIEW_COLUMNS, v)}",
            _review(v, "OLD", "-", FLIPPED) + _review(v, "NEW", "+", FLIPPED),
        ),
        trigger("counts_tagging_insert", f"AFTER INSERT ON {REVIEW_TAGS}", [_tagging("NEW", "+")]),
        trigger("counts_tagging_delete", f"AFTER DELETE ON {REVIEW_TAGS}", [_tagging("OLD", "-")]),
        trigger(
            "counts_tagging_update",
            f"AFTER UPDATE OF review_id, tag_id ON {REVIEW_TAGS}",
            [_tagging("OLD", "-"), _tagging("NEW", "+")],
        ),
        trigger(
            "counts_release_update",
            f"AFTER UPDATE OF {', '.join(RELEASE_COLUMNS)} ON {RELEASES} WHEN {_changed(RELEASE_COLUMNS, v)}",
            _release(v, "OLD", "-") + _release(v, "NEW", "+"),
        ),
        trigger(
            "counts_release_delete",
            f"AFTER DELETE ON {RELEASES}",
            [
                *_release(v, "OLD", "-"),
                f"DELETE FROM {TABLE} WHERE kind = 'release' AND item = OLD.id AND n = 0",
            ],
        ),
        trigger(
            "counts_film_update",
            f"AFTER UPDATE OF year ON {FILMS} WHEN OLD.year IS NOT NEW.year",
            [_film("OLD", "-"), _film("NEW", "+")],
        ),
        trigger(
            "counts_release_tally_insert",
            f"AFTER INSERT ON {TABLE} WHEN NEW.kind = 'release' AND NEW.n > 0",
            [_label_of_release("NEW", "1")],
        ),
        trigger(
            "counts_release_tally_update",
            f"AFTER UPDATE OF n ON {TABLE} WHEN NEW.kind = 'release' AND (OLD.n > 0) <> (NEW.n > 0)",
            [_label_of_release("NEW", "CASE WHEN NEW.n > 0 THEN 1 ELSE -1 END")],
        ),
    ]


SQLITE_TRIGGERS = [
    "counts_review_insert",
    "counts_review_delete",
    "counts_review_update",
    "counts_tagging_insert",
    "counts_tagging_delete",
    "counts_tagging_update",
    "counts_release_update",
    "counts_release_delete",
    "counts_film_update",
    "counts_release_tally_insert",
    "counts_release_tally_update",
]


def _function(name: str, on_old: list[str], on_new: list[str]) -> str:
    old = "".join(f"        {s};\n" for s in on_old)
    new = "".join(f"        {s};\n" for s in on_new)
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger AS $$\nBEGIN\n"
        f"    IF TG_OP IN ('UPDATE', 'DELETE') THEN\n{old}    END IF;\n"
        f"    IF TG_OP IN ('INSERT', 'UPDATE') THEN\n{new}    END IF;\n"
        "    RETURN NULL;\nEND $$ LANGUAGE plpgsql"
    )


def postgres() -> list[str]:
    v = "postgresql"
    flipped_or_not_update = f"(TG_OP <> 'UPDATE' OR {FLIPPED})"
    label_change = (
        "CASE WHEN NEW.n > 0 AND (TG_OP = 'INSERT' OR OLD.n <= 0) THEN 1 "
        "WHEN NEW.n <= 0 AND TG_OP = 'UPDATE' AND OLD.n > 0 THEN -1 ELSE 0 END"
    )
    return [
        _function(
            "counts_review_tally",
            _review(v, "OLD", "-", flipped_or_not_update),
            _review(v, "NEW", "+", flipped_or_not_update),
        ),
        f"""CREATE TRIGGER counts_review_tally AFTER INSERT OR DELETE ON {REVIEWS}
        FOR EACH ROW EXECUTE FUNCTION counts_review_tally()""",
        f"""CREATE TRIGGER counts_review_tally_update AFTER UPDATE OF {", ".join(REVIEW_COLUMNS)} ON {REVIEWS}
        FOR EACH ROW WHEN ({_changed(REVIEW_COLUMNS, v)}) EXECUTE FUNCTION counts_review_tally()""",
        _function("counts_tagging_tally", [_tagging("OLD", "-")], [_tagging("NEW", "+")]),
        f"""CREATE TRIGGER counts_tagging_tally AFTER INSERT OR DELETE OR UPDATE OF review_id, tag_id
        ON {REVIEW_TAGS} FOR EACH ROW EXECUTE FUNCTION counts_tagging_tally()""",
        _function(
            "counts_release_tally",
            [
                *_release(v, "OLD", "-"),
                f"DELETE FROM {TABLE} WHERE TG_OP = 'DELETE' AND kind = 'release' AND item = OLD.id AND n = 0",
            ],
            _release(v, "NEW", "+"),
        ),
        f"""CREATE TRIGGER counts_release_tally AFTER UPDATE OF {", ".join(RELEASE_COLUMNS)} ON {RELEASES}
        FOR EACH ROW WHEN ({_changed(RELEASE_COLUMNS, v)}) EXECUTE FUNCTION counts_release_tally()""",
        f"""CREATE TRIGGER counts_release_tally_delete AFTER DELETE ON {RELEASES}
        FOR EACH ROW EXECUTE FUNCTION counts_release_tally()""",
        _function("counts_film_tally", [_film("OLD", "-")], [_film("NEW", "+")]),
        f"""CREATE TRIGGER counts_film_tally AFTER UPDATE OF year ON {FILMS}
        FOR EACH ROW WHEN (OLD.year IS DISTINCT FROM NEW.year) EXECUTE FUNCTION counts_film_tally()""",
        f"""CREATE FUNCTION counts_label_tally() RETURNS trigger AS $$
        BEGIN
            {_label_of_release("NEW", label_change, f"({label_change}) <> 0")};
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER counts_label_tally AFTER INSERT OR UPDATE OF n ON {TABLE}
        FOR EACH ROW WHEN (NEW.kind = 'release') EXECUTE FUNCTION counts_label_tally()""",
    ]


POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS counts_review_tally ON {REVIEWS}",
    f"DROP TRIGGER IF EXISTS counts_review_tally_update ON {REVIEWS}",
    f"DROP TRIGGER IF EXISTS counts_tagging_tally ON {REVIEW_TAGS}",
    f"DROP TRIGGER IF EXISTS counts_release_tally ON {RELEASES}",
    f"DROP TRIGGER IF EXISTS counts_release_tally_delete ON {RELEASES}",
    f"DROP TRIGGER IF EXISTS counts_film_tally ON {FILMS}",
    f"DROP TRIGGER IF EXISTS counts_label_tally ON {TABLE}",
    "DROP FUNCTION IF EXISTS counts_review_tally()",
    "DROP FUNCTION IF EXISTS counts_tagging_tally()",
    "DROP FUNCTION IF EXISTS counts_release_tally()",
    "DROP FUNCTION IF EXISTS counts_film_tally()",
    "DROP FUNCTION IF EXISTS counts_label_tally()",
]


def fill(vendor: str) -> list[str]:
    """Every figure counted from the rows there; the label figures follow from the edition ones
    through the tallies' own trigger."""
    counted = f"r.status <> {DRAFT}"
    fmt = f"COALESCE(e.format_key || {_sep(vendor)} || e.disc_format, '')"
    year = _year(vendor, "r.published_at")
    select = [  # kind, item, key, joined, grouped by
        ("author", "COALESCE(r.author_id, 0)", "''", "", "COALESCE(r.author_id, 0)"),
        ("year", year, "''", "", year),
        ("verdict", "0", "r.verdict", "", "r.verdict"),
        ("format", "0", fmt, f"LEFT JOIN {RELEASES} e ON e.id = r.release_id", fmt),
        ("film-year", "COALESCE(f.year, -1)", "''", f"JOIN {FILMS} f ON f.id = r.film_id", "f.year"),
        ("release", "r.release_id", "''", "", "r.release_id"),
        ("tag", "t.tag_id", "''", f"JOIN {REVIEW_TAGS} t ON t.review_id = r.id", "t.tag_id"),
    ]
    statements = [f"DELETE FROM {TABLE}"]
    for kind, item, key, join, group in select:
        where = f"{counted} AND r.release_id IS NOT NULL" if kind == "release" else counted
        statements.append(
            f"INSERT INTO {TABLE} (kind, item, key, n) SELECT '{kind}', {item}, {key}, COUNT(*) "
            f"FROM {REVIEWS} r {join} WHERE {where} GROUP BY {group}"
        )
    return statements


def _initial():
    from importlib import import_module

    return import_module("reelpress.counts.migrations.0001_initial")


def drop_initial(apps, schema_editor):
    """0001's author triggers go first: its tally table changes shape below."""
    _initial().drop(apps, schema_editor)


def restore_initial(apps, schema_editor):
    schema_editor.execute(f"DELETE FROM {TABLE}")
    _initial().create(apps, schema_editor)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in [*(postgres() if vendor == "postgresql" else sqlite()), *fill(vendor)]:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = (
        POSTGRES_DROP if vendor == "postgresql" else [f"DROP TRIGGER IF EXISTS {n}" for n in SQLITE_TRIGGERS]
    )
    for sql in [*statements, f"DELETE FROM {TABLE}"]:  # 0001's shape cannot hold them; it refills
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("counts", "0001_initial"),
        ("catalog", "0003_list_indexes"),
        ("reviews", "0002_updated_at_index"),
    ]

    operations = [
        migrations.RunPython(drop_initial, restore_initial),
        migrations.RemoveConstraint(model_name="tally", name="counts_tally_kind_item"),
        migrations.AddField(
            model_name="tally", name="key", field=models.CharField(blank=True, db_default="", max_length=200)
        ),
        migrations.AddConstraint(
            model_name="tally",
            constraint=models.UniqueConstraint(
                fields=("kind", "item", "key"), name="counts_tally_kind_item_key"
            ),
        ),
        migrations.RunPython(create, drop),
    ]
