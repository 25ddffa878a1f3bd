"""The import queue: one ``ImportedPage`` row per imported page, and accepting an editor's corrections.

The batch runner calls ``remember`` after ``store.save`` in the same savepoint; the desk calls
``accept``, which stores the corrected record through ``store.save`` (the one write path).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reelpress.ingest.importers.items import PageData
from reelpress.ingest.models import ImportedPage
from reelpress.ingest.record import ReviewRecord
from reelpress.ingest.store import SaveResult, find_review, save

_RECORD_FIELDS = tuple(ReviewRecord.__dataclass_fields__)


def queue_url() -> str:
    """The desk's list of pages that need a look, as an absolute address."""
    path = reverse("admin:ingest_importedpage_changelist")
    return f"{settings.SITE_URL}{path}?status__exact={ImportedPage.Status.NEEDS_LOOK}"


def row_for(record: ReviewRecord) -> ImportedPage | None:
    """The queue row of the review this record would update, if there is one."""
    review = find_review(record)
    if review is None:
        return None
    return ImportedPage.objects.filter(review=review).first()


def new_row(where: str, record: ReviewRecord, page: PageData, review) -> ImportedPage:
    """The row of a page whose review was just created, not saved yet: ``remember_new`` writes a
    batch of them at once (no row can point at a new review, so there is nothing to look up)."""
    row = ImportedPage(review=review)
    _fill(row, where, record, page)
    row.status = ImportedPage.Status.NEEDS_LOOK if page.reasons else ImportedPage.Status.CONFIDENT
    return row


def remember_new(rows: list[ImportedPage]) -> None:
    """Write the rows of a batch's new reviews (inside the batch's transaction): a row left by a
    deleted review of the same page is reused, the others are inserted together."""
    urls = [row.source_url for row in rows if row.source_url]
    orphans = {}
    for start in range(0, len(urls), 500):
        found = ImportedPage.objects.filter(source_url__in=urls[start : start + 500], review=None)
        orphans.update((row.source_url, row) for row in found)
    fresh = []
    for row in rows:
        old = orphans.pop(row.source_url, None) if row.source_url else None
        if old is None:
            fresh.append(row)
            continue
        row.pk, row.created_at = old.pk, old.created_at
        row.save()
    ImportedPage.objects.bulk_create(fresh, batch_size=200)


def remember(where: str, record: ReviewRecord, page: PageData, review) -> ImportedPage:
    """Write or update the page's row after its review was stored (call inside the same savepoint)."""
    row = ImportedPage.objects.filter(review=review).first()
    if row is None and record.source_url:
        # A row whose review was deleted since: the same page, imported again.
        row = ImportedPage.objects.filter(source_url=record.source_url, review=None).first()
    if row is None:
        row = ImportedPage(review=review)
    elif row.review_id == review.pk and row.text_hash == page.text_hash and row.source == where:
        if row.reasons == page.reasons and row.evidence == page.evidence:
            return row  # the same page again: nothing to rewrite (a 200 kB text, maybe)
    row.review = review
    _fill(row, where, record, page)
    row.status = ImportedPage.Status.NEEDS_LOOK if page.reasons else ImportedPage.Status.CONFIDENT
    row.save()
    return row


def reopen(row: ImportedPage, where: str, record: ReviewRecord, page: PageData) -> None:
    """An accepted page came back changed: keep the editor's review, show the new page for a look."""
    _fill(row, where, record, page)
    row.status = ImportedPage.Status.NEEDS_LOOK
    if not page.reasons:
        row.reasons = ["the page changed after an editor accepted it"]
    row.save()


def _fill(row: ImportedPage, where: str, record: ReviewRecord, page: PageData) -> None:
    row.source = where[:1000]
    row.source_url = (record.source_url or "")[:500]
    row.title = (record.title or "")[:300]
    row.year = record.year if isinstance(record.year, int) and 0 < record.year < 32768 else None
    row.text, row.text_cut, row.text_hash = page.text, page.text_cut, page.text_hash
    # The fields as they are (JSON-native values), not to_dict()'s deep copy: the JSON encoder copies.
    row.recovered = {field: getattr(record, field) for field in _RECORD_FIELDS}
    row.evidence = page.evidence
    row.reasons = page.reasons


@dataclass
class Accepted:
    result: SaveResult
    guessed_film: object | None  # the film the import guessed, when it has no review left


def accept(row: ImportedPage, record: ReviewRecord, *, publish: bool, user) -> Accepted:
    """Store the editor's corrected record through ``store.save`` and mark the page accepted.

    The review stays the same one (same source URL, else its slug); it is published when the
    editor says so and is a draft otherwise.
    """
    review = row.review
    if review is not None and not record.source_url:
        record.slug = review.slug  # no source URL: the slug is how store.save finds the same review
    if review is not None and review.source_url and not record.source_url:
        record.source_url = review.source_url
    record.status = "published" if publish else "draft"
    if publish and review is not None and not record.published_at and review.status != "draft":
        record.published_at = review.published_at.isoformat()
    old_film = review.film if review is not None else None
    with transaction.atomic():
        result = save(record)
        row.review = result.review
        row.recovered = record.to_dict()
        row.title, row.year = record.title[:300], record.year
        row.status = ImportedPage.Status.ACCEPTED
        row.accepted_by, row.accepted_at = user, timezone.now()
        row.save()
    guessed = None
    if old_film is not None and old_film.pk != result.review.film_id and not old_film.reviews.exists():
        guessed = old_film
    return Accepted(result, guessed)
