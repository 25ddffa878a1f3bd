"""A person's filmography in bounded pieces: counts per role, the first films of each role, a few
reviews under each film.

A prolific person has thousands of credits; nothing here reads them all. Each credit carries its
film's sort key, and the index (person, role, role_label, sort_year, sort_title, film) gives a
role's films in page order: the roles are found one index seek each, a role's films are a walk
from the top (or from a cursor) of its stretch of the index, and whether a film is public is
checked for each row walked. Counts stop at ``CAP``: past it a page says "300+" rather than
reading the rest.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.utils import timezone

from reelpress.catalog.models import Credit, Film, Label, Person, Release
from reelpress.lib.text import make_slug
from reelpress.lib.urls import slug_url
from reelpress.reviews.models import Review

ROLE_ORDER = [value for value, _ in Credit.Role.choices]  # the order a page lists roles in
CAP = 300  # a role's films are counted up to here; a page says "300+" past it
ORDER = ("sort_year", "sort_title", "film_id")  # oldest first, as the page always listed them
CREDIT, PERSON, REVIEW = Credit._meta.db_table, Person._meta.db_table, Review._meta.db_table
FILM = Film._meta.db_table


def public_credits():
    """Credits on a film with a public review, checked per credit (a correlated EXISTS)."""
    return Credit.objects.filter(Exists(Review.objects.public().filter(film=OuterRef("film_id"))))


def credits_of(person, *, staff: bool):
    """The credits of ``person`` that this visitor may see (editors: every one)."""
    credits = Credit.objects.all() if staff else public_credits()
    return credits.filter(person=person)


def _public_sql(alias: str) -> tuple[str, list]:
    sql = (
        f"EXISTS (SELECT 1 FROM {REVIEW} r WHERE r.film_id = {alias}.film_id "  # noqa: S608 -- model metadata
        "AND r.status <> %s AND r.published_at <= %s)"
    )
    return sql, [Review.Status.DRAFT, timezone.now()]


def tallies(person_ids: list[int], *, public: bool, cap: int | None = None, years: bool = True) -> dict:
    """Per person, their (role, role_label) groups with their films counted up to ``cap + 1`` (and
    the first and last year of each, if ``years``), in one query that reads at most ``cap + 1``
    credits per group (plus one per year), however many credits the person has.

    The groups are found by a walk that seeks the next (role, role_label) of the person in the
    index: one seek per group, not a scan of the person's credits.
    """
    if not person_ids:
        return {}
    cap = CAP if cap is None else cap
    check, check_params = _public_sql("c") if public else ("1 = 1", [])
    same_group = "c.person_id = g.person_id AND c.role = g.role AND c.role_label = g.label"
    placeholders = ", ".join(["%s"] * len(person_ids))
    next_group = (
        f"FROM {CREDIT} c WHERE c.person_id = g.person_id AND (c.role, c.role_label) > (g.role, g.label) "
        "ORDER BY c.role, c.role_label LIMIT 1"
    )
    year_columns, year_params = "", []
    if years:
        year_columns = f""",
            (SELECT c.sort_year FROM {CREDIT} c WHERE {same_group} AND c.sort_year > 0 AND {check}
             ORDER BY c.sort_year LIMIT 1),
            (SELECT c.sort_year FROM {CREDIT} c WHERE {same_group} AND c.sort_year > 0 AND {check}
             ORDER BY c.sort_year DESC LIMIT 1)"""  # noqa: S608 -- model metadata only
        year_params = check_params * 2
    sql = f"""
        WITH RECURSIVE g(person_id, role, label) AS (
            SELECT id, CAST('' AS varchar), CAST('' AS varchar) FROM {PERSON} WHERE id IN ({placeholders})
            UNION ALL
            SELECT g.person_id,
                CAST((SELECT c.role {next_group}) AS varchar),
                CAST((SELECT c.role_label {next_group}) AS varchar)
            FROM g WHERE g.role IS NOT NULL
        )
        SELECT g.person_id, g.role, g.label,
            (SELECT COUNT(*) FROM (
                SELECT 1 FROM {CREDIT} c WHERE {same_group} AND {check} LIMIT %s
            ) AS found){year_columns}
        FROM g WHERE g.role IS NOT NULL AND g.role <> ''
    """  # noqa: S608 -- table names come from model metadata, never from a request
    params = [*person_ids, *check_params, cap + 1, *year_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found: dict[int, list] = {pk: [] for pk in person_ids}
    for person_id, role, label, n, *first_last in rows:
        if n:
            found[person_id].append(_group(role, label, n, cap, *(first_last or (None, None))))
    for groups in found.values():
        groups.sort(key=lambda g: g["key"])
        _slugs(groups)
    return found


def counted_groups(counts: dict[tuple[str, str], int]) -> list[dict]:
    """Groups as ``tallies`` gives them, from exact counts (``(role, role_label) -> films``, as
    ``counts.figures.public_roles`` reads them): never capped, no years."""
    groups = [_group(role, label, n, n, None, None) for (role, label), n in counts.items() if n > 0]
    groups.sort(key=lambda g: g["key"])
    _slugs(groups)
    return groups


def _group(role: str, label: str, n: int, cap: int, first, last) -> dict:
    name = label or Credit.Role(role).label
    return {
        "key": (ROLE_ORDER.index(role), role, label),
        "role": name,
        "n": min(n, cap),
        "capped": n > cap,  # more than ``n``: shown as "300+"
        "count": f"{cap}+" if n > cap else str(n),
        "first": first,
        "last": last,
    }


@functools.lru_cache(maxsize=1024)
def _role_slug(name: str) -> str:
    """A role's slug (the same few names on every person of a list: made once each)."""
    return make_slug(name)


def _slugs(groups: list[dict]) -> None:
    taken = set()
    for group in groups:
        slug = _role_slug(group["role"]) or group["key"][1]
        while slug in taken:  # "Director" printed as an "other" role beside the director role
            slug += "-" + group["key"][1]
        taken.add(slug)
        group["slug"] = slug


def roles(person, *, staff: bool) -> list[dict]:
    """The roles of ``person`` in the site's role order, each as ``{"key", "role", "slug", "n",
    "capped", "count", "first", "last"}``: how many films (up to ``CAP``) and their years."""
    return tallies([person.pk], public=not staff)[person.pk]


def years(groups: list[dict]) -> tuple[int, int] | None:
    """The first and last year of the person's films, from the roles' own."""
    firsts = [g["first"] for g in groups if g["first"]]
    lasts = [g["last"] for g in groups if g["last"]]
    return (min(firsts), max(lasts)) if firsts else None


def film_count(person, groups: list[dict], *, staff: bool) -> tuple[int, bool]:
    """How many films (a film credited in two roles counts once), and whether there are more:
    exact when no role passed ``CAP`` (then the person has at most ``CAP`` credits per role, and
    each film is checked once), else the largest role's count, "or more". Raw SQL: building the
    ORM's version cost more than running it."""
    if any(g["capped"] for g in groups):
        return CAP, True
    if len(groups) == 1:
        return groups[0]["n"], False
    check, check_params = ("1 = 1", []) if staff else _public_sql("d")
    sql = (
        f"SELECT COUNT(*) FROM (SELECT DISTINCT c.film_id FROM {CREDIT} c WHERE c.person_id = %s) d "  # noqa: S608
        f"WHERE {check}"
    )  # table names from model metadata; every value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [person.pk, *check_params])
        return cursor.fetchone()[0], False


def in_role(credits, group: dict):
    """The credits of one role group, in page order (the index's)."""
    _, role, label = group["key"]
    return credits.filter(role=role, role_label=label)


def in_order(credits):
    """Credits with their films, oldest film first."""
    return credits.select_related("film").order_by(*ORDER)


@dataclass(slots=True)
class Line:
    """One film of a filmography as the page prints it (templatetags/filmography.py): plain
    values read as tuples, not model instances: a page prints up to 30 of them per role, each with up
    to five reviews under it."""

    film_id: int
    url: str
    title: str
    year: int | None
    character: str
    reviews: list[ReviewLine] = field(default_factory=list)
    more_reviews: bool = False


@dataclass(slots=True)
class ReviewLine:
    url: str
    headline: str
    disc_format: str | None
    label: str | None
    verdict: str


LINE = ("film_id", "film__slug", "film__title", "film__year", "character")


def _line(film_id: int, slug: str, title: str, year: int | None, character: str) -> Line:
    return Line(film_id, slug_url("catalog:film", slug), title, year, character)


def item(credit) -> Line:
    """The line of a credit read with its film (a role page's, which keeps the credits for its cursors)."""
    film = credit.film
    return _line(film.pk, film.slug, film.title, film.year, credit.character)


def first_films(person, groups: list[dict], size: int, *, staff: bool) -> dict[tuple, list[Line]]:
    """The first ``size`` films of every role, oldest first, by role key: one statement, a short
    index walk per role (``size`` rows each), whatever the number of credits. (One query per role
    through the ORM cost more in building the queries than in running them.)"""
    if not groups:
        return {}
    check, check_params = ("1 = 1", []) if staff else _public_sql("c")
    order = ", ".join(f'c."{column}"' for column in ORDER)
    columns = 'c."role", c."role_label", f."id", f."slug", f."title", f."year", c."character"'
    one_role = (
        f"SELECT * FROM (SELECT {columns} FROM {CREDIT} c JOIN {FILM} f ON f.id = c.film_id "  # noqa: S608
        f"WHERE c.person_id = %s AND c.role = %s AND c.role_label = %s AND {check} "
        f"ORDER BY {order} LIMIT %s) AS r"
    )  # table and column names from model metadata; every value is a parameter
    sql = " UNION ALL ".join(f"{one_role}{n}" for n in range(len(groups)))
    params = []
    for group in groups:
        _, role, label = group["key"]
        params += [person.pk, role, label, *check_params, size]
    first: dict[tuple, list[Line]] = {group["key"]: [] for group in groups}
    keys = {(group["key"][1], group["key"][2]): group["key"] for group in groups}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for role, label, *row in cursor.fetchall():
            first[keys[(role, label)]].append(_line(*row))
    return first


@dataclass
class CursorPage:
    items: list
    next_cursor: str | None
    previous_cursor: str | None


def _encode(key: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(text: str | None, types: tuple) -> tuple | None:
    """The key of a cursor this site gave, its values of ``types``; None for anything else."""
    if not text or len(text) > 1000:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, TypeError, binascii.Error):
        return None
    if not isinstance(key, list) or len(key) != len(types):
        return None
    return tuple(key) if all(_fits(value, kind) for value, kind in zip(key, types)) else None


def _fits(value, kind) -> bool:
    """A value of ``kind`` that every database takes as a parameter (an int in 32 bits, text
    without NUL): anything else is not from a cursor this site gave."""
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31
    return isinstance(value, str) and "\x00" not in value


def cursor_of(credit) -> str:
    """An opaque cursor for the position of ``credit`` in its role (its film's sort key)."""
    return _encode([credit.sort_year, credit.sort_title, credit.film_id])


def parse_cursor(text: str | None) -> tuple[int, str, int] | None:
    """``(sort_year, sort_title, film_id)`` from a cursor this site gave; None for anything else."""
    return _decode(text, (int, str, int))


PERSON_ORDER = ("role", "role_label", *ORDER)  # the index's own order: role by role


def person_cursor_of(credit) -> str:
    return _encode([credit.role, credit.role_label, credit.sort_year, credit.sort_title, credit.film_id])


def parse_person_cursor(text: str | None) -> tuple | None:
    return _decode(text, (str, str, int, str, int))


def walk_person(credits, size: int, after: tuple | None = None) -> CursorPage:
    """Up to ``size`` of one person's ``credits`` role by role (role key, then printed role), oldest
    film first within each, after a key: ``size + 1`` rows read from the index."""
    credits = credits.select_related("film").order_by(*PERSON_ORDER)
    if after is not None:
        credits = credits.filter(_row_after(PERSON_ORDER, after, before=False))
    rows = list(credits[: size + 1])
    more, rows = len(rows) > size, rows[:size]
    return CursorPage(
        items=rows, next_cursor=person_cursor_of(rows[-1]) if more else None, previous_cursor=None
    )


def _row_after(columns: tuple, key: tuple, *, before: bool) -> RawSQL:
    """Credits after (or before) ``key`` in ``columns`` order, as one row-value comparison: the
    database turns it into a range of the index (an OR of comparisons would lose its order)."""
    names = ", ".join(f'"{CREDIT}"."{column}"' for column in columns)
    marks = ", ".join(["%s"] * len(key))
    sql = f"({names}) {'<' if before else '>'} ({marks})"
    return RawSQL(sql, list(key), output_field=BooleanField())  # noqa: S611 -- values are parameters


def _beyond(key: tuple[int, str, int], *, before: bool) -> RawSQL:
    return _row_after(ORDER, key, before=before)


def walk(credits, size: int, *, after: tuple | None = None, before: tuple | None = None) -> CursorPage:
    """Up to ``size`` credits of one role group in page order, after or before a key: ``size + 1``
    rows read from the index, however deep into the role the key is."""
    credits = in_order(credits)
    if before is not None:
        rows = list(
            credits.filter(_beyond(before, before=True)).order_by(*(f"-{f}" for f in ORDER))[: size + 1]
        )
        more_before, rows = len(rows) > size, rows[:size][::-1]
        more_after = True
    else:
        if after is not None:
            credits = credits.filter(_beyond(after, before=False))
        rows = list(credits[: size + 1])
        more_after, rows = len(rows) > size, rows[:size]
        more_before = after is not None
    return CursorPage(
        items=rows,
        next_cursor=cursor_of(rows[-1]) if more_after and rows else None,
        previous_cursor=cursor_of(rows[0]) if more_before and rows else None,
    )


RELEASE, LABEL = Release._meta.db_table, Label._meta.db_table


def attach_reviews(items: list[Line], size: int) -> None:
    """Set on each line its film's latest ``size`` public reviews, and ``more_reviews`` when the
    film has others: one statement, a walk of at most ``size + 1`` rows of the (film, newest)
    index per film, however many reviews a film has. (Through the ORM, with a window function,
    building the query cost more than running it, and every review of each film was read.)"""
    films = sorted({entry.film_id for entry in items})
    if not films:
        return
    values = ", ".join(["(%s)"] * len(films))
    sql = f"""
        WITH films(id) AS (VALUES {values})
        SELECT r.film_id, r.slug, r.headline, rel.disc_format, l.name, r.verdict
        FROM films
        JOIN {REVIEW} r ON r.id IN (
            SELECT n.id FROM {REVIEW} n
            WHERE n.film_id = films.id AND n.status <> %s AND n.published_at <= %s
            ORDER BY n.published_at DESC, n.id DESC LIMIT %s)
        LEFT JOIN {RELEASE} rel ON rel.id = r.release_id
        LEFT JOIN {LABEL} l ON l.id = rel.label_id
        ORDER BY r.film_id, r.published_at DESC, r.id DESC
    """  # noqa: S608 -- table names come from model metadata; every value is a parameter
    params = [*films, Review.Status.DRAFT, timezone.now(), size + 1]
    reviews: dict[int, list[ReviewLine]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for film_id, slug, headline, disc_format, label, verdict in cursor.fetchall():
            reviews.setdefault(film_id, []).append(
                ReviewLine(slug_url("reviews:review", slug), headline, disc_format, label, verdict)
            )
    for entry in items:
        found = reviews.get(entry.film_id, [])
        entry.reviews, entry.more_reviews = found[:size], len(found) > size
