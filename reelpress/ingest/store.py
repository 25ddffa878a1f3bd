"""The one writer: ``save(record)`` stores a ReviewRecord in one transaction.

Upserts by natural key (film: folded title + year; person: folded name; label: folded name;
release: film + label + format + street date; review: source URL, else slug), merges people
and labels whose names fold together, and writes the search index in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from reelpress.catalog.models import (
    AlternateTitle,
    AudioTrack,
    Credit,
    Extra,
    Film,
    Label,
    Person,
    Release,
    SubtitleTrack,
)
from reelpress.ingest.record import ROLE_FIELDS, ReviewRecord
from reelpress.ingest.validate import check, parse_date, parse_when
from reelpress.lib.text import fold, make_slug, unique_slug
from reelpress.reviews.models import Author, Rating, Review, Tag

ROLE_OF_FIELD = {
    "directors": Credit.Role.DIRECTOR,
    "writers": Credit.Role.WRITER,
    "producers": Credit.Role.PRODUCER,
    "cinematographers": Credit.Role.CINEMATOGRAPHER,
    "editors": Credit.Role.EDITOR,
    "composers": Credit.Role.COMPOSER,
}


@dataclass
class SaveResult:
    review: Review
    action: str  # "created", "updated" or "unchanged"


def record_hash(record: ReviewRecord) -> str:
    canonical = json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def review_slug_for(record: ReviewRecord) -> str:
    """The slug a record gets when it brings none: title, year and format."""
    parts = [record.title, str(record.year or ""), record.disc_format or ""]
    return make_slug(" ".join(p for p in parts if p), 150)


def find_review(record: ReviewRecord) -> Review | None:
    """The stored review a record updates: same source URL, else same slug (given or derived)."""
    if record.source_url:
        found = Review.objects.filter(source_url=record.source_url).first()
        if found or not record.slug:
            return found
        found = Review.objects.filter(slug=record.slug).first()
        return found if found and not found.source_url else None
    return Review.objects.filter(slug=record.slug or review_slug_for(record)).first()


def save(record: ReviewRecord, *, index: bool = True) -> SaveResult:
    """Store one record: create or update its review, film, people, label and release."""
    record = check(record)
    digest = record_hash(record)
    with transaction.atomic():
        review = find_review(record)
        if review is not None and review.record_hash == digest:
            return SaveResult(review, "unchanged")
        action = "updated" if review else "created"
        film = _film(record)
        _credits(film, record)
        release = _release(film, record)
        author = author_for(record.reviewer) if record.reviewer else None
        review = _review(review, record, film, release, author, digest)
        if index:
            from reelpress.search.index import index_review

            index_review(review)
    return SaveResult(review, action)


def _film(record: ReviewRecord) -> Film:
    key = fold(record.title)
    film = Film.objects.filter(title_key=key, year=record.year).first()
    if film is None:
        slug_text = f"{record.title} {record.year}" if record.year else record.title
        film = Film(title=record.title, title_key=key, year=record.year, slug=unique_slug(Film, slug_text))
    film.title = record.title
    for name in ("original_title", "color", "aspect_ratio", "country", "language"):
        value = getattr(record, name)
        if value:
            setattr(film, name, value)
    if record.runtime_minutes:
        film.runtime_minutes = record.runtime_minutes
    film.save()
    known = {fold(t.title) for t in film.alternate_titles.all()}
    for n, title in enumerate(record.alternate_titles, start=len(known)):
        if fold(title) not in known and fold(title) != key:
            AlternateTitle.objects.create(film=film, title=title, order=n)
            known.add(fold(title))
    return film


def person_for(name: str) -> Person:
    """The one person a name folds to (created when new)."""
    key = fold(name)
    person = Person.objects.filter(name_key=key, disambiguator="").first()
    if person is None:
        person = Person.objects.create(name=name.strip(), name_key=key, slug=unique_slug(Person, name))
    return person


def _credits(film: Film, record: ReviewRecord) -> None:
    # A role the record names replaces the film's credits in that role (so corrections stick);
    # roles the record leaves empty keep what other reviews of the film brought.
    groups: list[tuple[str, str, list[str]]] = [
        (ROLE_OF_FIELD[f], "", getattr(record, f)) for f in ROLE_FIELDS
    ]
    groups.append((Credit.Role.CAST, "", record.cast))
    groups += [(Credit.Role.OTHER, label.strip(), names) for label, names in record.other_credits.items()]
    for role, label, names in groups:
        if not names:
            continue
        Credit.objects.filter(film=film, role=role, role_label=label).delete()
        seen = set()
        for order, name in enumerate(names):
            person = person_for(name)
            if person.pk in seen:
                continue
            seen.add(person.pk)
            character = record.characters.get(name, "") if role == Credit.Role.CAST else ""
            Credit.objects.create(
                film=film, person=person, role=role, role_label=label[:100], character=character, order=order
            )


def label_for(name: str) -> Label:
    key = fold(name)
    label = Label.objects.filter(name_key=key).first()
    if label is None:
        label = Label.objects.create(name=name.strip(), name_key=key, slug=unique_slug(Label, name))
    return label


def _release(film: Film, record: ReviewRecord) -> Release | None:
    if not (record.disc_format or record.label or record.street_date):
        return None
    label = label_for(record.label) if record.label else None
    street = parse_date("street_date", record.street_date)
    fkey = fold(record.disc_format)
    release = Release.objects.filter(film=film, label=label, format_key=fkey, street_date=street).first()
    if release is None:
        text = " ".join(p for p in (film.slug, record.disc_format or "", label.name if label else "") if p)
        release = Release(film=film, label=label, format_key=fkey, street_date=street)
        release.slug = unique_slug(Release, text, max_length=150)
    release.disc_format = record.disc_format or ""
    for name in ("spine_number", "region", "packaging", "retailer", "retailer_url", "price_note"):
        value = getattr(record, name)
        if value:
            setattr(release, name, value)
    if record.extras_subtitled is not None:
        release.extras_subtitled = record.extras_subtitled
    release.save()
    _replace(release.audio_tracks, AudioTrack, "description", record.audio, release)
    _replace(release.subtitle_tracks, SubtitleTrack, "language", record.subtitles, release)
    _replace(release.extras, Extra, "text", record.extras, release)
    return release


def _replace(manager, model, field, values, release):
    if not values or [getattr(row, field) for row in manager.all()] == values:
        return
    manager.all().delete()
    for order, value in enumerate(values):
        model(
            release=release, order=order, **{field: value[: model._meta.get_field(field).max_length]}
        ).save()


def author_for(name: str) -> Author:
    key = fold(name)
    author = Author.objects.filter(name_key=key).first()
    if author is None:
        author = Author.objects.create(name=name.strip(), name_key=key, slug=unique_slug(Author, name))
    return author


def _review(review, record, film, release, author, digest) -> Review:
    if review is None:
        review = Review(slug=unique_slug(Review, record.slug or review_slug_for(record), max_length=150))
    review.headline = record.headline or record.title
    review.film, review.release, review.author = film, release, author
    review.review_date = parse_date("review_date", record.review_date)
    published = parse_when("published_at", record.published_at)
    if published is None and review.review_date:
        published = dt.datetime.combine(review.review_date, dt.time(), tzinfo=dt.UTC)
    review.published_at = published or review.published_at or timezone.now()
    review.status = record.status
    review.blurb = record.blurb or ""
    review.body = record.body or ""
    review.verdict = record.verdict or ""
    review.thanks = record.thanks or ""
    review.copyright = record.copyright or ""
    review.source_url = record.source_url or None
    review.record_hash = digest
    review.save()
    review.ratings.all().delete()
    for order, (axis, value) in enumerate(record.ratings.items()):
        Rating(review=review, axis=axis[:60], value=value[:200], order=order).save()
    review.tags.set([_tag(name) for name in record.tags])
    return review


def _tag(name: str) -> Tag:
    slug = make_slug(name)
    tag = Tag.objects.filter(slug=slug).first()
    return tag or Tag.objects.create(name=name.strip()[:100], slug=slug)
