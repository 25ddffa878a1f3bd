"""Rebuilding renditions and tidying the media folder: the work of ``reelpress images``."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.storage import default_storage

from reelpress.images import conf, renditions
from reelpress.images.models import Image


@dataclass
class Summary:
    checked: int = 0
    made: int = 0  # pictures (distinct contents) whose renditions were made
    files: int = 0  # rendition files written or kept
    failed: list[str] = field(default_factory=list)  # "image 12 (images/ab/...): reason"
    seconds: float = 0.0


def needs_renditions(image: Image) -> bool:
    """No renditions, other widths or formats than the settings ask for, or a file gone."""
    if not image.renditions:
        return True
    fallback = image.fallback_format()
    wanted = {(w, f) for w in renditions.widths_for(image.width) for f in conf.formats() if f != "jpeg"}
    wanted |= {(w, fallback) for w in renditions.widths_for(image.width)}
    if {(r["width"], r["format"]) for r in image.renditions} != wanted:
        return True
    return not all(default_storage.exists(r["name"]) for r in image.renditions)


def rebuild(everything: bool = False, progress: Callable[[int, int], None] | None = None) -> Summary:
    """Make the renditions of every picture that needs them (``everything``: of all pictures).

    Pictures of the same content share their files, so each content is made once.
    """
    started = time.perf_counter()
    summary = Summary()
    firsts = {}
    for image in Image.objects.order_by("id").iterator(chunk_size=500):
        summary.checked += 1
        if image.sha256 not in firsts:
            firsts[image.sha256] = image
    todo = [image for image in firsts.values() if everything or needs_renditions(image)]
    for done, image in enumerate(todo, 1):
        try:
            made = renditions.make(image)
            summary.made += 1
            summary.files += len(made)
        except Exception as error:  # a broken or vanished master: named in the summary, the rest go on
            summary.failed.append(f"image {image.pk} ({image.file}): {error}")
        if progress:
            progress(done, len(todo))
    if progress and not todo:
        progress(0, 0)
    summary.seconds = time.perf_counter() - started
    return summary


def unused_files() -> list[str]:
    """Files under images/ in the storage that no picture refers to (left by a crash or an
    interrupted import)."""
    used = set()
    for file, made in Image.objects.values_list("file", "renditions").iterator(chunk_size=2000):
        used.add(file)
        used.update(r["name"] for r in made)
    found = []
    try:
        folders, _ = default_storage.listdir("images")
    except (FileNotFoundError, NotImplementedError):
        return []
    for folder in folders:
        _, names = default_storage.listdir(f"images/{folder}")
        found += [f"images/{folder}/{n}" for n in names if f"images/{folder}/{n}" not in used]
    return sorted(found)
