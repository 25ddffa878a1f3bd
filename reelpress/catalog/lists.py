"""The films and people indexes: filters, their choices, and each page row's counts, all bounded.

Nothing here counts or groups the whole archive: a page is walked from a key (``lib.keyset``),
its counts are read for the page's rows only, and a filter's choices are the distinct values of
an indexed column read one index seek per value (a "loose index scan" written as a recursive
query), each kept only if a public review carries it.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from reelpress.catalog.filmography import counted_groups
from reelpress.catalog.models import Film, Release, YearTens
from reelpress.counts.figures import public_roles
from reelpress.lib.text import make_slug
from reelpress.reviews.models import Review


def _public_review(**lookups):
    return Review.objects.public().filter(**lookups)


def _distinct(table: str, column: str, public_sql: str) -> list:
    """Distinct non-empty values of an indexed ``table.column`` for which ``public_sql`` finds a row.

    One index seek per distinct value instead of a scan of every row; ``public_sql`` is a query
    in which ``v.value`` is the candidate and %s the draft status and now. It is asked as a
    scalar subquery with LIMIT 1, not EXISTS: PostgreSQL turns an EXISTS into a hash join over
    every review, and cannot with a LIMIT in the way.
    """
    sql = f"""
        WITH RECURSIVE v(value) AS (
            SELECT MIN({column}) FROM {table} WHERE {column} > %s
            UNION ALL
            SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > v.value) FROM v
            WHERE v.value IS NOT NULL
        )
        SELECT value FROM v WHERE value IS NOT NULL AND ({public_sql} LIMIT 1) IS NOT NULL
    """  # noqa: S608 -- table and column names come from model metadata, never from a request
    with connection.cursor() as cursor:
        lowest = "" if column != "year" else 0
        cursor.execute(sql, [lowest, Review.Status.DRAFT, timezone.now()])
        return [row[0] for row in cursor.fetchall()]


def _film_public_sql(column: str) -> str:
    film, review = Film._meta.db_table, Review._meta.db_table
    return (
        f"SELECT 1 FROM {film} f JOIN {review} r ON r.film_id = f.id "  # noqa: S608 -- model metadata
        f"WHERE f.{column} = v.value AND r.status <> %s AND r.published_at <= %s"
    )


def countries() -> list[str]:
    return _distinct(Film._meta.db_table, "country", _film_public_sql("country"))


def decades() -> list[int]:
    years = _distinct(Film._meta.db_table, "year", _film_public_sql("year"))
    return sorted({year // 10 * 10 for year in years})


def format_choices() -> list[dict]:
    """Formats of public editions as ``{"slug", "key", "name"}``, by name, in one query."""
    release, review = Release._meta.db_table, Review._meta.db_table
    sql = f"""
        WITH RECURSIVE v(value) AS (
            SELECT MIN(format_key) FROM {release} WHERE format_key > %s
            UNION ALL
            SELECT (SELECT MIN(format_key) FROM {release} WHERE format_key > v.value) FROM v
            WHERE v.value IS NOT NULL
        )
        SELECT value, (SELECT disc_format FROM {release} WHERE format_key = v.value LIMIT 1)
        FROM v WHERE value IS NOT NULL AND (
            SELECT 1 FROM {release} e JOIN {review} r ON r.release_id = e.id
            WHERE e.format_key = v.value AND r.status <> %s AND r.published_at <= %s LIMIT 1
        ) IS NOT NULL
    """  # noqa: S608 -- table names come from model metadata, never from a request
    with connection.cursor() as cursor:
        cursor.execute(sql, ["", Review.Status.DRAFT, timezone.now()])
        rows = cursor.fetchall()
    return sorted(
        ({"slug": make_slug(key), "key": key, "name": name} for key, name in rows), key=lambda f: f["name"]
    )


def filter_films(films, *, decade: int | None, format_key: str, country: str):
    """``films`` narrowed to a decade, a format of a public edition, a country (each optional)."""
    if decade is not None:
        # The same expression as the index film_decade_title_key: one decade, already in title order.
        films = films.alias(decade_key=YearTens("year")).filter(decade_key=decade // 10)
    if format_key:
        public_edition = Release.objects.filter(film=OuterRef("pk"), format_key=format_key).filter(
            Exists(_public_review(release=OuterRef("pk")))
        )
        films = films.filter(Exists(public_edition))
    if country:
        films = films.filter(country=country)
    return films


def film_counts(films: list) -> None:
    """Set ``n_reviews`` and ``n_editions`` (public ones) on each film of a page, in one query."""
    rows = (
        _public_review(film_id__in=[film.pk for film in films])
        .order_by()
        .values("film_id")
        .annotate(n_reviews=Count("id"), n_editions=Count("release_id", distinct=True))
    )
    counts = {row["film_id"]: row for row in rows}
    for film in films:
        row = counts.get(film.pk, {})
        film.n_reviews, film.n_editions = row.get("n_reviews", 0), row.get("n_editions", 0)


def person_roles(people: list, waiting: dict | None = None) -> None:
    """Set ``roles`` on each person of a page: ``[(role, count, number of public films)]``, exact,
    from the people's "role" tallies (one read for the page); ``waiting`` as ``public_roles``."""
    found = public_roles([person.pk for person in people], waiting)
    for person in people:
        groups = counted_groups(found.get(person.pk, {}))
        person.roles = [(group["role"], group["count"], group["n"]) for group in groups]
