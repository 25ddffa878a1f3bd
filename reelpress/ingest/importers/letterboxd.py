"""Letterboxd account exports: the .zip from Settings > Data > Export Your Data.

``reviews.csv`` rows become reviews: the film is matched or created by title and year, the star
rating (0.5-5) is stored as ``{"Movie": "4.5 of 5"}``, the Letterboxd URI is the source URL (so a
re-import updates in place), Date is the publication date and Watched Date (else Date) the
review date. ReelPress publishes reviews, so ``ratings.csv`` and ``diary.csv`` rows without a
review are skipped, each with its reason (see docs/decisions.md, "Imports").

The zip is checked before anything is stored: only the CSV files at its top are opened, each
member's declared and actual unpacked size is capped (zip bombs), every row is read once (a
damaged file imports nothing), and a zip without any of the three files is refused as "not a
Letterboxd export". Rows are read as a stream, never a whole file at once.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import os
import re
import zipfile
from collections.abc import Iterator

from reelpress.ingest.importers.files import InputError, binary_kind, check_size, human_size
from reelpress.ingest.importers.items import Item
from reelpress.ingest.importers.keys import SeenKeys
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
    """The reviews (and the skipped bare ratings) of one Letterboxd export zip, as items.

    The CSV files are read as streams, a row at a time, twice: the first pass checks every file
    (encoding, CSV, size) and counts the rows, so a damaged export imports nothing and the progress
    bar has a total; the second turns the rows into items as the import stores them.
    """

    name = "letterboxd"

    def __init__(self, path: str, *, max_bytes: int, author: str | None = None):
        self.path, self.author = path, author
        self.notes: list[str] = []
        self.error: str | None = None
        self.members: dict[str, zipfile.ZipInfo] = {}
        self.headers: dict[str, list[str]] = {}
        self.profile_name: str | None = None
        self.total = 1
        try:
            self.total = self._check(max_bytes)
        except InputError as exc:
            self.error = str(exc)

    # --- reading the zip
    def _open(self) -> zipfile.ZipFile:
        try:
            return zipfile.ZipFile(self.path)
        except IsADirectoryError:
            raise InputError("is a folder, not a Letterboxd export zip") from None
        except (zipfile.BadZipFile, OSError):
            with open(self.path, "rb") as handle:
                kind = binary_kind(handle.read(8192))
            what = f"it is {kind}" if kind and kind != "a binary file" else "it is not a zip file"
            raise InputError(f"{what}; a Letterboxd export is the .zip from Settings > Data") from None

    def _check(self, max_bytes: int) -> int:
        """The first pass: the zip, its members' sizes, every row readable; the number of rows."""
        try:
            size = os.stat(self.path).st_size
        except FileNotFoundError:
            raise InputError("no such file") from None
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc})") from None
        check_size(size, max_bytes)
        if not size:
            raise InputError("the file is empty")
        count = 0
        with self._open() as archive:
            self.members = self._members(archive)
            for name, info in self.members.items():
                self._check_sizes(info, name)
            for name, info in self.members.items():
                count += sum(1 for _ in self._rows(archive, info, name))
            self.profile_name = self._profile(archive)
        return count

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

    @staticmethod
    def _check_sizes(info: zipfile.ZipInfo, name: str) -> None:
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

    def _rows(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator[tuple[int, list]]:
        """(line number, row) of one CSV member, read as a stream; the header is checked first."""
        try:
            with archive.open(info) as member:
                # strict: Letterboxd writes well-formed CSV, so a stray quote means a damaged file.
                reader = csv.reader(_lines(member, name), strict=True)
                try:
                    header = [h.strip() for h in next(reader, [])]
                    missing = [c for c in REQUIRED[name] if c not in header]
                    if not header or missing:
                        raise InputError(
                            f"{name} line 1: missing column(s) {', '.join(missing or REQUIRED[name])}; "
                            f"expected the Letterboxd header {','.join(COLUMNS[name])}"
                        )
                    self.headers[name] = header
                    start = reader.line_num + 1
                    for row in reader:
                        if row:
                            yield start, row
                        start = reader.line_num + 1
                except csv.Error as exc:
                    raise InputError(f"{name} line {reader.line_num}: malformed CSV ({exc})") from None
        except RuntimeError as exc:  # encrypted member
            raise InputError(f"{name} cannot be unpacked ({exc})") from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InputError(f"{name} is damaged inside the zip ({exc})") from None

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
        # The films reviewed above a diary entry or rating: bounded in memory (SeenKeys spills).
        with self._open() as archive, SeenKeys() as reviewed:
            try:
                yield from self._items(archive, reviewed)
            except InputError as exc:  # the file changed since the first pass
                yield Item(self.path, error=str(exc))

    def _items(self, archive: zipfile.ZipFile, reviewed: SeenKeys) -> Iterator[Item]:
        if "reviews.csv" in self.members:
            header = self.headers["reviews.csv"]
            for line, row in self._rows(archive, self.members["reviews.csv"], "reviews.csv"):
                item = self._review(header, line, row)
                if item.record is not None:
                    if item.record.source_url:
                        reviewed.add(("uri", item.record.source_url))
                    reviewed.add(("film", fold(item.record.title), str(item.record.year or "")))
                yield item
        for name in ("diary.csv", "ratings.csv"):
            if name not in self.members:
                continue
            header = self.headers[name]
            for line, row in self._rows(archive, self.members[name], name):
                values, where, error = self._row(name, header, line, row)
                if error:
                    yield Item(where, error=error)
                    continue
                film = ("film", fold(values.get("Name", "")), values.get("Year", "").strip())
                uri = values.get("Letterboxd URI", "").strip()
                if (uri and ("uri", uri) in reviewed) or film in reviewed:
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


def _lines(member, name: str) -> Iterator[str]:
    """The text lines of a zip member, decoded one at a time; its real unpacked size capped."""
    if member.peek(2)[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        # Not what Letterboxd writes, but a spreadsheet may save it so: no byte positions then.
        text = io.TextIOWrapper(_Capped(member, name), encoding="utf-16", newline="")
        try:
            yield from text
        except UnicodeDecodeError:
            raise InputError(f"{name}: not valid UTF-16 text") from None
        return
    read, number = 0, 0
    while True:
        raw = member.readline(MEMBER_LIMIT - read + 1)  # the header may lie about the size
        if not raw:
            return
        read += len(raw)
        if read > MEMBER_LIMIT:
            raise InputError(f"{name} unpacks to more than {human_size(MEMBER_LIMIT)}: refused (a zip bomb?)")
        number += 1
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = raw[exc.start : exc.start + 1].hex()
            raise InputError(
                f"{name}: line {number}, column {exc.start + 1}: byte 0x{byte} is not valid UTF-8 "
                "(Letterboxd exports are UTF-8: was the file saved again in another encoding?)"
            ) from None


class _Capped(io.RawIOBase):
    """A zip member that refuses to unpack past ``MEMBER_LIMIT`` (for the UTF-16 text wrapper)."""

    def __init__(self, member, name: str):
        self.member, self.name, self.read_bytes = member, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.member.read(len(buffer))
        self.read_bytes += len(data)
        if self.read_bytes > MEMBER_LIMIT:
            raise InputError(
                f"{self.name} unpacks to more than {human_size(MEMBER_LIMIT)}: refused (a zip bomb?)"
            )
        buffer[: len(data)] = data
        return len(data)
