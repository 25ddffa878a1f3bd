"""Pictures carried by a ReviewRecord (``record.images``), stored by ``ingest.store.save()``.

Each is a dict: ``kind``; ``path`` (a file) or ``data`` (bytes); ``alt``, ``caption``,
``timecode`` ("1:23:45"), ``decorative``; a portrait's ``person``; ``sha256`` as exports write it.
A picture that cannot be taken (missing file, not a picture, too big) does not cost the review:
it is left out and named in the save's notes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from reelpress.images import uploads
from reelpress.images.files import discard_uncommitted  # noqa: F401 (ingest.store calls it here)
from reelpress.images.models import Image, Kind, format_timecode

KEYS = {"kind", "path", "data", "alt", "caption", "timecode", "decorative", "person", "sha256", "order"}


class ImageRecordError(ValueError):
    """A picture entry that is not well formed; the message names it."""


def parse_timecode(value) -> dt.timedelta | None:
    """ "1:23:45", "83:12", "1:23:45.5", "01:23:45:12" (frames dropped) or seconds; None for empty."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    else:
        text = str(value).strip()
        match = re.fullmatch(r"(?:(\d{1,2}):)?(\d{1,3}):(\d{2})(\.\d+)?(?::\d{2})?|(\d+(?:\.\d+)?)", text)
        if not match:
            raise ImageRecordError(f"timecode {text!r} is not a time such as 1:23:45")
        if match.group(5):
            seconds = float(match.group(5))
        else:
            hours, minutes, secs, fraction = match.group(1, 2, 3, 4)
            if int(secs) >= 60 or (hours and int(minutes) >= 60):
                raise ImageRecordError(f"timecode {text!r} is not a time such as 1:23:45")
            seconds = int(hours or 0) * 3600 + int(minutes) * 60 + int(secs) + float(fraction or 0)
    if seconds < 0 or seconds > 24 * 3600:
        raise ImageRecordError(f"timecode {value!r} is not within a film")
    return dt.timedelta(seconds=seconds)


def check(entries) -> None:
    """Raise ImageRecordError for the first entry that is not well formed (shape, not content)."""
    if not isinstance(entries, list):
        raise ImageRecordError("must be a list of objects")
    for number, entry in enumerate(entries, 1):
        where = f"picture {number}"
        if not isinstance(entry, dict):
            raise ImageRecordError(f"{where} must be an object")
        unknown = set(entry) - KEYS
        if unknown:
            raise ImageRecordError(f"{where} has unknown keys: {', '.join(sorted(unknown))}")
        if entry.get("kind") not in Kind.values:
            raise ImageRecordError(f"{where}: kind must be one of {', '.join(Kind.values)}")
        if not entry.get("path") and not entry.get("data"):
            raise ImageRecordError(f"{where} has neither a path nor data")
        for key in ("alt", "caption", "person", "path", "sha256"):
            if entry.get(key) is not None and not isinstance(entry[key], str):
                raise ImageRecordError(f"{where}: {key} must be a string")
        if entry.get("data") is not None and not isinstance(entry["data"], bytes | bytearray):
            raise ImageRecordError(f"{where}: data must be bytes")
        if entry.get("kind") != Kind.CAPTURE and entry.get("timecode") not in (None, ""):
            raise ImageRecordError(f"{where}: only a capture has a timecode")
        try:
            parse_timecode(entry.get("timecode"))
        except ImageRecordError as error:
            raise ImageRecordError(f"{where}: {error}") from None


def save(record, review, release, author, person_for) -> list[str]:
    """Store ``record.images`` for the review just saved; return a note per picture left out.

    ``person_for(name)`` is ingest.store's lookup (a portrait's subject). Runs inside the save's
    transaction; a picture already stored for that owner from the same bytes is updated in place.
    """
    notes = []
    for number, entry in enumerate(record.images, 1):
        kind = entry["kind"]
        owner, edition = _owner(kind, entry, review, release, author, person_for)
        if owner is None:
            notes.append(f"picture {number} ({kind}): the record has no {_needs(kind)} to put it on")
            continue
        try:
            data = _bytes(entry)
        except OSError as error:
            notes.append(
                f"picture {number} ({entry.get('path')}): cannot be read ({error.strerror or error})"
            )
            continue
        fields = {
            "alt": (entry.get("alt") or "").strip(),
            "caption": (entry.get("caption") or "").strip()[:500],
            "decorative": bool(entry.get("decorative")),
            "timecode": parse_timecode(entry.get("timecode")),
            "edition": edition,
        }
        if not fields["alt"] and not fields["decorative"]:
            fields["alt"] = default_alt(kind, owner, fields["timecode"], edition)
        fields["alt"] = fields["alt"][:500]
        owner_field = uploads.owner_field_of(owner)
        source = hashlib.sha256(data).hexdigest()
        found = Image.objects.filter(**{owner_field: owner}, kind=kind).filter(source_sha256=source).first()
        found = found or Image.objects.filter(**{owner_field: owner}, kind=kind, sha256=source).first()
        if found is not None:
            changed = [name for name, value in fields.items() if getattr(found, name) != value]
            if entry.get("order") is not None and found.order != entry["order"]:
                fields["order"] = entry["order"]
                changed.append("order")
            for name in changed:
                setattr(found, name, fields[name])
            if changed:
                found.save(update_fields=changed)
            continue
        name = Path(entry["path"]).name if entry.get("path") else f"picture {number}"
        try:
            uploads.attach(uploads.prepare(data, name), owner, kind, order=entry.get("order"), **fields)
        except uploads.ImageRefused as error:
            notes.append(f"picture {number}: {error}")
    return notes


def _needs(kind: str) -> str:
    return {"logo": "label", "portrait": "reviewer or person"}.get(kind, "edition")


def _owner(kind, entry, review, release, author, person_for):
    """(owner, edition shown) for an entry of ``kind``."""
    if kind in (Kind.BACK, Kind.PACKAGING):
        return release, None
    if kind == Kind.FRONT:
        return release or review, None
    if kind == Kind.CAPTURE:
        return review, release
    if kind == Kind.PORTRAIT:
        return (person_for(entry["person"]) if entry.get("person") else author), None
    if kind == Kind.LOGO:
        return (release.label if release is not None else None), None
    return None, None


def _bytes(entry) -> bytes:
    if entry.get("data"):
        return bytes(entry["data"])
    return Path(entry["path"]).read_bytes()


def default_alt(kind: str, owner, timecode=None, edition=None) -> str:
    """A plain description from what the picture belongs to, for imports that bring none."""
    from reelpress.catalog.models import Label, Release
    from reelpress.reviews.models import Review

    if isinstance(owner, Release):
        facts = ", ".join(p for p in (owner.disc_format, owner.label.name if owner.label_id else "") if p)
        what = Kind(kind).label
        return f"{what} of {owner.film}" + (f", {facts}" if facts else "")
    if isinstance(owner, Review):
        if kind == Kind.CAPTURE:
            at = f" at {format_timecode(timecode)}" if timecode is not None else ""
            shown = f" ({edition.disc_format})" if edition is not None and edition.disc_format else ""
            return f"Frame from {owner.film}{at}{shown}"
        return f"Cover of {owner.film}"
    if isinstance(owner, Label):
        return f"{owner.name} logo"
    return f"Portrait of {owner.name}"
