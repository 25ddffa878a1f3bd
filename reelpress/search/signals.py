"""The one place that keeps the search index fresh: every change of a row a document reads.

Saves, deletes and tag changes of the models ``documents.build_docs`` reads (Review, Film,
AlternateTitle, Person, Credit, Label, Release, its tracks and extras, Author, Tag) mark the
reviews that show the row; their entries are rewritten in the same transaction, whoever made
the change (desk, API, importer, shell). Outside ``deferred()`` each change is indexed at
once; inside it, changes are collected and indexed once when the block ends (an import batch,
one ``store.save``). What Django sends no signal for (``QuerySet.update()``, ``bulk_create``)
is covered by the save of the parent row that goes with it (see docs/decisions.md, "Search").
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete

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
from reelpress.reviews.models import Author, Review, Tag

# What a changed row marks: the kind of key and the attribute holding it. Child rows (credits,
# titles, tracks) remember the parent they were loaded with, so a move re-indexes both sides.
_OWN = {
    Review: "review",
    Film: "film",
    Person: "person",
    Label: "label",
    Release: "release",
    Author: "author",
    Tag: "tag",
}
_CHILD = {
    Credit: ("film", "film_id"),
    AlternateTitle: ("film", "film_id"),
    Extra: ("release", "release_id"),
    AudioTrack: ("release", "release_id"),
    SubtitleTrack: ("release", "release_id"),
}
_LOADED_PARENT = "_search_parent"
_SHOWN_BY = "_search_reviews"  # on a Release or Tag being deleted: the reviews that showed it
CHUNK = 500  # ids per IN (...) list, under every database's parameter limit


class Pending:
    """Keys of changed rows (by kind), resolved to review ids when indexed."""

    def __init__(self):
        self.keys: dict[str, set[int]] = defaultdict(set)

    def add(self, kind: str, ids) -> None:
        self.keys[kind].update(pk for pk in ids if pk is not None)

    def review_ids(self) -> set[int]:
        """The reviews whose documents show any of the changed rows."""
        keys = self.keys
        ids = set(keys.get("review", ()))
        films = set(keys.get("film", ()))
        if keys.get("person"):
            films |= set(_values(Credit.objects, "person_id", keys["person"], "film_id"))
        lookups = (("film_id", films), ("release_id", keys.get("release")), ("author_id", keys.get("author")))
        lookups += (("release__label_id", keys.get("label")),)
        for field, values in lookups:
            if values:
                ids.update(_values(Review.objects, field, values, "pk"))
        if keys.get("tag"):
            ids.update(_values(Review.tags.through.objects, "tag_id", keys["tag"], "review_id"))
        return ids

    def flush(self) -> int:
        """Index the affected reviews now (in the current transaction); returns entries changed."""
        from reelpress.search import index

        ids = self.review_ids()
        self.keys = defaultdict(set)
        return index.refresh(sorted(ids)) if ids else 0


def _values(manager, field: str, values, column: str) -> list:
    values, found = sorted(values), []
    for start in range(0, len(values), CHUNK):
        rows = manager.filter(**{f"{field}__in": values[start : start + CHUNK]}).order_by()
        found += rows.values_list(column, flat=True).distinct()
    return found


_SCOPE: ContextVar[Pending | None] = ContextVar("reelpress_search_scope", default=None)


@contextmanager
def deferred():
    """Collect index changes in this block and write them once at its end (same transaction).

    Use it inside the transaction (so the write commits with the rows). Nested blocks join
    the outermost one. A block left by an exception writes nothing: its transaction is being
    rolled back. ``flush()`` on the yielded object writes what has been collected so far.
    """
    outer = _SCOPE.get()
    if outer is not None:
        yield outer
        return
    pending = Pending()
    token = _SCOPE.set(pending)
    try:
        yield pending
    finally:
        _SCOPE.reset(token)
    pending.flush()  # only reached when the block ended normally


class _Ignored(Pending):
    def add(self, kind: str, ids) -> None:
        pass

    def flush(self) -> int:
        return 0


@contextmanager
def suspended():
    """No index writes in this block: only for a bulk load that rebuilds the index afterwards.

    (``bench/search.py`` loads its archive and then runs ``index.rebuild``.) Whatever is saved
    here is missing from the live index until ``reelpress reindex``.
    """
    token = _SCOPE.set(_Ignored())
    try:
        yield
    finally:
        _SCOPE.reset(token)


def changed(kind: str, ids) -> None:
    """Mark rows of a kind ("review", "film", ...) as changed: indexed now, or at the block's end."""
    scope = _SCOPE.get()
    if scope is not None:
        scope.add(kind, ids)
        return
    pending = Pending()
    pending.add(kind, ids)
    pending.flush()


# --- receivers ------------------------------------------------------------------------------


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the index is rebuilt afterwards (`reelpress reindex`)
        return
    changed(_OWN[sender], [instance.pk])


def _child_loaded(sender, instance, **kwargs):
    setattr(instance, _LOADED_PARENT, instance.__dict__.get(_CHILD[sender][1]))


def _child_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    kind, column = _CHILD[sender]
    changed(kind, {getattr(instance, column), getattr(instance, _LOADED_PARENT, None)})
    setattr(instance, _LOADED_PARENT, getattr(instance, column))


def _review_deleted(sender, instance, **kwargs):
    changed("review", [instance.pk])  # no document is built for it any more: its entry is removed


def _deleting(sender, instance, **kwargs):
    # Reviews lose the link when the row goes (SET_NULL, or the tag's rows cascade): find them
    # now, index them once the row is gone (``_deleted``).
    if sender is Release:
        found = Review.objects.filter(release_id=instance.pk).values_list("pk", flat=True)
    else:
        found = _tagged(instance.pk)
    setattr(instance, _SHOWN_BY, list(found))


def _deleted(sender, instance, **kwargs):
    changed("review", getattr(instance, _SHOWN_BY, ()))


def _tagged(tag_id: int):
    return Review.tags.through.objects.filter(tag_id=tag_id).values_list("review_id", flat=True)


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        changed("review", _tagged(instance.pk))
    elif action in ("post_add", "post_remove", "post_clear"):
        changed("review", (pk_set or ()) if reverse else [instance.pk])


def connect() -> None:
    """Wire the receivers (``SearchConfig.ready``)."""
    for model in _OWN:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-saved-{model.__name__}")
    for model in _CHILD:
        post_init.connect(_child_loaded, sender=model, dispatch_uid=f"search-loaded-{model.__name__}")
        post_save.connect(_child_changed, sender=model, dispatch_uid=f"search-saved-{model.__name__}")
        post_delete.connect(_child_changed, sender=model, dispatch_uid=f"search-deleted-{model.__name__}")
    post_delete.connect(_review_deleted, sender=Review, dispatch_uid="search-deleted-Review")
    for model in (Release, Tag):
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"search-deleting-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-deleted-{model.__name__}")
    m2m_changed.connect(_tags_changed, sender=Review.tags.through, dispatch_uid="search-tags-changed")
