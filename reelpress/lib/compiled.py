"""Statements Django's compiler writes once per process, run again with new ids.

Compiling a query (``filter()``, ``Q`` objects, the select list, joins) costs Django far more
than SQLite takes to run it on an index: on a review page with the page cache off, compiling
its statements was a third of the CPU and SQLite's work 4 %. A page's hot reads are the same
statement every time with other ids: a review's ratings, an edition's tracks, the covers of
twenty reviews. ``objects`` runs such a statement, compiled once per key and number of ids in
each list; ``attach`` uses it to fill a few objects' lists of children as ``prefetch_related``
does.

A statement is compiled twice with different stand-in ids: the SQL must be the same, every
other parameter equal, and each stand-in must come out as exactly one parameter. A statement
that depends on the ids in any other way, or that would read more than one model's columns, is
refused: frozen, it would answer wrongly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F, QuerySet

# Two runs of stand-in ids, far from each other and from any real id.
_STAND_INS = (1_000_000_001, 2_000_000_001)


@dataclass(frozen=True)
class Statement:
    model: type
    sql: str
    constants: tuple  # every parameter that is not an id, in place
    slots: tuple  # per parameter: None (a constant) or (which list, which position)
    fields: tuple  # the model's columns, in the select's order
    extras: tuple  # the annotations' names, after the model's columns
    converters: tuple  # (column, its converters, its expression): as Django reads the column

    def convert(self, rows, connection):
        """Rows as Django's own iterator gives them (dates, JSON, decimals parsed per backend)."""
        if not self.converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for at, functions, expression in self.converters:
                value = row[at]
                for function in functions:
                    value = function(value, expression, connection)
                row[at] = value
            converted.append(row)
        return converted

    def params(self, lists) -> list:
        return [c if s is None else lists[s[0]][s[1]] for c, s in zip(self.constants, self.slots)]


def _stand_ins(lengths: tuple, start: int) -> list[list[int]]:
    lists = []
    for length in lengths:
        lists.append(list(range(start, start + length)))
        start += length
    return lists


_compiled: dict = {}
KEPT = 1024  # statements kept per process; past it, all are compiled again


def _statement(alias: str, key, lengths: tuple, build) -> Statement | None:
    """The statement for ``key`` and these lengths, compiled the first time it is asked for."""
    try:
        return _compiled[alias, key, lengths]
    except KeyError:
        pass
    statement = _compile(alias, key, lengths, build)
    if len(_compiled) >= KEPT:
        _compiled.clear()
    _compiled[alias, key, lengths] = statement
    return statement


def _compile(alias: str, key, lengths: tuple, build) -> Statement | None:
    runs = []
    for start in _STAND_INS:
        lists = _stand_ins(lengths, start)
        queryset = build(*lists)
        query = queryset.query
        if query.select_related or query.extra_select or query.values_select or query.deferred_loading[0]:
            raise ValueError(f"{key!r}: only a model's own columns (and annotations) can be compiled once")
        compiler = query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # the same for any ids of these lengths
            return None
        where = {value: (k, j) for k, values in enumerate(lists) for j, value in enumerate(values)}
        runs.append((queryset, sql, list(params), where, compiler))
    (queryset, sql, params, where, compiler), (_qs, other_sql, other_params, other_where, _c) = runs
    if sql != other_sql or len(params) != len(other_params):
        raise ValueError(f"{key!r}: the statement changes with the ids")
    slots, seen = [], set()
    for mine, theirs in zip(params, other_params):
        slot = where.get(mine) if type(mine) is int else None
        if slot is not None and slot == (other_where.get(theirs) if type(theirs) is int else None):
            if slot in seen:
                raise ValueError(f"{key!r}: an id is used twice")
            seen.add(slot)
            slots.append(slot)
        elif mine == theirs and slot is None:
            slots.append(None)
        else:
            raise ValueError(f"{key!r}: a parameter depends on the ids")
    if len(seen) != sum(lengths):
        raise ValueError(f"{key!r}: the statement drops some ids")
    fields = tuple(f.attname for f in queryset.model._meta.concrete_fields)
    extras = tuple(query.annotation_select)
    if len(compiler.select) != len(fields) + len(extras):
        raise ValueError(f"{key!r}: the select is not the model's columns and its annotations")
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
    converters = tuple(
        (at, tuple(functions), expression) for at, (functions, expression) in converters.items()
    )
    return Statement(queryset.model, sql, tuple(params), tuple(slots), fields, extras, converters)


def objects(key, build, *id_lists, using: str = DEFAULT_DB_ALIAS) -> list:
    """The objects ``build(*id_lists)`` gives, its annotations set on them; ``build`` is compiled
    only the first time for ``key`` and these lists' lengths (each list's ids are taken once,
    sorted). ``key`` names the statement: the same key must always build the same query."""
    lists = [sorted(set(ids) - {None}) for ids in id_lists]
    statement = _statement(using, key, tuple(len(ids) for ids in lists), build)
    if statement is None:
        return []
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params(lists))
        rows = statement.convert(cursor.fetchall(), connection)
    model, fields, extras = statement.model, statement.fields, statement.extras
    width = len(fields)
    found = []
    for row in rows:
        obj = model.from_db(using, fields, row[:width])
        for name, value in zip(extras, row[width:]):
            setattr(obj, name, value)
        found.append(obj)
    return found


def _children_of(owner_model, accessor: str, order_by: tuple):
    """The query ``attach`` compiles: the children of the owners given as one list of ids, and
    the attribute naming each child's owner."""
    field = owner_model._meta.get_field(accessor)
    if field.many_to_many and not field.auto_created:  # a forward many-to-many field
        if not field.remote_field.through._meta.auto_created:
            raise ValueError(f"{owner_model.__name__}.{accessor}: only auto-created through tables")
        back = field.related_query_name()

        def build(ids):  # the owner's id comes out of the through table as an annotation
            queryset = field.related_model._default_manager.filter(**{f"{back}__in": ids})
            queryset = queryset.annotate(_owner_id=F(back))
            return queryset.order_by(*order_by) if order_by else queryset

        return build, "_owner_id", field.name
    if field.one_to_many:  # a reverse foreign key
        attname = field.field.attname

        def build(ids):
            queryset = field.related_model._default_manager.filter(**{f"{attname}__in": ids})
            return queryset.order_by(*order_by) if order_by else queryset

        return build, attname, field.get_accessor_name()
    raise ValueError(f"{owner_model.__name__}.{accessor}: not a list of children")


def attach(owners, accessor: str, *, order_by: tuple = (), select: tuple = ()) -> dict:
    """Fill ``owner.<accessor>.all()`` for every owner with its children, as ``prefetch_related``
    does (each child's back reference too), in one statement, and one more per foreign key of
    the children in ``select`` (``credit.person``); returns {owner pk: [children]}."""
    owners = [o for o in owners if o is not None and o.pk is not None]
    if not owners:
        return {}
    owner_model = type(owners[0])
    key = ("children", owner_model, accessor, tuple(order_by))
    build, owner_attr, cache_name = _children_of(owner_model, accessor, tuple(order_by))
    kids = objects(key, build, [o.pk for o in owners])
    by_owner: dict = defaultdict(list)
    for kid in kids:
        by_owner[getattr(kid, owner_attr)].append(kid)
    relation = owner_model._meta.get_field(accessor)
    for name in select:
        follow(kids, relation.related_model._meta.get_field(name))
    for owner in owners:
        mine = by_owner.get(owner.pk, [])
        if relation.one_to_many:
            for kid in mine:
                relation.field.set_cached_value(kid, owner)
        queryset = QuerySet(model=relation.related_model)
        queryset._result_cache = mine
        queryset._prefetch_done = True
        owner.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = queryset
    return by_owner


def _by_ids(model):
    def build(ids):
        return model._base_manager.filter(pk__in=ids).order_by()

    return build


def follow(objects_, field) -> None:
    """Set ``obj.<field>`` (a foreign key) on each of ``objects_`` from one statement: a
    ``select_related`` after the fact."""
    model = field.related_model
    found = {
        o.pk: o
        for o in objects(("by ids", model), _by_ids(model), [getattr(o, field.attname) for o in objects_])
    }
    for obj in objects_:
        field.set_cached_value(obj, found.get(getattr(obj, field.attname)))
