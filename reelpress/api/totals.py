"""How many reviews a filtered ``/api/reviews`` list holds, at a bounded cost per request.

A single filter the tallies keep (format, verdict, film year), the author alone, or no filter:
exact, from the tallies (``counts.figures``), a few rows. Anything else (the label, a film, two
filters together): counted up to ``COUNT_CAP`` + 1 matches among at most ``READ_CAP`` reviews of
the rarest filter, so a stranger who varies the combinations cannot make the database read half
the archive per request. Past either cap the answer says "at least" instead of a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from reelpress.counts import figures
from reelpress.lib.text import fold
from reelpress.reviews.models import Author, Review

# The most matches a request counts one by one; an exact count below it, "at least" above it.
COUNT_CAP = 1_000
# The most reviews a count reads (of its rarest filter) looking for those matches.
READ_CAP = 20_000


@dataclass(frozen=True)
class Total:
    """``exact`` is the count, or None when more than ``COUNT_CAP`` matched (``at_least`` then
    says how many were found); ``estimate`` is the best guess of the size for choosing a plan."""

    exact: int | None
    at_least: int
    estimate: int


def _known(n: int) -> Total:
    return Total(n, n, n)


def by_author(slug: str | None) -> int:
    """Public reviews of one author (by slug), or of everyone: one query on the tallies."""
    counts = figures.public_reviews_by_author()
    if not slug:
        return sum(counts.values())
    author = Author.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return counts.get(author, 0) if author is not None else 0


def single_figure(name: str, value, spellings: list[str] | None = None) -> int | None:
    """The public reviews matching one filter from its tally, or None when no tally keeps it."""
    if name == "format":
        return figures.public_reviews_by_format().get(fold(value), {}).get("n", 0)
    if name == "verdict":
        found = figures.public_reviews_by_verdict()
        return sum(found.get(spelling, 0) for spelling in spellings or [])
    if name == "year":
        return figures.public_figures("film-year", value).get((value, ""), 0)
    if name == "label":
        return None  # the label tallies count editions, not reviews
    raise ValueError(name)


def count(reviews, author: str | None, narrowed: dict, conditions: dict, *, spellings: list[str]) -> Total:
    """The total of ``reviews`` (the filtered public reviews) at a bounded cost.

    ``narrowed`` holds the filters other than the author and the film that were given,
    ``conditions`` every given filter's condition (a ``Q``) by name.
    """
    if not conditions:
        return _known(by_author(None))
    if set(conditions) == {"author"}:
        return _known(by_author(author))
    if len(narrowed) == 1 and set(conditions) == set(narrowed):
        ((name, value),) = narrowed.items()
        exact = single_figure(name, value, spellings)
        if exact is not None:
            return _known(exact)
    sizes = {name: single_figure(name, value, spellings) for name, value in narrowed.items()}
    if author:
        sizes["author"] = by_author(author)
    # Filters together match no more than the rarest alone: one that matches nothing (a year no
    # film has, a format nobody reviewed) answers at once, without reading any review.
    if 0 in sizes.values():
        return _known(0)
    # Start from the filter with the fewest reviews (a film's are few; a label's are at least its
    # editions) and read at most READ_CAP of them: a combination that matches almost nothing
    # would otherwise read every review of its smallest filter to find that out. The ids are
    # fetched first and the other conditions checked on them by primary key, so the database
    # cannot choose to start from a bigger filter's index instead.
    if "label" in conditions:
        sizes["label"] = _label_editions(narrowed["label"])
    start = "film" if "film" in conditions else min(sizes, key=lambda name: sizes[name])
    first = Review.objects.public().filter(conditions[start]).order_by().values_list("pk", flat=True)
    ids = list(first[: READ_CAP + 1])
    whole, ids = len(ids) <= READ_CAP, ids[:READ_CAP]
    found, step = 0, max(100, (connection.features.max_query_params or 5000) - 99)
    for at in range(0, len(ids), step):
        more = reviews.filter(pk__in=ids[at : at + step]).order_by().values("pk")
        found += more[: COUNT_CAP + 1 - found].count()
        if found > COUNT_CAP:
            break
    if found <= COUNT_CAP and whole:
        return _known(found)
    at_least = min(found, COUNT_CAP + 1)
    return Total(None, at_least, max(at_least, _upper_estimate(narrowed, spellings)))


def _label_editions(slug: str) -> int:
    """The label's editions, counted along its index up to READ_CAP + 1 (enough to choose)."""
    from reelpress.catalog.models import Release

    return Release.objects.filter(label__slug=slug).order_by().values("pk")[: READ_CAP + 1].count()


def _upper_estimate(narrowed: dict, spellings: list[str]) -> int:
    """The smallest single-filter tally among ``narrowed`` (filters together match no more than
    any one of them); the label's editions when only the label is there (each has a review)."""
    sizes = [single_figure(name, value, spellings) for name, value in narrowed.items()]
    known = [n for n in sizes if n is not None]
    if known:
        return min(known)
    return _label_editions(narrowed["label"]) if narrowed.get("label") else 0
