"""The generation: one token in the shared cache that names the live set of cached pages.

A write to any table of an app whose rows public pages show (``settings.PAGE_CACHE_APPS``)
replaces the token when its transaction commits, whoever wrote (desk, API, importer, shell,
``QuerySet.update()``, raw SQL through Django): a database execute wrapper on every
connection sees the statement, so no caller has to remember. Pages cached under an old token
are never read again; they age out of the cache.

The token is also replaced at the first such write after a page was read under it in this
process, before the commit: tests (and a request that writes) then see their own changes, which
on_commit alone would show only after the transaction ends.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE")
_WRITE_IN_CTE = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)  # not "updated_at"

_state = threading.local()
_read_since_bump = threading.Event()  # a page was looked up under the current token (any thread)
_tables: tuple[str, ...] | None = None


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def site_key() -> str:
    """Which database the pages come from: two sites sharing one cache server keep apart."""
    db = connections["default"].settings_dict
    return f"{db.get('HOST') or ''}:{db.get('PORT') or ''}:{db.get('NAME')}"


def generation_key() -> str:
    return "pagecache:generation:" + hashlib.blake2b(site_key().encode(), digest_size=8).hexdigest()


def _new_token() -> str:
    return f"{time.time_ns():x}.{os.getpid():x}.{secrets.token_hex(4)}"


def current() -> str:
    """The live token; a missing one (cache cleared or evicted) is replaced by a new one."""
    _read_since_bump.set()
    store, key = cache(), generation_key()
    token = store.get(key)
    if token is None:
        store.add(key, _new_token(), None)
        token = store.get(key)
    return token


def bump() -> str:
    """Retire every cached page: a new token (unique, so two writers bumping at once both retire)."""
    token = _new_token()
    _read_since_bump.clear()
    cache().set(generation_key(), token, None)
    return token


def public_tables() -> tuple[str, ...]:
    """Tables of the apps public pages show, auto-created m2m tables included."""
    global _tables
    if _tables is None:
        labels = set(settings.PAGE_CACHE_APPS)
        _tables = tuple(
            sorted(
                {
                    model._meta.db_table
                    for model in apps.get_models(include_auto_created=True)
                    if model._meta.app_label in labels
                }
            )
        )
    return _tables


def _is_public_write(sql: str) -> bool:
    head = sql.lstrip()[:8].upper()
    if not head.startswith(_WRITES):
        if not head.startswith("WITH") or not _WRITE_IN_CTE.search(sql):
            return False
    return any(table in sql for table in public_tables())


def _after_commit() -> None:
    bump()


def _pending(connection) -> bool:
    return any(func is _after_commit for _sids, func, _robust in connection.run_on_commit)


def _wrapper_for(alias: str):
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if isinstance(sql, str) and _is_public_write(sql):
            written(connections[alias])
        return result

    wrapper.pagecache = True
    return wrapper


def written(connection) -> None:
    """A public table was written on ``connection``: retire the pages when it commits.

    Also with the page cache off: the token keys the figures worked out once per change
    (``figures.remember``: archive years, browse counts, more like this) as well as the pages.
    """
    if not connection.in_atomic_block:
        bump()  # autocommit: the statement is committed already
        return
    if _read_since_bump.is_set():
        bump()
    if not _pending(connection):
        connection.on_commit(_after_commit)


def watch_connection(sender, connection, **kwargs) -> None:
    """``connection_created``: watch the new connection's write statements."""
    if not any(getattr(w, "pagecache", False) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_wrapper_for(connection.alias))


def after_migrate(sender, **kwargs) -> None:
    """A migration may change what pages show (and the code that renders them changed): retire all."""
    bump()
