"""A person's filmography in bounded pieces: counts per role, the first films of each role, a few
reviews under each film.

A prolific person has thousands of credits; nothing here reads their reviews or renders their
films all at once. The counts are one grouped query over the person's credits (an index on
(person, role)), the films shown are the first ones of each role in one windowed query, and
each film brings at most a few reviews (the film's page has every one).
"""

from __future__ import annotations

from django.db.models import Count, F, Max, Min, Window
from django.db.models.functions import RowNumber

from reelpress.catalog import lists
from reelpress.lib.text import make_slug
from reelpress.reviews.models import Review
from reelpress.reviews.queries import for_lists

ORDER = ("film__year", "film__title", "film_id")  # oldest first, as the page always listed them


def roles(credits) -> list[dict]:
    """The roles of ``credits`` (one person's), in the site's role order, each as
    ``{"key", "role", "slug", "n", "first", "last"}``: how many films and their years. One query."""
    rows = (
        credits.order_by()
        .values("role", "role_label")
        .annotate(n=Count("id"), first=Min("film__year"), last=Max("film__year"))
    )
    labels = dict(credits.model.Role.choices)
    groups, slugs = [], set()
    for row in sorted(rows, key=lambda r: (lists.ROLE_ORDER.index(r["role"]), r["role_label"])):
        name = row["role_label"] or labels[row["role"]]
        slug = make_slug(name) or row["role"]
        while slug in slugs:  # "Director" printed as an "other" role beside the director role
            slug += "-" + row["role"]
        slugs.add(slug)
        groups.append(
            {
                "key": (lists.ROLE_ORDER.index(row["role"]), row["role"], row["role_label"]),
                "role": name,
                "slug": slug,
                "n": row["n"],
                "first": row["first"],
                "last": row["last"],
            }
        )
    return groups


def years(groups: list[dict]) -> tuple[int, int] | None:
    """The first and last year of the person's films, from the roles' own."""
    firsts = [g["first"] for g in groups if g["first"]]
    lasts = [g["last"] for g in groups if g["last"]]
    return (min(firsts), max(lasts)) if firsts else None


def film_count(credits) -> int:
    """How many films (a film credited in two roles counts once)."""
    return credits.order_by().aggregate(n=Count("film_id", distinct=True))["n"]


def in_order(credits):
    """Credits with their films, oldest film first."""
    return credits.select_related("film").order_by(*ORDER)


def item(credit) -> dict:
    return {"film": credit.film, "credit": credit, "reviews": [], "more_reviews": False}


def first_films(credits, size: int) -> dict[tuple, list[dict]]:
    """The first ``size`` films of every role, oldest first, by role key: one query, whatever the
    number of credits (the rows are numbered within each role and only the first kept)."""
    numbered = credits.annotate(
        rank=Window(RowNumber(), partition_by=[F("role"), F("role_label")], order_by=[F(f) for f in ORDER])
    )
    found: dict[tuple, list[dict]] = {}
    for credit in in_order(numbered.filter(rank__lte=size)):
        key = (lists.ROLE_ORDER.index(credit.role), credit.role, credit.role_label)
        found.setdefault(key, []).append(item(credit))
    return found


def attach_reviews(items: list[dict], size: int) -> None:
    """Set on each item its film's latest ``size`` public reviews, and ``more_reviews`` when the
    film has others: one query, at most ``size + 1`` reviews read per film."""
    films = {entry["film"].pk for entry in items}
    if not films:
        return
    newest = [F("published_at").desc(), F("id").desc()]
    numbered = (
        Review.objects.public()
        .filter(film_id__in=films)
        .annotate(rank=Window(RowNumber(), partition_by=[F("film_id")], order_by=newest))
    )
    reviews: dict[int, list] = {}
    for review in for_lists(numbered.filter(rank__lte=size + 1)).order_by("film_id", "-published_at", "-id"):
        reviews.setdefault(review.film_id, []).append(review)
    for entry in items:
        found = reviews.get(entry["film"].pk, [])
        entry["reviews"], entry["more_reviews"] = found[:size], len(found) > size
