"""Letterboxd account exports: the .zip from Settings > Data > Export Your Data.

``reviews.csv`` rows become reviews: the film is matched or created by title and year, the star
rating (0.5-5) is stored as ``{"Movie": "4.5 of 5"}``, the Letterboxd URI is the source URL (so a
re-import updates in place), Date is the publication date and Watched Date (else Date) the
review date. ReelPress publishes reviews, so ``ratings.csv`` and ``diary.csv`` rows without a
review are skipped, each with its reason (see docs/decisions.md, "Imports").

The zip is checked before anything is read: only the CSV files at its top are opened, each
member's declared and actual unpacked size is capped (zip bombs), and a zip without any of the
three files is refused as "not a Letterboxd export".
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import zipfile
from collections.abc import Iterator

from reelpress.ingest.importers.files import InputError, binary_kind, check_size, decode_text, human_size
from reelpress.ingest.importers.items import Item
from reelpress.ingest.record import ReviewRecord
from reelpress.lib.text import fold

COLUMNS = {
    "reviews.csv": (
        "Date",
        "Name",
        "Year",
        "Letterboxd URI",
        "Rating",
        "Rewatch",
        "Review",
        "Tags",
        "Watched Date",
    ),
    "ratings.csv": ("Date", "Name", "Year", "Letterboxd URI", "Rating"),
    "diary.csv": ("Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date"),
}
# Columns an importer cannot do without; others may be missing in older exports.
REQUIRED = {
    "reviews.csv": ("Name", "Year", "Review"),
    "ratings.csv": ("Name", "Year", "Rating"),
    "diary.csv": ("Name", "Year"),
}
MEMBER_LIMIT = 200 * 1024 * 1024  # unpacked size of one CSV
BOMB_RATIO = 200  # real CSV compresses ~5-10x; far more than this is a crafted archive
_TAGS = re.compile(r"<(/?)(\w+)([^>]{0,2000})>")
_HREF = re.compile(r"""href\s*=\s*["']([^"']{1,2000})["']""", re.I)


def review_markdown(text: str) -> str:
    """A Letterboxd review (plain text with a little HTML) as Markdown."""
    out: list[str] = []
    links: list[str] = []
    pos = 0
    for match in _TAGS.finditer(text or ""):
        out.append(text[pos : match.start()])
        pos = match.end()
        closing, tag = match.group(1), match.group(2).lower()
        if tag in ("i", "em"):
            out.append("*")
        elif tag in ("b", "strong"):
            out.append("**")
        elif tag == "br":
            out.append("\n")
        elif tag == "a" and not closing:
            href = _HREF.search(match.group(3))
            links.append(href.group(1) if href else "")
            out.append("[")
        elif tag == "a" and closing and links:
            href = links.pop()
            out.append(f"]({href})" if href.lower().startswith(("http://", "https://")) else "]")
        elif tag == "blockquote":
            out.append("\n\n" if closing else "\n\n> ")
    out.append((text or "")[pos:])
    body = html.unescape("".join(out)).replace("\r\n", "\n")
    # Letterboxd shows each line break as a new paragraph; Markdown needs a blank line for that.
    paragraphs = [p.strip() for p in re.split(r"\n+", body)]
    return "\n\n".join(p for p in paragraphs if p)


def stars(value: str) -> str | None:
    """'4.5' -> '4.5 of 5'; '' -> None; anything else raises ValueError."""
    value = (value or "").strip()
    if not value:
        return None
    number = float(value)
    if not 0.5 <= number <= 5 or (number * 2) % 1:
        raise ValueError(f"Rating {value!r} is not a star rating from 0.5 to 5")
    return f"{number:g} of 5"


def _year(value: str) -> str | None:
    return value.strip() or None  # ingest.validate.check names a bad year


class LetterboxdSource:
    """The reviews (and the skipped bare ratings) of one Letterboxd export zip, as items."""

    name = "letterboxd"

    def __init__(self, path: str, *, max_bytes: int, author: str | None = None):
        self.path, self.author = path, author
        self.notes: list[str] = []
        self.error: str | None = None
        self.tables: dict[str, tuple[list[str], list[tuple[int, list[str]]]]] = {}
        self.table_errors: list[Item] = []
        self.profile_name: str | None = None
        try:
            self._read(max_bytes)
        except InputError as exc:
            self.error = str(exc)
        rows = sum(len(r) for _, r in self.tables.values())
        self.total = 1 if self.error else rows + len(self.table_errors)

    # --- reading the zip
    def _read(self, max_bytes: int) -> None:
        try:
            size = os.stat(self.path).st_size
        except FileNotFoundError:
            raise InputError("no such file") from None
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc})") from None
        check_size(size, max_bytes)
        if not size:
            raise InputError("the file is empty")
        try:
            archive = zipfile.ZipFile(self.path)
        except IsADirectoryError:
            raise InputError("is a folder, not a Letterboxd export zip") from None
        except (zipfile.BadZipFile, OSError):
            with open(self.path, "rb") as handle:
                kind = binary_kind(handle.read(8192))
            what = f"it is {kind}" if kind and kind != "a binary file" else "it is not a zip file"
            raise InputError(f"{what}; a Letterboxd export is the .zip from Settings > Data") from None
        with archive:
            members = self._members(archive)
            for name, info in members.items():
                self._table(name, self._unpack(archive, info, name))
            profile = self._profile(archive)
        self.profile_name = profile

    def _members(self, archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        found = {i.filename: i for i in infos if i.filename in COLUMNS}
        if not found:
            # Someone unzipped and re-zipped the folder: accept the files one folder down
            # (but never Letterboxd's own deleted/ and orphaned/ copies).
            tops = {i.filename.split("/")[0] for i in infos if "/" in i.filename}
            tops -= {"deleted", "orphaned", "likes", "lists", "__MACOSX"}
            if len(tops) == 1:
                top = tops.pop()
                found = {
                    i.filename[len(top) + 1 :]: i for i in infos if i.filename[len(top) + 1 :] in COLUMNS
                }
        if not found:
            names = ", ".join(sorted(i.filename for i in infos)[:5]) or "nothing"
            raise InputError(
                f"not a Letterboxd export: no reviews.csv, ratings.csv or diary.csv inside (it holds {names})"
            )
        return {name: found[name] for name in COLUMNS if name in found}

    def _unpack(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
        if info.file_size > MEMBER_LIMIT:
            raise InputError(
                f"{name} would unpack to {human_size(info.file_size)}, over the "
                f"{human_size(MEMBER_LIMIT)} limit for one file: refused (a zip bomb?)"
            )
        if (
            info.compress_size
            and info.file_size > 1024 * 1024
            and info.file_size / info.compress_size > BOMB_RATIO
        ):
            raise InputError(
                f"{name} is compressed {info.file_size // info.compress_size}:1, far beyond real CSV: "
                "refused as a zip bomb"
            )
        try:
            with archive.open(info) as member:
                data = member.read(MEMBER_LIMIT + 1)  # the header may lie about the size
        except RuntimeError as exc:  # encrypted member
            raise InputError(f"{name} cannot be unpacked ({exc})") from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InputError(f"{name} is damaged inside the zip ({exc})") from None
        if len(data) > MEMBER_LIMIT:
            raise InputError(f"{name} unpacks to more than {human_size(MEMBER_LIMIT)}: refused (a zip bomb?)")
        return data

    def _table(self, name: str, data: bytes) -> None:
        try:
            text = decode_text(data, "utf-8")
        except InputError as exc:
            raise InputError(f"{name}: {exc}") from None
        # strict: Letterboxd writes well-formed CSV, so a stray quote means a damaged file, not data.
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows: list[tuple[int, list[str]]] = []
        try:
            header = [h.strip() for h in next(reader, [])]
            missing = [c for c in REQUIRED[name] if c not in header]
            if not header or missing:
                raise InputError(
                    f"{name} line 1: missing column(s) {', '.join(missing or REQUIRED[name])}; "
                    f"expected the Letterboxd header {','.join(COLUMNS[name])}"
                )
            start = reader.line_num + 1
            for row in reader:
                if row:
                    rows.append((start, row))
                start = reader.line_num + 1
        except csv.Error as exc:
            raise InputError(f"{name} line {reader.line_num}: malformed CSV ({exc})") from None
        self.tables[name] = (header, rows)

    def _profile(self, archive: zipfile.ZipFile) -> str | None:
        try:
            info = archive.getinfo("profile.csv")
        except KeyError:
            return None
        if info.file_size > 1024 * 1024:
            return None
        try:
            rows = list(csv.DictReader(io.StringIO(archive.read(info).decode("utf-8-sig"), newline="")))
        except (UnicodeDecodeError, csv.Error, zipfile.BadZipFile, RuntimeError):
            return None
        if not rows:
            return None
        row = rows[0]
        full = f"{row.get('Given Name', '').strip()} {row.get('Family Name', '').strip()}".strip()
        return full or (row.get("Username") or "").strip() or None

    # --- rows to items
    def __iter__(self) -> Iterator[Item]:
        if self.error:
            yield Item(self.path, error=self.error)
            return
        reviewed_uris: set[str] = set()
        reviewed_films: set[tuple[str, str]] = set()
        header, rows = self.tables.get("reviews.csv", ([], []))
        for line, row in rows:
            item = self._review(header, line, row)
            if item.record is not None:
                reviewed_uris.add(item.record.source_url or "")
                reviewed_films.add((fold(item.record.title), str(item.record.year or "")))
            yield item
        for name in ("diary.csv", "ratings.csv"):
            header, rows = self.tables.get(name, ([], []))
            for line, row in rows:
                values, where, error = self._row(name, header, line, row)
                if error:
                    yield Item(where, error=error)
                    continue
                film = (fold(values.get("Name", "")), values.get("Year", "").strip())
                if values.get("Letterboxd URI", "").strip() in reviewed_uris or film in reviewed_films:
                    continue  # the same viewing or film as a review imported above
                rating = values.get("Rating", "").strip()
                what = f"rated {rating} of 5" if rating else "logged"
                kind = "diary entry" if name == "diary.csv" else "rating"
                yield Item(where, skip=f"{what} but not reviewed: a {kind} without a review is not imported")

    def _row(self, name: str, header: list[str], line: int, row: list[str]):
        values = dict(zip(header, row))
        film = values.get("Name", "").strip()
        where = f"{self.path}: {name} line {line}"
        if film:
            where += f" (“{film[:60]}” {values.get('Year', '').strip()})".replace(" )", ")")
        if len(row) != len(header):
            return values, where, f"{len(row)} fields where the header has {len(header)}: a malformed row"
        return values, where, None

    def _review(self, header: list[str], line: int, row: list[str]) -> Item:
        values, where, error = self._row("reviews.csv", header, line, row)
        if error:
            return Item(where, error=error)
        if not values.get("Name", "").strip():
            return Item(where, error="no film name (the Name column is empty)")
        try:
            rating = stars(values.get("Rating", ""))
        except ValueError as exc:
            message = (
                str(exc) if "star rating" in str(exc) else f"Rating {values.get('Rating')!r} is not a number"
            )
            return Item(where, error=message)
        logged = values.get("Date", "").strip() or None
        watched = values.get("Watched Date", "").strip() or None
        tags = [t.strip() for t in values.get("Tags", "").split(",") if t.strip()]
        record = ReviewRecord(
            title=values["Name"].strip(),
            year=_year(values.get("Year", "")),
            ratings={"Movie": rating} if rating else {},
            body=review_markdown(values.get("Review", "")) or None,
            review_date=watched or logged,
            published_at=logged,
            reviewer=self.author or self.profile_name,
            tags=tags,
            source_url=values.get("Letterboxd URI", "").strip() or None,
            status="published",
        )
        return Item(where, record=record)
