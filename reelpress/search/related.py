"""More like this: public reviews sharing people, label, era and title words with a review."""

from __future__ import annotations

from django.utils import timezone

from reelpress.reviews.models import Review
from reelpress.search.backends import SearchError, backend_for
from reelpress.search.documents import now_key
from reelpress.search.query import AnyOf, Query, Term, Years
from reelpress.search.text import split_parts

CANDIDATES = 200
MAX_PEOPLE = 10


def _facet_values(row) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for line in row.facets.split("\n") if row.facets else ():
        facet, slug, _label = line.split("\t")
        found.setdefault(facet, set()).add(slug)
    return found


def more_like_this(review, limit: int = 5) -> list[Review]:
    """Up to ``limit`` other public reviews most like ``review`` (never the review itself)."""
    backend = backend_for()
    row = backend.row_for_review(review.pk)
    if row is None:
        return []
    now = now_key(timezone.now())
    people = split_parts(row.people)[:MAX_PEOPLE]
    mine = _facet_values(row)
    title_words = [w for w in (split_parts(row.titles) or [""])[0].split() if len(w) > 3]
    first: list = [Term(tuple(p.split()), field="credits") for p in people]
    first += [
        Term(tuple(label.split()), field="label")
        for label in split_parts(row.facts)[:1]
        if label and mine.get("label")
    ]
    second: list = [Term((w,), field="title") for w in title_words[:4]]
    second += [Years(int(d), int(d) + 9) for d in mine.get("decade", ())]
    candidates = {}
    try:
        for items in (first, second):
            if items and len(candidates) < limit * 4:
                for r in backend.scan(Query(must=[AnyOf(tuple(items))]), {}, CANDIDATES, now):
                    candidates.setdefault(r.docid, r)
    except SearchError:
        return []
    candidates.pop(row.docid, None)
    my_people = set(people)
    my_titles = set(title_words)

    def closeness(other) -> tuple:
        theirs = _facet_values(other)
        value = 3 * len(my_people & set(split_parts(other.people)))
        value += 2 * len(mine.get("director", set()) & theirs.get("director", set()))
        value += 2 * bool(mine.get("label") and mine.get("label") == theirs.get("label"))
        value += bool(mine.get("decade") and mine.get("decade") == theirs.get("decade"))
        value += len(my_titles & set((split_parts(other.titles) or [""])[0].split()))
        return (-value, -other.docid)

    best = sorted(candidates.values(), key=closeness)[: limit * 2]
    reviews = {
        r.pk: r
        for r in Review.objects.public()
        .filter(pk__in=[r.review_id for r in best])
        .exclude(pk=review.pk)
        .select_related("film", "release__label")
    }
    return [reviews[r.review_id] for r in best if r.review_id in reviews][:limit]
