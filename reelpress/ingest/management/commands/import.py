"""``reelpress import pages|wordpress|letterboxd|json``: bring an archive in through ``store.save``.

Every source shares the runner in ``ingest.importers.batch`` (batched transactions, dry run,
stop on error) and the report in ``ingest.importers.report`` (progress bar, summary table).
The exit status is non-zero when any item failed.
"""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from reelpress.ingest.importers import report
from reelpress.ingest.importers.batch import Outcome, run
from reelpress.ingest.importers.files import MB

# Largest input file accepted by default, per source (--max-size overrides). Pages are read
# whole; WordPress, JSON and Letterboxd files are read as streams, a record at a time, so their
# limits are about how long an import may run, not memory.
DEFAULT_MAX_MB = {"pages": 20, "wordpress": 2048, "letterboxd": 200, "json": 2048}
PAGE_MAX_MB = 20  # one WordPress post body, like one page file
DEFAULT_JOBS = max(0, min(2, (os.cpu_count() or 1) - 1))


def _stream(wrapper):
    # Django's OutputWrapper adds newlines and colours to every write; rich needs the raw stream.
    return getattr(wrapper, "_out", wrapper)


class Command(BaseCommand):
    help = (
        "Import reviews: legacy pages (files and folders), a WordPress export (WXR), a Letterboxd "
        "export zip, or JSON records as `reelpress export json` writes them."
    )

    def add_arguments(self, parser):
        sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
        pages = sources.add_parser("pages", help="review pages: .txt, .html, .htm files and folders of them")
        pages.add_argument(
            "paths", nargs="+", metavar="PATH", help="page files and folders (searched recursively)"
        )
        pages.add_argument(
            "--jobs",
            type=int,
            default=DEFAULT_JOBS,
            help="worker processes that read and extract pages while this one stores them "
            f"(default {DEFAULT_JOBS}: one less than the CPUs, at most 2, as storing is the slower half; "
            "0 reads them here)",
        )
        pages.add_argument(
            "--no-pictures",
            action="store_true",
            help="leave out the pictures beside the pages (relative <img src>; site chrome is never taken)",
        )
        pages.add_argument(
            "--encoding",
            default="utf-8",
            help="text encoding of pages without a byte-order mark or <meta charset> (default utf-8; "
            "'auto' guesses UTF-8, then Windows-1252)",
        )
        wordpress = sources.add_parser("wordpress", help="a WordPress export file (WXR, .xml)")
        wordpress.add_argument("file", metavar="EXPORT.xml")
        wordpress.add_argument(
            "--comments", action="store_true", help="store approved comments as published reader letters"
        )
        wordpress.add_argument(
            "--post-types",
            default="post",
            help="comma-separated WordPress post types to import (default: post)",
        )
        wordpress.add_argument(
            "--media-dir",
            metavar="DIR",
            help="the site's uploads folder (wp-content/uploads, holding YYYY/MM/...): each post's "
            "featured image and the pictures in its body are taken from there",
        )
        letterboxd = sources.add_parser("letterboxd", help="a Letterboxd account export (.zip)")
        letterboxd.add_argument("file", metavar="EXPORT.zip")
        records = sources.add_parser("json", help="JSON records, as `reelpress export json` writes")
        records.add_argument("file", metavar="FILE.json")
        records.add_argument(
            "--media-dir",
            metavar="DIR",
            help="the folder `reelpress export json --media DIR` wrote: pictures are read from there",
        )
        for name, sub in (
            ("pages", pages),
            ("wordpress", wordpress),
            ("letterboxd", letterboxd),
            ("json", records),
        ):
            self._common(sub, DEFAULT_MAX_MB[name])

    @staticmethod
    def _common(parser, max_mb: int) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, store nothing (rolled back)"
        )
        parser.add_argument(
            "--stop-on-error",
            action="store_true",
            help="stop at the first failed item and roll back its batch (with --atomic: everything)",
        )
        parser.add_argument(
            "--atomic",
            action="store_true",
            help="one transaction for the whole import instead of one per batch",
        )
        parser.add_argument(
            "--batch-size", type=int, default=200, help="records per transaction (default 200)"
        )
        parser.add_argument(
            "--max-size",
            type=float,
            default=max_mb,
            metavar="MB",
            help=f"refuse input files larger than this many megabytes (default {max_mb})",
        )
        parser.add_argument("--author", help="the reviewer for reviews that name none")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        source = self._source(options)
        out = Console(file=_stream(self.stdout), highlight=False)
        err = Console(file=_stream(self.stderr), highlight=False, stderr=True)
        bar = report.progress_bar(err, enabled=err.is_terminal and not options["no_progress"])
        verb = "Checking" if options["dry_run"] else "Importing"
        with bar:
            task = bar.add_task(f"{verb} {source.name}", total=source.total or None)

            def advance(outcome: Outcome) -> None:
                if outcome.action == "failed":
                    report.problem_line(err, outcome)
                bar.advance(task)

            summary = run(
                source,
                dry_run=options["dry_run"],
                stop_on_error=options["stop_on_error"],
                atomic=options["atomic"],
                batch_size=options["batch_size"],
                on_outcome=advance,
            )
        if options["verbosity"] > 0:  # -v 0: only the error lines (on standard error)
            report.summary_table(out, summary, notes=source.notes, verbosity=options["verbosity"])
        if not summary.ok:
            stopped = f"; stopped at {summary.stopped_at.where}" if summary.stopped_at else ""
            raise CommandError(f"{summary.failed} item(s) failed{stopped} (see the messages above)")

    @staticmethod
    def _folder(path: str | None) -> str | None:
        if not path:
            return None
        if not os.path.isdir(path):
            raise CommandError(f"--media-dir {path}: no such folder")
        return path

    def _source(self, options):
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        if options["max_size"] <= 0:
            raise CommandError("--max-size must be a positive number of megabytes")
        max_bytes = int(options["max_size"] * MB)
        author = (options.get("author") or "").strip() or None
        kind = options["source"]
        if kind == "pages":
            from reelpress.ingest.importers.pages import PageSource

            encoding = options["encoding"]
            if encoding != "auto":
                import codecs

                try:
                    codecs.lookup(encoding)
                except LookupError:
                    raise CommandError(f"--encoding {encoding!r}: unknown encoding") from None
            return PageSource(
                options["paths"],
                max_bytes=max_bytes,
                encoding=encoding,
                author=author,
                jobs=options["jobs"],
                pictures=not options["no_pictures"],
            )
        if kind == "wordpress":
            from reelpress.ingest.importers.wordpress import WordPressSource

            types = tuple(t.strip() for t in options["post_types"].split(",") if t.strip()) or ("post",)
            return WordPressSource(
                options["file"],
                max_bytes=max_bytes,
                page_bytes=PAGE_MAX_MB * MB,
                author=author,
                post_types=types,
                comments=options["comments"],
                media_dir=self._folder(options.get("media_dir")),
            )
        if kind == "letterboxd":
            from reelpress.ingest.importers.letterboxd import LetterboxdSource

            return LetterboxdSource(options["file"], max_bytes=max_bytes, author=author)
        from reelpress.ingest.importers.json_import import JsonSource

        media_dir = self._folder(options.get("media_dir"))
        return JsonSource(options["file"], max_bytes=max_bytes, author=author, media_dir=media_dir)
