"""How many reviews a filtered ``/api/reviews`` list holds, at a bounded cost per request.

A single filter the tallies keep (format, verdict, film year), the author alone, or no filter:
exact, from the tallies (``counts.figures``), a few rows. The label alone: its tally of editions
with a public review is a lower bound (each has at least one); past ``COUNT_CAP`` editions that
is the answer ("at least"), below it the reviews are counted. Anything else (a film, two filters
together): counted up to ``COUNT_CAP`` + 1 matches and no further, so a stranger who varies the
combinations cannot make the database count half the archive per request. Past the cap the
answer says "at least" instead of a number; a count that would take more than ``BUDGET_MS`` of
database time (few matches among many rows, or a cold disk) is not given, and says the lower
bound it has.
"""

from __future__ import annotations

from dataclasses import dataclass

from reelpress.catalog.models import Label
from reelpress.counts import figures
from reelpress.lib import budget
from reelpress.lib.text import fold
from reelpress.reviews.models import Author

# The most matches a request counts one by one: exact up to it, "at least" past it.
COUNT_CAP = 1_000
# The database time one answer may take counting and reading its page (lib.budget): past it the
# count is not given, and a page not found yet is a 422.
BUDGET_MS = 100


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


def count(
    reviews, author: str | None, narrowed: dict, *, film: bool, spellings: list[str], within=None
) -> Total:
    """The total of ``reviews`` (the filtered public reviews) at a bounded cost.

    ``narrowed`` holds the filters other than the author and the film that were given; ``within``
    is the answer's ``lib.budget.Budget`` (default: one of ``BUDGET_MS``).
    """
    if not narrowed and not film:
        return _known(by_author(author))
    floor = 0  # matches known to be there whatever the count finds
    if len(narrowed) == 1 and not author and not film:
        ((name, value),) = narrowed.items()
        exact = single_figure(name, value, spellings)
        if exact is not None:
            return _known(exact)
        # The label alone: its public editions, each with a public review of its own. Past the
        # cap no review is read (a walk of 1,001 of them read cold from disk at 1,000,000 took
        # 270 ms); below it they are counted, and the count stops at the budget as any other.
        floor = label_public_editions(value)
        if floor == 0:
            return _known(0)
        if floor > COUNT_CAP:
            return Total(None, floor, floor)
    # Filters together match no more than the rarest alone: one that matches nothing (a year no
    # film has, a format nobody reviewed) answers at once, without reading any review.
    if any(single_figure(name, value, spellings) == 0 for name, value in narrowed.items()):
        return _known(0)
    try:
        with (within or budget.Budget(BUDGET_MS)).statement():
            found = reviews.order_by().values("pk")[: COUNT_CAP + 1].count()
    except budget.OverBudget:
        # Rare together, common apart: counting would read every review of the leading filter.
        # The count is not known; the page itself is tried under the same budget.
        return Total(None, floor, _upper_estimate(narrowed, spellings) or COUNT_CAP + 1)
    if found <= COUNT_CAP:
        return _known(found)
    return Total(None, found, max(found, _upper_estimate(narrowed, spellings)))


def label_public_editions(slug: str) -> int:
    """The label's editions with a public review, from the tallies (a few rows)."""
    label = Label.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return figures.public_releases_by_label(label).get(label, 0) if label is not None else 0


def _upper_estimate(narrowed: dict, spellings: list[str]) -> int:
    """The smallest single-filter tally among ``narrowed`` (filters together match no more than
    any one of them); the label's editions when only the label is there (each has a review)."""
    sizes = [single_figure(name, value, spellings) for name, value in narrowed.items()]
    known = [n for n in sizes if n is not None]
    if known:
        return min(known)
    return label_public_editions(narrowed["label"]) if narrowed.get("label") else 0
