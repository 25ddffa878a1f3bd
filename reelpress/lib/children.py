"""A few objects' child rows by statements compiled once per process: ``prefetch_related`` for
the pages that render one object with many small lists.

``prefetch_related`` builds and compiles a query for every relation on every request; on a
review page (ratings, alternate titles, audio, subtitles, extras, credits with their people,
tags) that compiling was a quarter of the page's CPU while SQLite's work was a few percent.
``attach`` runs the same SELECT Django would (its own compiler writes it, once per relation
and number of owners) and fills the same caches, so ``review.ratings.all()`` in a template or
``film.credits.all()`` in a view read what was fetched, as after ``prefetch_related``.

Only what Django gives the same way on every run is kept: reverse foreign keys (children
ordered by their Meta, or by ``order_by``), many-to-many through an auto-created table, and a
child's foreign key followed (``select``: ``credit.person``). The statements take only the
owners' primary keys as parameters; anything else in a filter would be frozen, so there is
none.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from django.db import connections, router
from django.db.models import F, QuerySet


@lru_cache(maxsize=512)
def _plan(alias: str, owner_model, accessor: str, n: int, order_by: tuple, select: tuple):
    """(child model, its columns, SQL, where in a row they start, where its owner's id is,
    the foreign keys to follow)."""
    field = owner_model._meta.get_field(accessor)
    placeholder = list(range(1, n + 1))
    if field.many_to_many and not field.auto_created:  # a forward many-to-many field
        child = field.related_model
        if not field.remote_field.through._meta.auto_created:
            raise ValueError(f"{owner_model.__name__}.{accessor}: only auto-created through tables")
        # The owner's id comes out of the through table as one more column, after the model's.
        back = field.related_query_name()
        queryset = child._default_manager.filter(**{f"{back}__in": placeholder}).annotate(_owner_id=F(back))
        start, owner_at = 0, len(child._meta.concrete_fields)
    elif field.one_to_many:  # a reverse foreign key
        child = field.related_model
        attname = field.field.attname
        queryset = child._default_manager.filter(**{f"{attname}__in": placeholder})
        start, owner_at = 0, [f.attname for f in child._meta.concrete_fields].index(attname)
    else:
        raise ValueError(f"{owner_model.__name__}.{accessor}: not a list of children")
    if order_by:
        queryset = queryset.order_by(*order_by)
    fields = [f.attname for f in child._meta.concrete_fields]
    sql, params = queryset.query.get_compiler(using=alias).as_sql()
    if list(params) != placeholder:  # something else in the statement: it would be frozen
        raise ValueError(f"{owner_model.__name__}.{accessor}: statement takes more than the owners' ids")
    joins = tuple(child._meta.get_field(name) for name in select)
    return child, fields, sql, start, owner_at, joins


def _cache_name(field) -> str:
    """The key ``prefetch_related`` files the children under: what the managers read."""
    return field.name if field.many_to_many and not field.auto_created else field.get_accessor_name()


def attach(owners, accessor: str, *, order_by: tuple = (), select: tuple = ()) -> dict:
    """Fill ``owner.<accessor>.all()`` for every owner with its children, in one statement (and
    one more per field of ``select``); returns {owner pk: [children]}."""
    owners = [o for o in owners if o is not None and o.pk is not None]
    if not owners:
        return {}
    owner_model = type(owners[0])
    ids = sorted({o.pk for o in owners})
    alias = router.db_for_read(owner_model)
    child, fields, sql, start, owner_at, joins = _plan(
        alias, owner_model, accessor, len(ids), tuple(order_by), tuple(select)
    )
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, ids)
        rows = cursor.fetchall()
    by_owner: dict = defaultdict(list)
    end = start + len(fields)
    for row in rows:
        obj = child.from_db(alias, fields, row[start:end])
        by_owner[row[owner_at]].append(obj)
    for field in joins:
        _follow([c for kids in by_owner.values() for c in kids], field, alias)
    relation = owner_model._meta.get_field(accessor)
    name = _cache_name(relation)
    for owner in owners:
        kids = by_owner.get(owner.pk, [])
        if relation.one_to_many:
            for kid in kids:
                relation.field.set_cached_value(kid, owner)
        queryset = QuerySet(model=child, using=alias)
        queryset._result_cache = kids
        queryset._prefetch_done = True
        owner.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
    return by_owner


@lru_cache(maxsize=512)
def _by_ids(alias: str, model, n: int):
    fields = [f.attname for f in model._meta.concrete_fields]
    query = model._base_manager.filter(pk__in=list(range(1, n + 1))).order_by().query
    sql, params = query.get_compiler(using=alias).as_sql()
    if list(params) != list(range(1, n + 1)):
        raise ValueError(f"{model.__name__}: statement takes more than the ids")
    return fields, sql


def _follow(objects, field, alias) -> None:
    """Set ``obj.<field>`` on each of ``objects`` from one statement (a select_related after the fact)."""
    ids = sorted({getattr(o, field.attname) for o in objects} - {None})
    found = {}
    if ids:
        model = field.related_model
        fields, sql = _by_ids(alias, model, len(ids))
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, ids)
            for row in cursor.fetchall():
                obj = model.from_db(alias, fields, row)
                found[obj.pk] = obj
    for obj in objects:
        field.set_cached_value(obj, found.get(getattr(obj, field.attname)))
