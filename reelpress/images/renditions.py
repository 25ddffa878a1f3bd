"""Renditions: each picture in a few widths, in AVIF/WebP and a JPEG (PNG) fallback.

Made once, after the upload's transaction commits, on one worker thread per process (a queue, so
a batch of uploads never starts a thread each), so the request that uploads answers at once; the
pages show the master until they exist. A process that dies with work queued leaves rows with no
renditions, which ``reelpress images --missing`` makes. Chosen
over making them lazily on a reader's first request: that request would be slow, two processes
would need a lock between them, and with S3 storage no view of ours sees the request at all.
"""

from __future__ import annotations

import atexit
import io
import logging
import queue
import threading

from django.core.files.storage import default_storage
from django.db import close_old_connections, connections, transaction
from PIL import Image as PILImage

from reelpress.images import conf, files
from reelpress.images.models import Image

log = logging.getLogger(__name__)


def widths_for(width: int) -> list[int]:
    """The configured widths narrower than the picture, and the picture's own width capped at the
    widest: a 800-pixel capture gets 320, 640 and 800; nothing is ever scaled up."""
    wanted = conf.widths()
    top = min(width, wanted[-1])
    return sorted({w for w in wanted if w < top} | {top})


def make(image: Image, pixels: PILImage.Image | None = None) -> list[dict]:
    """Make and store every rendition of ``image`` and record them on its row (replacing the
    list it had, whose files no longer named go when unused)."""
    if pixels is None:
        with default_storage.open(image.file, "rb") as fh:
            pixels = PILImage.open(io.BytesIO(fh.read()))
            pixels.load()
    made = render(pixels, image.sha256)
    old = [r["name"] for r in image.renditions if r["name"] not in {m["name"] for m in made}]
    # Every row of the same content shares the files: record them on all of them.
    Image.objects.filter(sha256=image.sha256).update(renditions=made)
    image.renditions = made
    if old:
        files.delete_unused(image.sha256, old)
    return made


def render(pixels: PILImage.Image, sha256: str) -> list[dict]:
    """Encode and store the renditions of the master ``pixels`` (whose hash is ``sha256``);
    return their list, by format then width."""
    from reelpress.images.uploads import encode

    fallback = "png" if pixels.mode == "RGBA" else "jpeg"
    formats = [f for f in conf.formats() if f != "jpeg"] + [fallback]
    made = []
    current = pixels
    # Widest first, each scaled from the one before: far less work than from the master each time.
    for width in reversed(widths_for(pixels.width)):
        height = max(1, round(pixels.height * width / pixels.width))
        if current.size != (width, height):
            current = current.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        for fmt in formats:
            data = encode(current, fmt)
            name = files.rendition_name(sha256, width, fmt, data)
            files.write(name, data)
            made.append({"width": width, "height": height, "format": fmt, "name": name, "bytes": len(data)})
    made.sort(key=lambda r: (r["format"], r["width"]))
    return made


def schedule(image: Image, pixels: PILImage.Image | None = None) -> None:
    """Have ``image``'s renditions made: now when ``REELPRESS_IMAGE_RENDITIONS=inline``, else on
    the worker thread once the current transaction commits. A row whose content another row
    already has renditions for takes them over at once."""
    same = Image.objects.filter(sha256=image.sha256).exclude(pk=image.pk).exclude(renditions=[]).first()
    if same is not None:
        image.renditions = same.renditions
        Image.objects.filter(pk=image.pk).update(renditions=same.renditions)
        return
    if conf.inline():
        make(image, pixels)
        return
    pk = image.pk
    transaction.on_commit(lambda: _worker().put(pk))


_queue: queue.Queue | None = None
_lock = threading.Lock()


def _worker() -> queue.Queue:
    global _queue
    with _lock:
        if _queue is None:
            _queue = queue.Queue()
            # A command (an import) ends only when the pictures it queued are made.
            atexit.register(drain)
            threading.Thread(target=_run, args=(_queue,), name="reelpress-renditions", daemon=True).start()
        return _queue


def _run(jobs: queue.Queue) -> None:
    while True:
        pk = jobs.get()
        try:
            close_old_connections()
            image = Image.objects.filter(pk=pk).first()
            if image is not None and not image.renditions:
                make(image)
        except Exception:  # one bad file must not stop the thread: logged, left for `reelpress images`
            log.exception("renditions of image %s failed", pk)
        finally:
            connections.close_all()
            jobs.task_done()


def drain() -> None:
    """Wait until the worker has made everything queued in this process (commands, tests)."""
    if _queue is not None:
        _queue.join()
