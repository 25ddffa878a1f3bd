"""Every tally counted again from the rows, the slow way: what ``reelpress counts --check``
compares the tallies with, and what ``--rebuild`` writes back.

Written with plain ORM queries, not the triggers' SQL, so the check is a second opinion.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from importlib import import_module

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear

from reelpress.counts.figures import SEP
from reelpress.counts.models import Tally

Figure = tuple[str, int, str]  # kind, item, key


def recount() -> dict[Figure, int]:
    """Every figure from the reviews, editions, films and tags there now (rows with 0 left out)."""
    from reelpress.catalog.models import Credit, Release
    from reelpress.reviews.models import Review

    counted = Review.objects.exclude(status=Review.Status.DRAFT).order_by()
    found: Counter = Counter()
    for author_id, n in counted.values_list("author_id").annotate(n=Count("id")):
        found["author", author_id or 0, ""] += n
    years = counted.annotate(y=ExtractYear("published_at", tzinfo=dt.UTC)).values_list("y")
    for year, n in years.annotate(n=Count("id")):
        found["year", year, ""] += n
    for verdict, n in counted.values_list("verdict").annotate(n=Count("id")):
        found["verdict", 0, verdict] += n
    formats = counted.values_list("release__format_key", "release__disc_format", "release_id")
    for format_key, disc_format, release_id, n in formats.annotate(n=Count("id")):
        found["format", 0, f"{format_key}{SEP}{disc_format}" if release_id else ""] += n
        if release_id:
            found["release", release_id, ""] += n
    for year, n in counted.values_list("film__year").annotate(n=Count("id")):
        found["film-year", -1 if year is None else year, ""] += n
    tagged = Review.tags.through.objects.filter(review__in=counted).order_by()
    for tag_id, n in tagged.values_list("tag_id").annotate(n=Count("id")):
        found["tag", tag_id, ""] += n
    with_reviews = Release.objects.filter(Exists(counted.filter(release=OuterRef("pk")))).order_by()
    for label_id, n in with_reviews.values_list("label_id").annotate(n=Count("id")):
        found["label", label_id or 0, ""] += n
    for film_id, n in counted.values_list("film_id").annotate(n=Count("id")):
        found["film", film_id, ""] += n
    credited = Credit.objects.filter(Exists(counted.filter(film=OuterRef("film_id")))).order_by()
    for person_id, role, label, n in credited.values_list("person_id", "role", "role_label").annotate(
        n=Count("id")
    ):
        found["role", person_id, f"{role}{SEP}{label}"] += n
    return {figure: n for figure, n in found.items() if n}


def tallied() -> dict[Figure, int]:
    """The tallies as the triggers left them (rows at 0 left out)."""
    rows = Tally.objects.exclude(n=0).values_list("kind", "item", "key", "n")
    return {(kind, item, key): n for kind, item, key, n in rows}


def differences() -> list[tuple[Figure, int, int]]:
    """``(figure, tallied, recounted)`` for every figure where the two disagree, both read from
    one snapshot of the database, so writes made meanwhile cannot show as differences."""
    fresh = not connection.in_atomic_block  # else the caller's transaction is the snapshot
    with transaction.atomic():
        if connection.vendor == "postgresql" and fresh:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # SQLite (WAL): a read transaction sees one snapshot from its first read on.
        kept, counted = tallied(), recount()
    return sorted(
        (figure, kept.get(figure, 0), counted.get(figure, 0))
        for figure in kept.keys() | counted.keys()
        if kept.get(figure, 0) != counted.get(figure, 0)
    )


def describe(figure: Figure) -> str:
    kind, item, key = figure
    if kind == "format":
        format_key, _, disc_format = key.partition(SEP)
        return f"format {format_key!r} spelt {disc_format!r}" if key else "format (no edition)"
    if kind == "verdict":
        return f"verdict {key!r}"
    if kind == "role":
        role, _, label = key.partition(SEP)
        return f"person {item} as {label or role}"
    return f"{kind} {item}"


@transaction.atomic
def rebuild() -> int:
    """Write every tally again from a recount; the label and role figures follow from the edition
    and film ones through the tallies' own triggers. Returns how many rows were written.

    Writers wait meanwhile: on SQLite the first statement (the delete) takes the database's
    write lock; on PostgreSQL the counted tables are locked against writes first.
    """
    from reelpress.catalog.models import Credit, Film, Release
    from reelpress.reviews.models import Review

    if connection.vendor == "postgresql":
        tables = [Review._meta.db_table, Review.tags.through._meta.db_table]
        tables += [Release._meta.db_table, Film._meta.db_table, Tally._meta.db_table, Credit._meta.db_table]
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE")
    Tally.objects.all().delete()
    # The label and role figures follow from the edition and film ones, through the tallies' own
    # triggers, as those rows go in.
    figures = {figure: n for figure, n in recount().items() if figure[0] not in ("label", "role")}
    Tally.objects.bulk_create(
        Tally(kind=kind, item=item, key=key, n=n) for (kind, item, key), n in sorted(figures.items())
    )
    return Tally.objects.count()


# The counts migrations that make SQLite triggers, in the order they run.
_TRIGGER_MIGRATIONS = ("0002_archive_figures", "0004_person_roles")


def _trigger_migrations() -> list:
    """The applied counts migrations that made SQLite triggers (their modules)."""
    from django.db.migrations.recorder import MigrationRecorder

    applied = {name for app, name in MigrationRecorder(connection).applied_migrations() if app == "counts"}
    return [import_module(f"reelpress.counts.migrations.{n}") for n in _TRIGGER_MIGRATIONS if n in applied]


def missing_triggers() -> list[str]:
    """The tallies' triggers a SQLite database lacks. SQLite drops a table's triggers when a
    migration rebuilds the table (an altered column on the reviews or the credits, say), and the
    figures would then drift without a word. PostgreSQL keeps them through an ALTER TABLE."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return [
        name for module in _trigger_migrations() for name in module.SQLITE_TRIGGERS if name not in present
    ]


@transaction.atomic
def restore_triggers() -> None:
    """Create the tallies' SQLite triggers again (every one, in migration order), then rebuild the
    tallies from a recount: what changed while a trigger was missing was not counted."""
    with connection.cursor() as cursor:
        for module in _trigger_migrations():
            for name in module.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            for sql in module.sqlite():
                cursor.execute(sql)
    rebuild()


def after_migrate(using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After ``migrate`` or ``flush``: put back the tallies' triggers a migration dropped (SQLite),
    and rebuild the tallies if any is below 0.

    ``flush`` empties every table with row DELETEs on SQLite, the tallies among the first, so the
    triggers then take the deleted reviews away from empty tallies. A negative figure is never
    right, and looking for one reads only the tallies.
    """
    if using != DEFAULT_DB_ALIAS or Tally._meta.db_table not in connection.introspection.table_names():
        return
    if missing_triggers():
        restore_triggers()
    elif Tally.objects.filter(n__lt=0).exists():
        rebuild()
