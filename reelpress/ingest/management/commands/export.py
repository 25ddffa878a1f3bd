"""``reelpress export json|csv|letterboxd``: every review out, to a file or standard output."""

from __future__ import annotations

import os
import sys
import tempfile

from django.core.management.base import BaseCommand, CommandError

FORMATS = {
    "json": ("every review as a list of records (the format `reelpress import json` reads)", ".json"),
    "csv": ("one row per review for spreadsheets; lists joined with '; '", ".csv"),
    "letterboxd": ("published reviews in Letterboxd's import CSV (Title, Year, Rating, ...)", ".csv"),
}


class Command(BaseCommand):
    help = "Export reviews: JSON records (lossless), a spreadsheet CSV, or a Letterboxd import CSV."

    def add_arguments(self, parser):
        formats = parser.add_subparsers(dest="format", required=True, metavar="FORMAT")
        for name, (text, _suffix) in FORMATS.items():
            sub = formats.add_parser(name, help=text)
            sub.add_argument(
                "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
            )
            if name == "json":
                sub.add_argument(
                    "--media",
                    metavar="DIR",
                    help="also copy every listed picture into DIR (under its listed path), "
                    "for `reelpress import json --media-dir DIR`",
                )
            if name == "csv":
                sub.add_argument(
                    "--bom", action="store_true", help="start with a UTF-8 byte-order mark (for Excel)"
                )

    def handle(self, *args, **options):
        kind = options["format"]
        writer = self._writer(kind)
        media = None
        if options.get("media"):
            from reelpress.ingest.exporters.json_export import MediaWriter

            folder = os.path.abspath(options["media"])
            if os.path.exists(folder) and not os.path.isdir(folder):
                raise CommandError(f"--media {options['media']}: not a folder")
            os.makedirs(folder, exist_ok=True)
            media = MediaWriter(folder)
            plain = writer

            def writer(out):
                return plain(out, media)

        output = options.get("output")
        # CSV is written with \r\n row ends by the csv module; newline="" keeps them as they are.
        newline = "" if kind != "json" else "\n"
        if not output or output == "-":
            stream = getattr(self.stdout, "_out", self.stdout)
            try:
                count = writer(stream)
                stream.flush()
            except BrokenPipeError:
                # The reader stopped early (`| head`): not an error worth a traceback.
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the exit-time flush quiet
                return None
        else:
            count = self._to_file(output, writer, newline, bom=options.get("bom", False))
            self.stderr.write(f"Exported {count} review(s) to {output}", style_func=lambda s: s)
        if media is not None:
            self._media_summary(media, options["media"])
        return None

    def _media_summary(self, media, folder: str) -> None:
        self.stderr.write(
            f"Pictures: {media.written} written to {folder}, {media.kept} already there",
            style_func=lambda s: s,
        )
        for problem in media.problems:
            self.stderr.write(f"warning: {problem}", style_func=lambda s: s)
        if media.problems:
            raise CommandError(f"{len(media.problems)} picture(s) could not be exported (see above)")

    @staticmethod
    def _writer(kind: str):
        if kind == "json":
            from reelpress.ingest.exporters.json_export import write_json

            return write_json
        if kind == "csv":
            from reelpress.ingest.exporters.csv_export import write_csv

            return write_csv
        from reelpress.ingest.exporters.letterboxd import write_letterboxd

        return write_letterboxd

    @staticmethod
    def _to_file(path: str, writer, newline: str, *, bom: bool) -> int:
        # Write beside the target and rename: a failed export never leaves half a file behind.
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise CommandError(f"{path}: the folder {folder} does not exist")
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8-sig" if bom else "utf-8", newline=newline) as out:
                count = writer(out)
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(temp, 0o666 & ~mask)  # as a plain open() would have made it (mkstemp uses 0600)
            os.replace(temp, path)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise
        return count
