"""What pages read: the cover of a review, film or edition, a review's captures, portraits,
logos, and the captures two editions share a timecode at. Each answers in one query; the
``attach_*`` helpers do a whole list in one query too."""

from __future__ import annotations

from collections import defaultdict

from reelpress.images.models import Image, Kind
from reelpress.lib import compiled


def cover_for_release(release) -> Image | None:
    """The edition's front cover."""
    if release is None:
        return None
    return Image.objects.filter(release=release, kind=Kind.FRONT).first()


def release_images(release) -> list[Image]:
    """Front, back and packaging shots of an edition, in that order, then by their order."""
    rank = {Kind.FRONT: 0, Kind.BACK: 1, Kind.PACKAGING: 2}
    return sorted(Image.objects.filter(release=release), key=lambda i: (rank[i.kind], i.order, i.id))


def cover_for_review(review) -> Image | None:
    """The review's own lead picture if it has one, else its edition's front cover."""
    found = Image.objects.filter(kind=Kind.FRONT).filter(_review_or_release(review)).order_by("order", "id")
    chosen = None
    for image in found:
        if image.review_id:
            return image
        chosen = chosen or image
    return chosen


def _review_or_release(review):
    from django.db.models import Q

    q = Q(review=review)
    if review.release_id:
        q |= Q(release_id=review.release_id)
    return q


def cover_for_film(film) -> Image | None:
    """The front cover of the film's newest edition that has one."""
    return (
        Image.objects.filter(kind=Kind.FRONT, release__film=film)
        .order_by("-release__street_date", "-release_id", "order", "id")
        .first()
    )


def captures_for_review(review) -> list[Image]:
    """The review's frame captures in the editor's order, with the edition each shows."""
    return list(Image.objects.filter(review=review, kind=Kind.CAPTURE).select_related("edition__label"))


def edition_captures(release) -> list[Image]:
    """Every capture taken from an edition (in any review), by timecode."""
    return list(Image.objects.filter(edition=release, kind=Kind.CAPTURE).order_by("timecode", "order", "id"))


def portrait_for(person_or_author) -> Image | None:
    """The portrait of a catalogue person or of a review author."""
    from reelpress.reviews.models import Author

    field = "author" if isinstance(person_or_author, Author) else "person"
    return Image.objects.filter(**{field: person_or_author}, kind=Kind.PORTRAIT).first()


def logo_for(label) -> Image | None:
    return Image.objects.filter(label=label, kind=Kind.LOGO).first() if label else None


def comparisons(film) -> list[dict]:
    """Timecodes at which two or more editions of the film have a capture, by timecode.

    Each item: ``{"timecode": timedelta, "timecode_display": "1:23:45", "captures": [Image, ...]}``
    with one capture per edition, oldest edition first (by street date), ``edition`` selected.
    """
    found = (
        Image.objects.filter(kind=Kind.CAPTURE, edition__film=film, timecode__isnull=False)
        .select_related("edition__label")
        .order_by("timecode", "edition__street_date", "edition_id", "order", "id")
    )
    by_time: dict = defaultdict(dict)
    for image in found:
        # Whole seconds: two discs' captures of one frame rarely agree to the frame.
        second = int(image.timecode.total_seconds())
        by_time[second].setdefault(image.edition_id, image)
    return [
        {
            "timecode": first.timecode,
            "timecode_display": first.timecode_display,
            "captures": list(per.values()),
        }
        for per in by_time.values()
        if len(per) >= 2
        for first in [next(iter(per.values()))]
    ]


def attach_covers(reviews) -> list:
    """Set ``review.cover`` (an Image or None) on every review of a list, in one query (compiled
    once per number of reviews and editions: ``lib.compiled``)."""
    reviews = list(reviews)
    review_ids, release_ids = [r.pk for r in reviews], [r.release_id for r in reviews]
    found = compiled.objects("images.covers", _covers, review_ids, release_ids) if reviews else ()
    return set_covers(reviews, found)


def _covers(review_ids, release_ids):
    return Image.objects.filter(covers_of(review_ids, release_ids))


def covers_of(review_ids, release_ids):
    """The condition for the front covers ``set_covers`` chooses from: the reviews' own and their
    editions'."""
    from django.db.models import Q

    return Q(kind=Kind.FRONT) & (ids_in("review_id", review_ids) | ids_in("release_id", release_ids))


def set_covers(reviews, images) -> list:
    """Set ``review.cover`` on each review from ``images`` (in their order; others are ignored):
    the review's own front cover, else its edition's."""
    own, of_release = {}, {}
    for image in images:
        if image.kind != Kind.FRONT:
            continue
        if image.review_id:
            own.setdefault(image.review_id, image)
        elif image.release_id:
            of_release.setdefault(image.release_id, image)
    for review in reviews:
        review.cover = own.get(review.pk) or of_release.get(review.release_id)
    return reviews


def attach_release_covers(releases) -> list:
    """Set ``release.cover`` on every edition of a list, in one query."""
    releases = list(releases)
    found = Image.objects.filter(kind=Kind.FRONT, release__in=[r.pk for r in releases])
    first = {}
    for image in found:
        first.setdefault(image.release_id, image)
    for release in releases:
        release.cover = first.get(release.pk)
    return releases


def attach_film_covers(films) -> list:
    """Set ``film.cover`` (newest edition's front cover) on every film of a list, in one query."""
    films = list(films)
    found = (
        Image.objects.filter(kind=Kind.FRONT, release__film__in=[f.pk for f in films])
        .select_related("release")
        .order_by("-release__street_date", "-release_id", "order", "id")
    )
    first = {}
    for image in found:
        first.setdefault(image.release.film_id, image)
    for film in films:
        film.cover = first.get(film.pk)
    return films


def ids_in(field, values):
    """``field__in=values``; with no values, a condition nothing meets (Django leaves it out of an
    OR, and answers nothing for an AND without asking the database)."""
    from django.db.models import Q

    return Q(**{f"{field}__in": list(values)}) if values else Q(pk__in=[])
