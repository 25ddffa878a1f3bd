"""Merging duplicate films, people and labels (imports make them: "Criterion", "The Criterion Collection").

``merge_films``, ``merge_people`` and ``merge_labels`` move everything that points at the losers
to the survivor, in one transaction: credits, editions, reviews, alternate titles. Each loser is
then deleted and leaves a :class:`MergedKey`, so its old page answers 301 to the survivor and a
re-import of its page finds the survivor (``ingest.store`` looks merged keys up). The search
entries of the affected reviews are rewritten in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from reelpress.catalog.models import (
    AlternateTitle,
    Credit,
    Film,
    Label,
    MergedKey,
    Person,
    Release,
)
from reelpress.lib.text import fold
from reelpress.reviews.models import Review


class MergeError(ValueError):
    """A merge that cannot be done as asked (the message says why)."""


@dataclass
class MergeReport:
    survivor: object
    merged: list[str] = field(default_factory=list)  # the losers, as they were shown
    moved: Counter = field(default_factory=Counter)  # "reviews": 3, "credits": 12, ...

    def summary(self) -> str:
        """One line for the editor: what went where."""
        moved = ", ".join(f"{n} {what}" for what, n in sorted(self.moved.items()) if n) or "nothing else"
        return f"Merged {', '.join(self.merged)} into {self.survivor}; moved {moved}."


def _losers(survivor, losers) -> list:
    losers = [loser for loser in losers if loser.pk != survivor.pk]
    if not losers:
        raise MergeError("pick at least one row to merge into the survivor")
    return losers


def _leave_key(loser, survivor, kind: str, **key) -> None:
    """The loser's key and slug now lead to the survivor, and so do keys merged into the loser before."""
    MergedKey.objects.filter(**{kind: loser}).update(**{kind: survivor})
    MergedKey.objects.create(kind=kind, slug=loser.slug, name=str(loser)[:300], **{kind: survivor}, **key)


def _fill_blanks(survivor, loser, names) -> None:
    for name in names:
        if not getattr(survivor, name) and getattr(loser, name):
            setattr(survivor, name, getattr(loser, name))


# --- films -------------------------------------------------------------------------------


def merge_films(survivor: Film, losers) -> MergeReport:
    """Merge the loser films into ``survivor``: their titles become its alternate titles."""
    losers = _losers(survivor, losers)
    report = MergeReport(survivor)
    with transaction.atomic():
        for loser in losers:
            report.merged.append(str(loser))
            _move_credits_to_film(loser, survivor, report)
            _move_titles(loser, survivor, report)
            for release in list(loser.releases.all()):
                twin = _twin(release, film=survivor, label_id=release.label_id)
                if twin is None:
                    release.film = survivor
                    release.save()
                    report.moved["editions"] += 1
                else:
                    _fold_release(release, twin, report)
            report.moved["reviews"] += Review.objects.filter(film=loser).update(
                film=survivor, updated_at=timezone.now()
            )
            _fill_blanks(survivor, loser, ("color", "aspect_ratio", "runtime_minutes", "country", "language"))
            _leave_key(loser, survivor, "film", key=loser.title_key, year=loser.year)
            loser.delete()
        survivor.save()
    return report


def _move_credits_to_film(loser: Film, survivor: Film, report: MergeReport) -> None:
    # credit_unique is (film, person, role, role_label): a credit the survivor already has stays
    # as it is; the others follow the survivor's own in billing order.
    have = {(c.person_id, c.role, c.role_label): c for c in Credit.objects.filter(film=survivor)}
    after = {
        (row["role"], row["role_label"]): row["last"] + 1
        for row in Credit.objects.filter(film=survivor)
        .values("role", "role_label")
        .annotate(last=Max("order"))
        .order_by()
    }
    for credit in Credit.objects.filter(film=loser).order_by("role", "order", "id"):
        key = (credit.person_id, credit.role, credit.role_label)
        order = credit.order + after.get((credit.role, credit.role_label), 0)
        if _move_credit(credit, have, key, film=survivor, order=order):
            report.moved["credits"] += 1


def _move_titles(loser: Film, survivor: Film, report: MergeReport) -> None:
    known = {survivor.title_key}
    known |= {fold(t) for t in survivor.alternate_titles.values_list("title", flat=True)}
    order = (survivor.alternate_titles.aggregate(last=Max("order"))["last"] or 0) + 1
    if loser.original_title and not survivor.original_title:
        survivor.original_title = loser.original_title
    wanted = [loser.title, loser.original_title, *loser.alternate_titles.values_list("title", flat=True)]
    if survivor.original_title:
        known.add(fold(survivor.original_title))
    for title in wanted:
        if title and fold(title) not in known:
            AlternateTitle.objects.create(film=survivor, title=title, order=order)
            known.add(fold(title))
            order += 1
            report.moved["alternate titles"] += 1


# --- editions ------------------------------------------------------------------------------


def _twin(release: Release, *, film, label_id) -> Release | None:
    """The edition with the natural key ``release`` would have after the move, if one exists."""
    return (
        Release.objects.filter(
            film=film, label_id=label_id, format_key=release.format_key, street_date=release.street_date
        )
        .exclude(pk=release.pk)
        .first()
    )


def _fold_release(loser: Release, survivor: Release, report: MergeReport) -> None:
    """Two editions that became one: reviews move, tracks and extras fill the survivor's gaps."""
    report.moved["reviews of merged editions"] += Review.objects.filter(release=loser).update(
        release=survivor, updated_at=timezone.now()
    )
    for related in ("audio_tracks", "subtitle_tracks", "extras"):
        if not getattr(survivor, related).exists():
            getattr(loser, related).update(release=survivor)
    _fill_blanks(
        survivor,
        loser,
        ("disc_format", "spine_number", "region", "packaging", "retailer", "retailer_url", "price_note"),
    )
    if survivor.extras_subtitled is None:
        survivor.extras_subtitled = loser.extras_subtitled
    survivor.save()
    _leave_key(loser, survivor, "release")
    loser.delete()
    report.moved["editions merged"] += 1


# --- people --------------------------------------------------------------------------------


def merge_people(survivor: Person, losers) -> MergeReport:
    """Merge the loser people into ``survivor``: every credit becomes the survivor's."""
    losers = _losers(survivor, losers)
    report = MergeReport(survivor)
    with transaction.atomic():
        for loser in losers:
            report.merged.append(str(loser))
            have = {(c.film_id, c.role, c.role_label): c for c in Credit.objects.filter(person=survivor)}
            for credit in Credit.objects.filter(person=loser):
                key = (credit.film_id, credit.role, credit.role_label)
                if _move_credit(credit, have, key, person=survivor):
                    report.moved["credits"] += 1
            _fill_blanks(survivor, loser, ("bio",))
            _leave_key(loser, survivor, "person", key=loser.name_key, disambiguator=loser.disambiguator)
            loser.delete()
        survivor.save()
    return report


# --- labels --------------------------------------------------------------------------------


def merge_labels(survivor: Label, losers) -> MergeReport:
    """Merge the loser labels into ``survivor``: their editions become the survivor's."""
    losers = _losers(survivor, losers)
    report = MergeReport(survivor)
    with transaction.atomic():
        for loser in losers:
            report.merged.append(str(loser))
            for release in list(loser.releases.all()):
                twin = _twin(release, film=release.film_id, label_id=survivor.pk)
                if twin is None:
                    release.label = survivor
                    release.save()
                    report.moved["editions"] += 1
                else:
                    _fold_release(release, twin, report)
            _fill_blanks(survivor, loser, ("website",))
            _leave_key(loser, survivor, "label", key=loser.name_key)
            loser.delete()
        survivor.save()
    return report


MERGERS = {Film: merge_films, Person: merge_people, Label: merge_labels}


def merge(survivor, losers) -> MergeReport:
    """Merge rows of the survivor's model (Film, Person or Label) into it."""
    try:
        merger = MERGERS[type(survivor)]
    except KeyError:
        raise MergeError(f"{type(survivor).__name__} rows cannot be merged") from None
    return merger(survivor, losers)


def _move_credit(credit: Credit, have: dict, key: tuple, **changes) -> bool:
    """Move a loser's credit to the survivor (``changes``), or fold it into the survivor's same
    credit (``have[key]``), keeping a character name only the loser's had. True when moved."""
    kept = have.get(key)
    if kept is not None:
        if credit.character and not kept.character:
            kept.character = credit.character
            kept.save(update_fields=["character"])
        credit.delete()
        return False
    for name, value in changes.items():
        setattr(credit, name, value)
    credit.save()
    have[key] = credit
    return True
