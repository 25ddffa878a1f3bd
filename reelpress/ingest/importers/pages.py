"""Legacy review pages: files and folders (searched recursively) of .txt, .html and .htm pages.

Each page goes through the guards in :mod:`.files` (size, empty, binary, encoding), then the
page extractor, and becomes one item. A file named on the command line is read whatever its
extension; inside folders only page extensions are read, hidden files and folders skipped.
Pictures beside the pages (relative ``<img src>``) come with them: see :mod:`.page_media`.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterator, Sequence
from functools import partial

from reelpress.ingest.importers.files import InputError, check_text, decode_text, read_file
from reelpress.ingest.importers.items import PAGE_TEXT_LIMIT, Item, PageData
from reelpress.ingest.importers.page_media import chrome_files, page_pictures
from reelpress.ingest.record import ReviewRecord

PAGE_SUFFIXES = (".txt", ".html", ".htm")


def find_pages(paths: Sequence[str]) -> list[tuple[str, str | None]]:
    """Every page file under ``paths``, in a stable order, as (path, error or None)."""
    found: list[tuple[str, str | None]] = []
    seen: set[str] = set()

    def add(path: str, error: str | None = None) -> None:
        real = os.path.realpath(path)
        if error is None and real in seen:
            return
        seen.add(real)
        found.append((path, error))

    for given in paths:
        if os.path.isdir(given):
            before = len(found)
            for folder, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name.lower().endswith(PAGE_SUFFIXES):
                        add(os.path.join(folder, name))
            if len(found) == before:
                add(given, "no .txt, .html or .htm pages in this folder")
        elif os.path.exists(given):
            add(given)
        else:
            add(given, "no such file or folder")
    return found


def extract_fields(data: bytes | str, filename: str, site=None) -> dict:
    """The page extractor's fields for one page (imported here so this module loads without it);
    ``site`` is the profile learned from the page's site, if any."""
    from reelpress.ingest.extract import extract

    return extract(data, filename=filename, site=site)


def read_page(
    path: str,
    *,
    max_bytes: int,
    encoding: str = "utf-8",
    author: str | None = None,
    site=None,
    root: str | None = None,
    chrome: frozenset[str] = frozenset(),
) -> Item:
    """One page file to one item: a record, or the reason there is none. With ``root`` (the
    folder imported), the page's pictures beside it come too, ``chrome`` files left out."""
    try:
        data = read_file(path, max_bytes)
        check_text(data)
        # "auto" leaves the guessing (UTF-8, then Windows-1252, then Latin-1) to the extractor.
        text: bytes | str = data if encoding == "auto" else decode_text(data, encoding)
    except InputError as exc:
        return Item(path, error=str(exc))
    try:
        fields = extract_fields(text, os.path.basename(path), site)
        record = ReviewRecord.from_dict(fields)
    except Exception as exc:  # noqa: BLE001 - the extractor promises not to raise; report if it does
        return Item(path, error=f"the page could not be read ({type(exc).__name__}: {exc})")
    if not (isinstance(record.title, str) and record.title.strip()):
        return Item(path, error="no film title found in the page: is it a review page?")
    if author and not record.reviewer:
        record.reviewer = author
    notes = []
    if root is not None:
        record.images, notes = page_pictures(text, path, root, chrome)
    page = page_data(text, fields)
    if page.reasons:
        # The title, year or film is a guess: never published until an editor has looked.
        record.status = "draft"
    return Item(path, record=record, page=page, notes=notes)


def page_data(text: bytes | str, fields: dict) -> PageData:
    """The page text (cut to PAGE_TEXT_LIMIT) with the extractor's evidence and reasons, checked for shape.

    Both keys are optional in the extractor's output: absent means confident.
    """
    if isinstance(text, bytes):  # --encoding auto: the extractor guessed; this copy is for reading only
        text = text.decode("utf-8", errors="replace")
    digest = hashlib.sha256(text.encode("utf-8", errors="replace")).hexdigest()
    evidence = {}
    raw = fields.get("evidence")
    for name, found in raw.items() if isinstance(raw, dict) else ():
        if not isinstance(found, dict):
            continue
        try:
            confidence = min(1.0, max(0.0, float(found.get("confidence", 1.0))))
        except (TypeError, ValueError):
            confidence = None
        evidence[str(name)] = {
            "value": found.get("value"),
            "from": str(found.get("from") or "")[:200],
            "via": str(found.get("via") or "")[:100],
            "confidence": confidence,
        }
        others = found.get("others")
        if isinstance(others, list) and others:
            # The runners-up, for the editor to pick from (the title's only).
            evidence[str(name)]["others"] = [str(o)[:300] for o in others[:4] if str(o).strip()]
    reasons = fields.get("needs_review")
    reasons = [str(r)[:300] for r in reasons if str(r).strip()] if isinstance(reasons, list) else []
    cut = len(text) > PAGE_TEXT_LIMIT
    return PageData(
        text=text[:PAGE_TEXT_LIMIT], text_hash=digest, text_cut=cut, evidence=evidence, reasons=reasons
    )


class PageSource:
    """Pages under the given paths, as items; ``total`` is known up front for the progress bar.

    With ``jobs`` >= 1 and enough pages, pages are read and extracted in that many worker processes
    while this process stores the previous ones; items still come out in file order. With 0 they
    are read here.
    """

    name = "pages"

    def __init__(
        self,
        paths: Sequence[str],
        *,
        max_bytes: int,
        encoding: str = "utf-8",
        author: str | None = None,
        jobs: int = 0,
        learn: bool = True,
        pictures: bool = True,
    ):
        self.files = find_pages(paths)
        self.pictures = pictures
        self.folders = sorted((os.path.abspath(p) for p in paths if os.path.isdir(p)), key=len, reverse=True)
        self.total = len(self.files)
        self.notes: list[str] = []
        self.max_bytes, self.encoding, self.author, self.jobs = max_bytes, encoding, author, jobs
        self.learn = learn

    def _learn(self) -> dict[str, object]:
        """Each page's site profile (by path), learned from the pages of its site; notes say what."""
        from reelpress.ingest.importers.site_learning import learn_sites

        sites, profiles = learn_sites([p for p, error in self.files if not error], max_bytes=self.max_bytes)
        self.notes.extend(profile.summary() for profile in profiles.values())
        return {path: profiles[site] for path, site in sites.items() if site in profiles}

    def __iter__(self) -> Iterator[Item]:
        profiles = self._learn() if self.learn else {}
        roots = {path: self._root(path) for path, error in self.files if not error} if self.pictures else {}
        # Pictures three or more pages show are the site's (logos, banners): known before any page is read.
        chrome = chrome_files(roots.items(), self.max_bytes) if roots else frozenset()
        entries = [(path, error, profiles.get(path), roots.get(path)) for path, error in self.files]
        read = partial(
            _read_entry, max_bytes=self.max_bytes, encoding=self.encoding, author=self.author, chrome=chrome
        )
        if self.jobs < 1 or len(self.files) < PARALLEL_FROM:
            yield from map(read, entries)
            return
        # "spawn": a clean interpreter per worker (forking a process with a database connection and
        # a progress-bar thread is unsafe); this module imports nothing from Django, so that works.
        context = multiprocessing.get_context("spawn")
        with context.Pool(self.jobs, initializer=_quiet_on_interrupt) as pool:
            yield from _read_ahead(pool, read, entries, window=self.jobs * AHEAD_CHUNKS)

    def _root(self, path: str) -> str:
        """The folder given on the command line that holds ``path`` (pictures are read only inside
        it), or the page's own folder for a page named by itself."""
        full = os.path.abspath(path)
        for folder in self.folders:
            if full.startswith(folder + os.sep):
                return folder
        return os.path.dirname(full)


PARALLEL_FROM = 100  # below this, starting worker processes costs more than it saves
CHUNK = 16  # pages per task sent to a worker
AHEAD_CHUNKS = 4  # tasks waiting per worker, at most


def _read_ahead(pool, read, entries: list, *, window: int) -> Iterator[Item]:
    """``pool.imap(read, entries)`` with a bounded read-ahead, in order.

    Workers read faster than one process stores; imap would queue every page of the archive
    (with its text, for the import queue) in this process. Here at most ``window`` chunks wait.
    """
    pending: deque = deque()
    chunks = (entries[start : start + CHUNK] for start in range(0, len(entries), CHUNK))
    for chunk in chunks:
        pending.append(pool.apply_async(_read_chunk, (read, chunk)))
        if len(pending) >= window:
            yield from pending.popleft().get()
    while pending:
        yield from pending.popleft().get()


def _read_chunk(read, chunk: list) -> list[Item]:
    return [read(entry) for entry in chunk]


def _quiet_on_interrupt() -> None:
    # Ctrl-C is for the main process, which rolls back its batch and ends the pool; workers
    # printing their own tracebacks would only bury its message.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _read_entry(
    entry: tuple, *, max_bytes: int, encoding: str, author: str | None, chrome=frozenset()
) -> Item:
    path, error, site, root = entry
    if error:
        return Item(path, error=error)
    return read_page(
        path, max_bytes=max_bytes, encoding=encoding, author=author, site=site, root=root, chrome=chrome
    )
