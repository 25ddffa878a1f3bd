"""Serving stored pictures from the local media folder, for `make run` and small sites; in
production the reverse proxy serves the same folder first (docs/operations.md)."""

from __future__ import annotations

import mimetypes

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.views.decorators.http import require_safe

from reelpress.images.storages import IMMUTABLE

mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/avif", ".avif")


@require_safe
def media(request, name: str):
    """One stored file, with a year-long immutable cache: its name carries its content's hash,
    so the bytes behind a URL never change."""
    try:
        path = default_storage.path(name)
        handle = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
    except (SuspiciousFileOperation, NotImplementedError, FileNotFoundError, IsADirectoryError):
        raise Http404("No such picture") from None
    if request.headers.get("If-None-Match") == f'"{name.rsplit("/", 1)[-1]}"' or request.headers.get(
        "If-Modified-Since"
    ):
        # Nothing behind a name ever changes: whatever copy the browser has is this one.
        handle.close()
        response = HttpResponseNotModified()
    else:
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = IMMUTABLE
    response["ETag"] = f'"{name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
