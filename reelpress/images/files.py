"""Files of pictures in the storage: content-addressed names, writes that never overwrite
other content, and deletes that keep a file another row still uses."""

from __future__ import annotations

import hashlib
import threading

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction

EXTENSION = {"jpeg": "jpg", "png": "png", "webp": "webp", "avif": "avif"}


def master_name(sha256: str, fmt: str) -> str:
    return f"images/{sha256[:2]}/{sha256}.{EXTENSION[fmt]}"


def rendition_name(sha256: str, width: int, fmt: str, data: bytes) -> str:
    """The master's hash (what it is a rendition of) and its own (so a rebuild with other
    settings gets a new name and cached copies never go stale)."""
    own = hashlib.sha256(data).hexdigest()[:10]
    return f"images/{sha256[:2]}/{sha256[:16]}-{width}-{own}.{EXTENSION[fmt]}"


def write(name: str, data: bytes) -> bool:
    """Store ``data`` under ``name`` unless it is there already (same name, same content).
    True when this call wrote it."""
    if default_storage.exists(name):
        return False
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # a race wrote it first and the storage picked another name: keep one
        default_storage.delete(saved)
        return False
    pending = _pending()
    pending.add(name)
    transaction.on_commit(lambda: pending.discard(name))
    return True


_local = threading.local()


def _pending() -> set:
    if not hasattr(_local, "names"):
        _local.names = set()
    return _local.names


def discard_uncommitted() -> None:
    """After a rolled-back transaction: delete the files this thread wrote for rows that are
    gone with it (a file whose content a surviving row has is kept)."""
    from reelpress.images.models import Image

    pending = _pending()
    for name in list(pending):
        prefix = name.rsplit("/", 1)[-1].split("-")[0].split(".")[0]
        try:
            used = Image.objects.filter(sha256__startswith=prefix).exists()
        except DatabaseError:
            return  # the connection is unusable here: `reelpress images --prune` tidies later
        if not used:
            default_storage.delete(name)
        pending.discard(name)


def delete_unused(sha256: str, names) -> None:
    """Delete ``names`` unless a remaining Image row still refers to them."""
    from reelpress.images.models import Image

    used = set()
    for row in Image.objects.filter(sha256=sha256).only("file", "renditions"):
        used.add(row.file)
        used.update(r["name"] for r in row.renditions)
    for name in names:
        if name and name not in used:
            default_storage.delete(name)
