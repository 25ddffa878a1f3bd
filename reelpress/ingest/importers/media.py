"""Picture files beside an archive: finding them safely for a record's ``images``.

Sources name pictures by a path inside a folder the operator gave (WordPress's uploads folder,
the folder of a page, an export's media folder). A name never reaches outside that folder
(``..``, absolute paths, links out), and a file that is missing or too big is a note naming the
file, never an exception: the review comes in without that picture. Whether the bytes are a
picture at all is ``reelpress.images.uploads``' decision, made when ``store.save`` stores it.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Bigger than any picture the images app accepts (its limit is checked again there); here it only
# keeps a stray video or disc image in an uploads folder from being read into memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


class MissingPicture(Exception):
    """A picture that cannot be taken from the folder; ``str()`` says which file and why."""


def inside(folder: str | Path, relative: str) -> Path:
    """``folder/relative``, refusing a name that leads outside ``folder`` (raises MissingPicture)."""
    relative = relative.replace("\\", "/")
    if not relative or relative.startswith("/") or posixpath.isabs(relative) or ":" in relative.split("/")[0]:
        raise MissingPicture(f"{relative!r}: only paths inside the media folder are read")
    base = Path(folder).resolve()
    target = (base / relative).resolve()
    if target != base and base not in target.parents:
        raise MissingPicture(f"{relative!r}: leads outside the media folder {base}, not read")
    return target


def read(path: Path, shown: str | None = None) -> bytes:
    """The bytes of a picture file, or MissingPicture naming it."""
    shown = shown or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise MissingPicture(f"{shown}: no such file") from None
    except OSError as error:
        raise MissingPicture(f"{shown}: cannot be read ({error.strerror or error})") from None
    if not path.is_file():
        raise MissingPicture(f"{shown}: not a file")
    if size > MAX_FILE_BYTES:
        raise MissingPicture(f"{shown}: {size / 1024 / 1024:.0f} MB, far too big for a picture")
    try:
        return path.read_bytes()
    except OSError as error:
        raise MissingPicture(f"{shown}: cannot be read ({error.strerror or error})") from None


def checked(data: bytes, sha256: str | None, shown: str) -> bytes:
    """``data``, or MissingPicture when it is not the file its listing's checksum names."""
    if sha256 and hashlib.sha256(data).hexdigest() != sha256.lower():
        raise MissingPicture(f"{shown}: does not match its sha256 in the export (changed or damaged)")
    return data


def uploads_path(url: str) -> str | None:
    """The part of a WordPress media URL after ``wp-content/uploads/`` ("2019/03/them.jpg"), or
    None for a URL that does not point into an uploads folder."""
    path = unquote(urlsplit(url.strip()).path)
    marker = "/uploads/"
    at = path.find(marker)
    if at < 0:
        return None
    rest = path[at + len(marker) :]
    # WordPress multisite: uploads/sites/<n>/YYYY/MM/name
    parts = rest.split("/")
    if len(parts) > 2 and parts[0] == "sites" and parts[1].isdigit():
        rest = "/".join(parts[2:])
    return rest or None


def relative_src(src: str) -> str | None:
    """A page's ``<img src>`` as a path relative to the page's folder, or None when it points at
    another site, is a data: URL, or is absolute."""
    src = (src or "").strip()
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return unquote(parts.path)


def sibling(page: str, relative: str) -> tuple[Path, str]:
    """(file, name shown in messages) for ``relative`` seen from the page ``page``; raises
    MissingPicture for a name that climbs above the folder the page is in."""
    folder = os.path.dirname(os.path.abspath(page))
    return inside(folder, relative), relative


# Written by `export json` for people reading the file; recomputed from the picture on import.
INFORMATION_ONLY = frozenset({"width", "height", "bytes"})


class ExportedPictures:
    """The pictures of records written by ``export json``, found in the ``--media`` folder."""

    def __init__(self, media_dir: str | None):
        self.media_dir = media_dir
        self.without_folder = 0

    def take(self, record) -> list[str]:
        """Point each of ``record.images`` at its file in the media folder, checked against its
        sha256; leave out, with a note, those that cannot be found. Malformed entries stay for
        ``store.save`` to refuse with its message."""
        if not isinstance(record.images, list) or not record.images:
            return []
        kept, notes = [], []
        for number, entry in enumerate(record.images, 1):
            if not isinstance(entry, dict):
                kept.append(entry)
                continue
            entry = {k: v for k, v in entry.items() if k not in INFORMATION_ONLY}
            path = entry.get("path")
            if not isinstance(path, str) or entry.get("data") is not None:
                kept.append(entry)
                continue
            if not self.media_dir:
                self.without_folder += 1
                continue
            try:
                found = inside(self.media_dir, path)
                sha256 = entry.get("sha256") if isinstance(entry.get("sha256"), str) else None
                checked(read(found, path), sha256, path)
            except MissingPicture as problem:
                notes.append(f"picture {number} left out: {problem}")
                continue
            # The path, not the bytes: a batch of records holds names, not megabytes of pictures.
            entry["path"] = str(found)
            kept.append(entry)
        record.images = kept
        return notes

    def summary(self, source: str) -> list[str]:
        if not self.without_folder:
            return []
        return [
            f"{source}: {self.without_folder} picture(s) listed but not imported: "
            "give the folder `export json --media` wrote as --media-dir"
        ]
