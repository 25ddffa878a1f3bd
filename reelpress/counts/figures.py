"""The figures of the public pages read from the tallies: a few rows per figure, never a scan of
the archive.

Each reader runs one query: the tally rows of its kind, with (UNION ALL) the scheduled reviews
whose time has not come subtracted, read along the ``published_at`` index from now on (they are
in the tallies, which count every review that is not a draft). See ``counts.models.Tally`` for
the kinds and migration 0002 for the triggers that keep them.
"""
# ruff: noqa: S608 -- table names come from model metadata; every value is a parameter

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.utils import timezone

from reelpress.counts.models import Tally

SEP = chr(31)  # between an edition's format_key and its disc_format in a "format" key


def _year(column: str) -> str:
    """The year in UTC of a datetime column, as the triggers write it."""
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column} AT TIME ZONE 'UTC') AS integer)"
    return f"CAST(substr({column}, 1, 4) AS integer)"


def _sep() -> str:
    return "chr(31)" if connection.vendor == "postgresql" else "char(31)"


def _unindexed(column: str) -> str:
    """``column`` where SQLite must not pick an index on it: grouping by an indexed column (verdict,
    tag, edition) would have it walk that whole index in order instead of reading the few waiting
    reviews along ``published_at``. Unary + hides the index from SQLite's planner."""
    return column if connection.vendor == "postgresql" else f"+{column}"


def _future(kind: str) -> str:
    """SQL giving (item, key, -count) for the scheduled reviews still to come, by ``kind``'s key."""
    from reelpress.catalog.models import Film, Release
    from reelpress.reviews.models import Review

    reviews, releases = Review._meta.db_table, Release._meta.db_table
    waiting = f"FROM {reviews} r {{join}} WHERE r.status <> %s AND r.published_at > %s"
    if kind == "author":
        item = "COALESCE(r.author_id, 0)"
        return f"SELECT {item}, '', -COUNT(*) {waiting.format(join='')} GROUP BY {item}"
    if kind == "year":
        item = _year("r.published_at")
        return f"SELECT {item}, '', -COUNT(*) {waiting.format(join='')} GROUP BY {item}"
    if kind == "verdict":
        return f"SELECT 0, r.verdict, -COUNT(*) {waiting.format(join='')} GROUP BY {_unindexed('r.verdict')}"
    if kind == "format":
        key = f"COALESCE(e.format_key || {_sep()} || e.disc_format, '')"
        join = f"LEFT JOIN {releases} e ON e.id = r.release_id"
        return f"SELECT 0, {key}, -COUNT(*) {waiting.format(join=join)} GROUP BY {key}"
    if kind == "film-year":
        join = f"JOIN {Film._meta.db_table} f ON f.id = r.film_id"
        return f"SELECT COALESCE(f.year, -1), '', -COUNT(*) {waiting.format(join=join)} GROUP BY f.year"
    if kind == "tag":
        join = f"JOIN {Review.tags.through._meta.db_table} t ON t.review_id = r.id"
        return f"SELECT t.tag_id, '', -COUNT(*) {waiting.format(join=join)} GROUP BY {_unindexed('t.tag_id')}"
    if kind == "label":
        # An edition leaves its label's figure when every review of it that is not a draft is
        # still to come: its own tally equals the number waiting.
        per_release = (
            f"SELECT r.release_id, COUNT(*) AS waiting {waiting.format(join='')} "
            f"AND {_unindexed('r.release_id')} IS NOT NULL GROUP BY {_unindexed('r.release_id')}"
        )
        # CROSS JOIN keeps the waiting editions as the outer loop on SQLite (a plain join let the
        # planner walk every "release" tally, one per edition of the archive, to probe them).
        return (
            f"SELECT COALESCE(e.label_id, 0), '', -COUNT(*) FROM ({per_release}) w "
            f"CROSS JOIN {Tally._meta.db_table} k CROSS JOIN {releases} e "
            "WHERE k.kind = 'release' AND k.item = w.release_id AND k.key = '' AND k.n = w.waiting "
            "AND e.id = w.release_id GROUP BY e.label_id"
        )
    raise ValueError(f"no figure {kind!r}")  # (the SQL above is built from model metadata only)


def public_figures(kind: str, item: int | None = None) -> dict[tuple[int, str], int]:
    """``(item, key) -> n`` for the public reviews (editions for "label") of one kind; rows with
    nothing public left out. With ``item``, only that row's tally is read."""
    from reelpress.reviews.models import Review

    tallies = f"SELECT item, key, n FROM {Tally._meta.db_table} WHERE kind = %s"  # noqa: S608 -- model metadata
    params: list = [kind]
    if item is not None:
        tallies += " AND item = %s"
        params.append(item)
    now = Review._meta.get_field("published_at").get_db_prep_value(timezone.now(), connection)
    sql = f"{tallies} UNION ALL {_future(kind)}"
    counts: dict[tuple[int, str], int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, Review.Status.DRAFT, now])
        for row_item, key, n in cursor.fetchall():
            if item is None or row_item == item:
                counts[(row_item, key)] += n
    return {k: n for k, n in counts.items() if n > 0}


def public_reviews_by_author() -> dict[int | None, int]:
    """Public reviews per author id (None: no author), authors with none left out; one query."""
    return {(item or None): n for (item, _), n in public_figures("author").items()}


def public_review_count() -> int:
    """How many reviews readers may see."""
    return sum(public_figures("author").values())


def public_reviews_by_year() -> dict[int, int]:
    """Public reviews per year of publication in the site's time zone (``TIME_ZONE``)."""
    years: dict[int, int] = defaultdict(int)
    for (year, _), n in public_figures("year").items():
        years[year] += n
    if settings.TIME_ZONE != "UTC":
        _to_local_years(years)
    return {year: n for year, n in sorted(years.items()) if n > 0}


def _to_local_years(years: dict[int, int]) -> None:
    """Move the reviews published between a UTC new year and the site's own from one year to the
    other: one query along the ``published_at`` index over a few hours a year."""
    from django.db.models import Q

    from reelpress.reviews.models import Review

    here = timezone.get_current_timezone()
    edges = []
    for year in {y for y in years} | {y + 1 for y in years}:
        if not 1 < year <= 9999:
            continue
        utc, local = dt.datetime(year, 1, 1, tzinfo=dt.UTC), dt.datetime(year, 1, 1, tzinfo=here)
        if utc != local:
            edges.append((min(utc, local), max(utc, local), year, local < utc))
    if not edges:
        return
    near = Q()
    for start, end, _, _ in edges:
        near |= Q(published_at__gte=start, published_at__lt=end)
    for when in Review.objects.public().filter(near).values_list("published_at", flat=True):
        for start, end, year, east in edges:
            if start <= when < end:
                # East of UTC: counted in year - 1 (UTC), belongs to year here; west: the reverse.
                moved_from, moved_to = (year - 1, year) if east else (year, year - 1)
                years[moved_from] -= 1
                years[moved_to] += 1


def public_reviews_by_verdict() -> dict[str, int]:
    """Public reviews per verdict as written; reviews without one left out."""
    return {key: n for (_, key), n in public_figures("verdict").items() if key}


def public_reviews_by_format() -> dict[str, dict]:
    """Per format key: ``{"name": the first of its spellings, "n": public reviews}``."""
    formats: dict[str, dict] = {}
    for (_, key), n in public_figures("format").items():
        format_key, _, disc_format = key.partition(SEP)
        if not format_key:
            continue
        found = formats.setdefault(format_key, {"name": disc_format, "n": 0})
        found["name"] = min(found["name"], disc_format)
        found["n"] += n
    return formats


def public_reviews_by_film_year() -> dict[int, int]:
    """Public reviews per year of their film; films without a year left out."""
    return {year: n for (year, _), n in public_figures("film-year").items() if year >= 0}


def public_reviews_with_tag(tag_id: int) -> int:
    return public_figures("tag", tag_id).get((tag_id, ""), 0)


def public_releases_by_label(label_id: int | None = None) -> dict[int, int]:
    """Editions with a public review per label id (all labels, or only ``label_id``)."""
    return {item: n for (item, _), n in public_figures("label", label_id).items() if item}


def public_release_count() -> int:
    """Editions with a public review, labelled or not (the label figures' sum, 0 included)."""
    return sum(public_figures("label").values())


def public_label_count() -> int:
    """Labels with at least one public edition."""
    return len(public_releases_by_label())


def waiting_films() -> set[int]:
    """Films counted as having a review (a "film" figure above 0) that readers may not see yet:
    every review of theirs that is not a draft is still to come. Read along ``published_at`` from
    now on (the scheduled reviews), one seek per film for a review already out. No DISTINCT: it
    would have SQLite walk the (film, date) index of every review instead."""
    from reelpress.reviews.models import Review

    reviews = Review._meta.db_table
    now = Review._meta.get_field("published_at").get_db_prep_value(timezone.now(), connection)
    sql = (
        f"SELECT r.film_id FROM {reviews} r WHERE r.status <> %s AND r.published_at > %s "
        f"AND NOT EXISTS (SELECT 1 FROM {reviews} o WHERE o.film_id = r.film_id "
        "AND o.status <> %s AND o.published_at <= %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Review.Status.DRAFT, now, Review.Status.DRAFT, now])
        return {row[0] for row in cursor.fetchall()}


def waiting_credits() -> dict[int, dict[tuple[str, str], int]]:
    """Per person, ``(role, role_label) -> how many`` of their credits are on films still waiting
    for their first public review (in the "role" figures, not yet on the public pages)."""
    from reelpress.catalog.models import Credit

    films = sorted(waiting_films())
    found: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    credits = Credit.objects.order_by().values_list("person_id", "role", "role_label")
    for start in range(0, len(films), 500):  # under every database's parameter limit
        # Counted here, not grouped by the database: a few rows, and a GROUP BY would sort them.
        for person_id, role, label in credits.filter(film_id__in=films[start : start + 500]):
            found[person_id][(role, label)] = found[person_id].get((role, label), 0) + 1
    return dict(found)


def public_roles(person_ids: list[int], waiting: dict | None = None) -> dict[int, dict[tuple[str, str], int]]:
    """Per person of ``person_ids``: ``(role, role_label) -> films with a public review`` in that
    role, roles with none left out. One read of the people's "role" tallies (a row per role),
    less the films still waiting (``waiting_credits``, read once per request when not given)."""
    if not person_ids:
        return {}
    waiting = waiting_credits() if waiting is None else waiting
    rows = Tally.objects.filter(kind="role", item__in=person_ids, n__gt=0).values_list("item", "key", "n")
    found: dict[int, dict[tuple[str, str], int]] = {pk: {} for pk in person_ids}
    for person_id, key, n in rows:
        role, _, label = key.partition(SEP)
        n -= waiting.get(person_id, {}).get((role, label), 0)
        if n > 0:
            found[person_id][(role, label)] = n
    return found


def role_key_range(role: str) -> tuple[str, str]:
    """The "role" tally keys of one role, as a [low, high) range: role, char 31, any label."""
    return f"{role}{SEP}", f"{role}{chr(ord(SEP) + 1)}"
