"""The one writer: ``save(record)`` stores a ReviewRecord in one transaction.

Upserts by natural key (film: folded title + year; person: folded name; label: folded name;
release: film + label + format + street date; review: source URL, else slug), merges people
and labels whose names fold together, and writes the search index in the same transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from reelpress.catalog.extras import split_runtime
from reelpress.catalog.models import (
    AlternateTitle,
    AudioTrack,
    Credit,
    Extra,
    Film,
    Label,
    MergedKey,
    Person,
    Release,
    SubtitleTrack,
)
from reelpress.images import records as image_records
from reelpress.ingest.record import ROLE_FIELDS, ReviewRecord
from reelpress.ingest.validate import RecordError, check, parse_date, parse_when
from reelpress.lib.text import fold as _fold_text
from reelpress.lib.text import key_slug, make_slug, sluggable, unique_slug
from reelpress.reviews.models import Author, Rating, Review, Tag
from reelpress.reviews.scales import normalise

# Names and titles repeat across records: fold each distinct one once (fold is pure).
fold = functools.lru_cache(maxsize=100_000)(_fold_text)

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
    notes: list[str] = dataclasses.field(default_factory=list)  # pictures left out, and why


def record_hash(record: ReviewRecord) -> str:
    # The fields as they are (JSON-native values), not to_dict()'s deep copy: the same JSON, the
    # same digest, a fraction of the time.
    fields = {name: getattr(record, name) for name in _FIELD_NAMES}
    canonical = json.dumps(
        fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_digest_bytes
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


_FIELD_NAMES = tuple(f.name for f in dataclasses.fields(ReviewRecord))


def _digest_bytes(value):
    """A picture given as bytes enters the record's digest as the digest of its bytes."""
    if isinstance(value, bytes | bytearray | memoryview):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    raise TypeError(f"{type(value).__name__} is not JSON")


def review_slug_for(record: ReviewRecord) -> str:
    """The slug a record gets when it brings none: title, year and format.

    A title with nothing a slug keeps ("!!!", "七人の侍") is stood for by ``key_slug``'s digest of
    it, so such a record is never matched to another review by a shared fallback.
    """
    title = record.title if sluggable(record.title) else key_slug(record.title)
    parts = [title, str(record.year or ""), record.disc_format or ""]
    return make_slug(" ".join(p for p in parts if p), 150)


def find_review(record: ReviewRecord) -> Review | None:
    """The stored review a record updates: same source URL, else same slug (given or derived)."""
    if record.source_url:
        found = _review_by("source_url", record.source_url)
        if found or not record.slug:
            return found
        found = _review_by("slug", record.slug)
        return found if found and not found.source_url else None
    return _review_by("slug", record.slug or review_slug_for(record))


def _review_by(field: str, value: str) -> Review | None:
    cache = _cached(field)
    if cache is not None and value in cache:
        return cache[value]
    found = Review.objects.filter(**{field: value}).first()
    if cache is not None:
        cache[value] = found
    return found


def save(record: ReviewRecord) -> SaveResult:
    """Store one record: create or update its review, film, people, label and release.

    The search index follows by itself (``search.signals``); inside an import batch's
    ``index_scope()`` it is written once for the whole batch.
    """
    record = check(record)
    try:
        image_records.check(record.images)
    except image_records.ImageRecordError as error:
        raise RecordError("images", str(error)) from None
    digest = record_hash(record)
    notes = []
    try:
        # Every row written below marks the reviews it shows for the search index (search.signals);
        # they are indexed once, at the end of this block, inside the transaction.
        with transaction.atomic(), index_scope():
            review = find_review(record)
            if review is not None and review.record_hash == digest:
                return SaveResult(review, "unchanged")
            action = "updated" if review else "created"
            film, new_film = _film(record)
            _credits(film, record, new_film)
            release = _release(film, record, new_film)
            author = author_for(record.reviewer) if record.reviewer else None
            review = _review(review, record, film, release, author, digest)
            if record.images:
                notes = image_records.save(record, review, release, author, person_for)
    except BaseException:
        # The savepoint is rolled back: rows this save created (people, labels...) are gone,
        # so a batch cache must not hand them to the next record.
        _forget()
        if record.images:
            image_records.discard_uncommitted()
        raise
    return SaveResult(review, action, notes)


def index_scope():
    """The search app's ``deferred()`` block: index changes are written once, at its end."""
    try:
        from reelpress.search.signals import deferred
    except ImportError:  # a site without the search app
        return nullcontext()
    return deferred()


# --- lookup caches for a batch of saves (an import): people, labels, authors and tags by key.
_CACHE: ContextVar[dict[str, dict] | None] = ContextVar("reelpress_store_cache", default=None)


# How many people (and labels, authors, tags) an import remembers: a real archive of a million
# reviews names hundreds of thousands of people, and the import's memory must not grow with them.
REMEMBERED_NAMES = 50_000


class Remembered(dict):
    """A dict that forgets its oldest entries beyond ``limit`` (a forgotten name is looked up again)."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def __setitem__(self, key, value):
        if key not in self:
            while len(self) >= self.limit:
                del self[next(iter(self))]
        super().__setitem__(key, value)

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value


@contextmanager
def caching():
    """Inside this block, ``save`` remembers the people, labels, authors and tags it has looked up.

    For imports, where the same names come back record after record. Everything is forgotten
    whenever a save fails (its savepoint may have removed rows the cache holds); a caller that
    rolls back a transaction some other way must leave the block too.
    """
    names = ("person", "label", "author", "tag", "film", "source_url", "slug", "free")
    token = _CACHE.set({name: Remembered(REMEMBERED_NAMES) for name in names})
    try:
        yield
    finally:
        _CACHE.reset(token)


def prime(records: list[ReviewRecord]) -> None:
    """Inside ``caching()``: look up the reviews and films a batch of records will need, in a few queries.

    Only speeds ``save`` up: a record primed wrongly (it is not checked yet) just misses the cache.
    """
    cache = _CACHE.get()
    if cache is None:
        return
    # Films, reviews and free slugs are per batch (they grow with the archive); people, labels,
    # authors and tags are few and repeat, so they are kept for the whole import.
    for name in ("film", "source_url", "slug", "free"):
        cache[name].clear()
    urls, slugs, films = set(), set(), set()
    for record in records:
        try:
            if record.source_url:
                urls.add(record.source_url)
            slugs.add(record.slug or review_slug_for(record))
            films.add((fold(record.title), int(record.year) if record.year else None))
        except (TypeError, ValueError, AttributeError):
            continue
    for field, values in (("source_url", urls), ("slug", slugs)):
        values = [v for v in values if isinstance(v, str) and v not in cache[field]]
        for start in range(0, len(values), 500):  # keep under every database's parameter limit
            chunk = values[start : start + 500]
            found = {getattr(r, field): r for r in Review.objects.filter(**{f"{field}__in": chunk})}
            cache[field].update({value: found.get(value) for value in chunk})
    keys = sorted({key for key, _year in films})
    for start in range(0, len(keys), 500):
        for film in Film.objects.filter(title_key__in=keys[start : start + 500]):
            cache["film"][(film.title_key, film.year)] = film
    missing = {key for key in films if key not in cache["film"]}
    for survivor_key, film in _merged_films(missing).items():
        cache["film"][survivor_key] = film
    for key in films:
        cache["film"].setdefault(key, None)
    _prime_slugs(records, cache)


def _prime_slugs(records: list[ReviewRecord], cache: dict) -> None:
    # The slugs new films, releases and reviews will ask for first, checked in one query per table.
    wanted: dict = {Film: set(), Release: set(), Review: set()}
    for record in records:
        try:
            year = int(record.year) if record.year else None
            film = cache["film"].get((fold(record.title), year))
            film_slug = (
                film.slug if film else make_slug(f"{record.title} {year}" if year else record.title, 74)
            )
            if not film:
                wanted[Film].add(film_slug)
            if record.disc_format or record.label or record.street_date:
                parts = (film_slug, record.disc_format or "", (record.label or "").strip())
                wanted[Release].add(make_slug(" ".join(p for p in parts if p), 144))
            wanted[Review].add(make_slug(record.slug or review_slug_for(record), 144))
        except (TypeError, ValueError, AttributeError):
            continue
    for model, slugs in wanted.items():
        slugs = sorted(slugs)
        free = cache["free"].setdefault(model, set())
        for start in range(0, len(slugs), 500):
            chunk = slugs[start : start + 500]
            taken = set(model._default_manager.filter(slug__in=chunk).values_list("slug", flat=True))
            free.update(slug for slug in chunk if slug not in taken)


def _slug(model, text: str, max_length: int = 80) -> str:
    """``unique_slug``, answered from the batch's primed free slugs when it can (no query)."""
    free = _cached("free")
    candidate = make_slug(text, max_length - 6)
    if free is not None and candidate in free.get(model, ()):
        free[model].discard(candidate)
        return candidate
    slug = unique_slug(model, text, max_length=max_length)
    if free is not None:
        free.get(model, set()).discard(slug)  # taken now, whatever another record expected
    return slug


def _cached(kind: str) -> dict | None:
    cache = _CACHE.get()
    return None if cache is None else cache[kind]


def _forget() -> None:
    cache = _CACHE.get()
    if cache is not None:
        for table in cache.values():
            table.clear()


def _merged_films(keys) -> dict[tuple[str, int | None], Film]:
    """Films that films with these (folded title, year) keys were merged into, by the merged key."""
    found: dict[tuple[str, int | None], Film] = {}
    titles = sorted({title for title, _year in keys})
    for start in range(0, len(titles), 500):
        merged = (
            MergedKey.objects.filter(kind=MergedKey.Kind.FILM, key__in=titles[start : start + 500])
            .select_related("film")
            .order_by("merged_at", "id")  # the latest merge of a key wins
        )
        for row in merged:
            if (row.key, row.year) in keys:
                found[(row.key, row.year)] = row.film
    return found


def _film(record: ReviewRecord) -> tuple[Film, bool]:
    key = fold(record.title)
    cache = _cached("film")
    if cache is not None and (key, record.year) in cache:
        film = cache[(key, record.year)]
    else:
        film = Film.objects.filter(title_key=key, year=record.year).first()
        film = film or _merged_films({(key, record.year)}).get((key, record.year))
    created = film is None
    if created:
        slug_text = f"{record.title} {record.year}" if record.year else record.title
        film = Film(title=record.title, title_key=key, year=record.year, slug=_slug(Film, slug_text))
    # A film found through a merge keeps the survivor's title; the record's is one of its alternates.
    merged = not created and (film.title_key != key or film.year != record.year)
    if not merged:
        film.title = record.title
    for name in ("original_title", "color", "aspect_ratio", "country", "language"):
        value = getattr(record, name)
        if value:
            setattr(film, name, value)
    if record.runtime_minutes:
        film.runtime_minutes = record.runtime_minutes
    film.save()
    if cache is not None:
        cache[(key, record.year)] = film
    alternates = [*record.alternate_titles, record.title] if merged else record.alternate_titles
    if alternates:
        known = set() if created else {fold(t.title) for t in film.alternate_titles.all()}
        new = []
        for n, title in enumerate(alternates, start=len(known)):
            if fold(title) not in known and fold(title) != film.title_key:
                new.append(AlternateTitle(film=film, title=title, order=n))
                known.add(fold(title))
        AlternateTitle.objects.bulk_create(new)
    return film, created


def person_for(name: str) -> Person:
    """The one person a name folds to (created when new)."""
    return people_for([name])[fold(name)]


def people_for(names: list[str]) -> dict[str, Person]:
    """The people the names fold to, by folded name: one query for those known, new ones created."""
    cache = _cached("person")
    found: dict[str, Person] = {}
    wanted: dict[str, str] = {}
    for name in names:
        key = fold(name)
        if cache is not None and key in cache:
            found[key] = cache[key]
        elif key not in found:
            wanted.setdefault(key, name)
    if wanted:
        for person in Person.objects.filter(name_key__in=list(wanted), disambiguator=""):
            found[person.name_key] = person
        merged = [key for key in wanted if key not in found]
        if merged:
            rows = MergedKey.objects.filter(kind=MergedKey.Kind.PERSON, key__in=merged, disambiguator="")
            for row in rows.select_related("person").order_by("merged_at", "id"):
                found[row.key] = row.person  # the latest merge of a name wins
        _create_people({key: name for key, name in wanted.items() if key not in found}, found)
    if cache is not None:
        cache.update(found)
    return found


def _create_people(new: dict[str, str], found: dict[str, Person]) -> None:
    """Create people by folded name: one query for their slugs, one insert for all that are free."""
    if not new:
        return
    wanted = {key: make_slug(name, 74) for key, name in new.items()}  # unique_slug's first choice
    taken = set(Person.objects.filter(slug__in=set(wanted.values())).values_list("slug", flat=True))
    batch, later = [], []
    for key, name in new.items():
        slug = wanted[key]
        if slug in taken or not connection.features.can_return_rows_from_bulk_insert:
            later.append(key)
        else:
            taken.add(slug)
            batch.append(Person(name=name.strip(), name_key=key, slug=slug))
    for person in Person.objects.bulk_create(batch):
        found[person.name_key] = person
    for key in later:
        found[key] = Person.objects.create(
            name=new[key].strip(), name_key=key, slug=unique_slug(Person, new[key])
        )


def _credits(film: Film, record: ReviewRecord, new_film: bool = False) -> None:
    # A role the record names replaces the film's credits in that role (so corrections stick);
    # roles the record leaves empty keep what other reviews of the film brought.
    groups: list[tuple[str, str, list[str]]] = [
        (ROLE_OF_FIELD[f], "", getattr(record, f)) for f in ROLE_FIELDS
    ]
    groups.append((Credit.Role.CAST, "", record.cast))
    groups += [
        (Credit.Role.OTHER, label.strip()[:100], names) for label, names in record.other_credits.items()
    ]
    groups = [g for g in groups if g[2]]
    if not groups:
        return
    people = people_for([name for _, _, names in groups for name in names])
    existing: dict[tuple[str, str], list[tuple[int, str, int]]] = {}
    if not new_film:
        for row in (
            Credit.objects.filter(film=film)
            .order_by("order", "id")
            .values_list("role", "role_label", "person_id", "character", "order")
        ):
            existing.setdefault((row[0], row[1]), []).append(row[2:])
    new: list[Credit] = []
    for role, label, names in groups:
        rows, seen = [], set()
        for order, name in enumerate(names):
            person = people[fold(name)]
            if person.pk in seen:
                continue
            seen.add(person.pk)
            character = record.characters.get(name, "")[:200] if role == Credit.Role.CAST else ""
            rows.append((person.pk, character, order))
        if existing.get((role, label), []) == rows:
            continue  # unchanged: keep the rows (and their ids) as they are
        if (role, label) in existing:
            Credit.objects.filter(film=film, role=role, role_label=label).delete()
        new += [
            Credit(film=film, person_id=pk, role=role, role_label=label, character=character, order=order)
            for pk, character, order in rows
        ]
    Credit.objects.bulk_create(new)


def _named(model, kind: str, name: str):
    """The one row of ``model`` (Label, Author) a name folds to, created when new; cached in a batch."""
    key = fold(name)
    cache = _cached(kind)
    if cache is not None and key in cache:
        return cache[key]
    row = model.objects.filter(name_key=key).first()
    if row is None and model is Label:
        merged = MergedKey.objects.filter(kind=MergedKey.Kind.LABEL, key=key).select_related("label").first()
        row = merged.label if merged else None
    if row is None:
        row = model.objects.create(name=name.strip(), name_key=key, slug=unique_slug(model, name))
    if cache is not None:
        cache[key] = row
    return row


def label_for(name: str) -> Label:
    """The one label a name folds to (created when new)."""
    return _named(Label, "label", name)


def _release(film: Film, record: ReviewRecord, new_film: bool = False) -> Release | None:
    if not (record.disc_format or record.label or record.street_date):
        return None
    label = label_for(record.label) if record.label else None
    street = parse_date("street_date", record.street_date)
    fkey = fold(record.disc_format)
    release = None
    if not new_film:  # a film made just now has no releases yet
        release = Release.objects.filter(film=film, label=label, format_key=fkey, street_date=street).first()
    created = release is None
    if created:
        text = " ".join(p for p in (film.slug, record.disc_format or "", label.name if label else "") if p)
        release = Release(film=film, label=label, format_key=fkey, street_date=street)
        release.slug = _slug(Release, text, max_length=150)
    release.disc_format = record.disc_format or ""
    for name in ("spine_number", "region", "packaging", "retailer", "retailer_url", "price_note"):
        value = getattr(record, name)
        if value:
            setattr(release, name, value)
    if record.extras_subtitled is not None:
        release.extras_subtitled = record.extras_subtitled
    release.save()
    _replace(release.audio_tracks, AudioTrack, "description", record.audio, release, created)
    _replace(release.subtitle_tracks, SubtitleTrack, "language", record.subtitles, release, created)
    _replace(release.extras, Extra, "text", record.extras, release, created)
    return release


def _replace(manager, model, field, values, release, created=False):
    if not values:
        return
    if not created:
        if [getattr(row, field) for row in manager.all()] == values:
            return
        manager.all().delete()
    limit = model._meta.get_field(field).max_length
    rows = [
        model(release=release, order=order, **{field: value[:limit]}) for order, value in enumerate(values)
    ]
    if model is Extra:
        # bulk_create skips Extra.save(), which splits the running time out of the listing.
        for row in rows:
            row.title, row.runtime_minutes = split_runtime(row.text)
    model.objects.bulk_create(rows)


def author_for(name: str) -> Author:
    """The one author a name folds to (created when new)."""
    return _named(Author, "author", name)


def _review(review, record, film, release, author, digest) -> Review:
    created = review is None
    old_url = None if created else review.source_url
    if created:
        # A slug the record brings is kept as it is when free (unique_slug would shorten a long one,
        # and the next import of the same record would then not find it).
        wanted = record.slug
        if not wanted or _review_by("slug", wanted) is not None:
            wanted = _slug(Review, record.slug or review_slug_for(record), max_length=150)
        review = Review(slug=wanted)
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
    if not created:
        review.ratings.all().delete()
    # bulk_create skips Rating.save(), which computes the normalised score: done here the same way.
    Rating.objects.bulk_create(
        [
            Rating(
                review=review, axis=axis[:60], value=value[:200], order=order, score=normalise(value[:200])
            )
            for order, (axis, value) in enumerate(record.ratings.items())
        ]
    )
    tags = list({tag.pk: tag for tag in (_tag(name) for name in record.tags)}.values())
    if created:
        review.tags.add(*tags)
    else:
        review.tags.set(tags)
    _remember(review, old_url)
    return review


def _remember(review: Review, old_url: str | None) -> None:
    """Keep a batch's review lookups true after a save created a review or moved its source URL."""
    for field in ("source_url", "slug"):
        cache = _cached(field)
        if cache is not None and getattr(review, field):
            cache[getattr(review, field)] = review
    cache = _cached("source_url")
    if cache is not None and old_url and old_url != review.source_url:
        cache[old_url] = None


def _tag(name: str) -> Tag:
    slug = make_slug(name)
    cache = _cached("tag")
    if cache is not None and slug in cache:
        return cache[slug]
    tag = Tag.objects.filter(slug=slug).first()
    tag = tag or Tag.objects.create(name=name.strip()[:100], slug=slug)
    if cache is not None:
        cache[slug] = tag
    return tag
