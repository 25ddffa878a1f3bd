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
            if name == "csv":
                sub.add_argument(
                    "--bom", action="store_true", help="start with a UTF-8 byte-order mark (for Excel)"
                )

    def handle(self, *args, **options):
        kind = options["format"]
        writer = self._writer(kind)
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
        return None

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
