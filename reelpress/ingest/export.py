"""From the database back to records: the inverse of ``store.save``.

Export -> import -> export is lossless.
"""

from __future__ import annotations

from django.db.models import Prefetch

from reelpress.catalog.models import Credit
from reelpress.images.models import Image, Kind, format_timecode
from reelpress.ingest.record import ReviewRecord
from reelpress.ingest.store import ROLE_OF_FIELD
from reelpress.reviews.models import Review


def review_queryset():
    """Reviews with everything ``record_from_review`` reads, in a handful of queries."""
    return (
        Review.objects.select_related("film", "release__label", "author")
        .prefetch_related(
            "film__alternate_titles",
            "film__credits__person",
            "release__audio_tracks",
            "release__subtitle_tracks",
            "release__extras",
            "ratings",
            "tags",
            # Pictures: the edition's covers, the review's captures, portraits and the label's logo.
            Prefetch("images", queryset=Image.objects.order_by("kind", "order", "id")),
            Prefetch("release__images", queryset=Image.objects.order_by("kind", "order", "id")),
            Prefetch("release__label__images", queryset=Image.objects.order_by("order", "id")),
            Prefetch("author__images", queryset=Image.objects.order_by("order", "id")),
            Prefetch("film__credits__person__images", queryset=Image.objects.order_by("order", "id")),
        )
        .order_by("slug")
    )


def record_from_review(review: Review) -> ReviewRecord:
    film, release = review.film, review.release
    credits = sorted(film.credits.all(), key=lambda c: (c.role, c.role_label, c.order, c.id))
    by_role: dict[str, list[str]] = {}
    other: dict[str, list[str]] = {}
    characters: dict[str, str] = {}
    for credit in credits:
        if credit.role == Credit.Role.OTHER:
            other.setdefault(credit.role_label, []).append(credit.person.name)
        else:
            by_role.setdefault(credit.role, []).append(credit.person.name)
        if credit.role == Credit.Role.CAST and credit.character:
            characters[credit.person.name] = credit.character
    record = ReviewRecord(
        title=film.title,
        original_title=film.original_title or None,
        alternate_titles=[t.title for t in film.alternate_titles.all()],
        year=film.year,
        runtime_minutes=film.runtime_minutes,
        color=film.color or None,
        aspect_ratio=film.aspect_ratio or None,
        country=film.country or None,
        language=film.language or None,
        cast=by_role.get(Credit.Role.CAST, []),
        characters=characters,
        other_credits=other,
        headline=review.headline,
        slug=review.slug,
        reviewer=review.author.name if review.author else None,
        review_date=review.review_date.isoformat() if review.review_date else None,
        published_at=review.published_at.isoformat(),
        status=review.status,
        blurb=review.blurb or None,
        body=review.body or None,
        ratings={r.axis: r.value for r in review.ratings.all()},
        verdict=review.verdict or None,
        thanks=review.thanks or None,
        copyright=review.copyright or None,
        tags=[t.name for t in review.tags.all()],
        source_url=review.source_url,
    )
    for field, role in ROLE_OF_FIELD.items():
        setattr(record, field, by_role.get(role, []))
    if release is not None:
        record.disc_format = release.disc_format or None
        record.label = release.label.name if release.label else None
        record.spine_number = release.spine_number or None
        record.street_date = release.street_date.isoformat() if release.street_date else None
        record.region = release.region or None
        record.audio = [t.description for t in release.audio_tracks.all()]
        record.subtitles = [t.language for t in release.subtitle_tracks.all()]
        record.extras_subtitled = release.extras_subtitled
        record.packaging = release.packaging or None
        record.extras = [e.text for e in release.extras.all()]
        record.retailer = release.retailer or None
        record.retailer_url = release.retailer_url or None
        record.price_note = release.price_note or None
    record.images = image_entries(review, credits)
    return record


# The kinds in the order an export lists them (a record's pictures read as its page shows them).
_KIND_ORDER = {kind: n for n, kind in enumerate(Kind.values)}


def image_entries(review: Review, credits=()) -> list[dict]:
    """The record's ``images``: what ``ingest.store.save`` needs to put each picture back where it
    was (images/records.py), its checksum, and its size for readers of the file.

    ``path`` is the master's storage name, relative to the folder ``export json --media DIR``
    writes and ``import json --media-dir DIR`` reads.
    """
    entries = []
    release = review.release
    owned = [*(release.images.all() if release is not None else ()), *review.images.all()]
    owned.sort(key=lambda image: (_KIND_ORDER[image.kind], image.release_id is None, image.order, image.id))
    entries.extend(_entry(image) for image in owned)
    if review.author is not None:
        entries.extend(_entry(image) for image in review.author.images.all())
    people = {}
    for credit in credits:
        people.setdefault(credit.person.name, credit.person)
    for name in sorted(people):
        entries.extend(_entry(image, person=name) for image in people[name].images.all())
    if release is not None and release.label is not None:
        entries.extend(_entry(image) for image in release.label.images.all())
    return entries


def _entry(image: Image, person: str | None = None) -> dict:
    entry = {
        "kind": image.kind,
        "path": image.file,
        "sha256": image.sha256,
        "alt": image.alt,
        "caption": image.caption,
        "timecode": format_timecode(image.timecode) if image.timecode is not None else None,
        "decorative": image.decorative,
        "order": image.order,
    }
    if person is not None:
        entry["person"] = person
    # For people and tools reading the file; `import json` recomputes them from the picture.
    entry.update(width=image.width, height=image.height, bytes=image.bytes)
    return entry
