"""``reelpress backup``: a consistent copy of the database and the pictures while the site runs.

One tar file (not compressed: pictures are compressed already) holding ``reelpress-backup.json``
(what is inside and how to restore it), the database copy (``database.sqlite3`` from SQLite's
online backup API, or ``database.dump`` from ``pg_dump -Fc``) and ``media/`` (every file of the
media storage, local or S3, under its storage name). The database is copied first: picture files
are named by their content and never overwritten, so every file a row of the copy names is
still there when the media is read. ``--database-only`` writes the database copy alone.
"""

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from rich.progress import Progress

MANIFEST = "reelpress-backup.json"
FORMAT = 1


def media_files(storage=None, folder: str = ""):
    """Every file name in the media storage, sorted, walking folders through the storage API."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from media_files(storage, f"{folder}/{sub}" if folder else sub)


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and the media (pictures) into one "
        "tar file, while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="File to write (default: data/backups/reelpress-<time>.tar)"
        )
        parser.add_argument(
            "--database-only",
            action="store_true",
            help="write only the database copy (.sqlite3 or pg_dump's .dump), without the pictures",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, output=None, database_only=False, no_progress=False, **options):
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        vendor = connection.vendor
        suffix = "sqlite3" if vendor == "sqlite" else "dump"
        default = f"reelpress-{stamp}.{suffix if database_only else 'tar'}"
        target = Path(output) if output else settings.DATA_DIR / "backups" / default
        target.parent.mkdir(parents=True, exist_ok=True)
        if database_only:
            restore = self._database(target, vendor)
            size = target.stat().st_size
            self.stdout.write(self.style.SUCCESS(f"Backed up to {target} ({size:,} bytes)."))
            self.stdout.write(f"To restore: {restore}.")
            return
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".backup-", suffix=".tmp")
        os.close(handle)
        database = Path(temp + f".{suffix}")
        try:
            self._database(database, vendor)
            count, total = self._tar(Path(temp), database, f"database.{suffix}", vendor, no_progress)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        finally:
            database.unlink(missing_ok=True)
        size = target.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up to {target} ({size:,} bytes): the database and {count:,} media files."
            )
        )
        self.stdout.write(f"To restore: {restore_text(target, vendor)}.")

    def _database(self, target: Path, vendor: str) -> str:
        """Copy the database to ``target``; return how to restore that copy alone."""
        db = connection.settings_dict
        if vendor == "sqlite":
            connection.ensure_connection()
            dest = sqlite3.connect(target)
            with dest:
                connection.connection.backup(dest)  # page by page, one consistent snapshot
            dest.close()
            # The search index is a file of its own, derived from the reviews: rebuilt, not backed up.
            return f"stop the site, copy {target} over {db['NAME']}, then run `reelpress reindex`"
        if vendor == "postgresql":
            if not shutil.which("pg_dump"):
                raise CommandError("pg_dump is not installed: apt-get install postgresql-client")
            env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
            cmd = ["pg_dump", "-Fc", "-f", str(target), "-h", db.get("HOST") or "localhost"]
            cmd += ["-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres", db["NAME"]]
            result = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if result.returncode:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
            return f"pg_restore --clean -d <database> {target}"
        raise CommandError(f"backup does not know the {vendor} database")

    def _tar(self, path: Path, database: Path, database_name: str, vendor: str, quiet: bool):
        names = list(media_files())
        with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
            manifest = {
                "format": FORMAT,
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": {"vendor": vendor, "file": database_name},
                "media": {"folder": "media/", "files": len(names)},
                "restore": "docs/operations.md, Backups",
            }
            data = (json.dumps(manifest, indent=2) + "\n").encode()
            _add_bytes(tar, MANIFEST, data)
            tar.add(database, arcname=database_name)
            total = 0
            with Progress(transient=True, disable=quiet or not self.stderr.isatty()) as progress:
                task = progress.add_task("Backing up pictures", total=len(names))
                for name in names:
                    try:
                        with default_storage.open(name, "rb") as source:
                            size = default_storage.size(name)
                            info = tarfile.TarInfo(f"media/{name}")
                            info.size, info.mode = size, 0o644
                            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
                            tar.addfile(info, source)
                            total += size
                    except FileNotFoundError:
                        pass  # deleted while the backup ran: its row is gone from the copy too
                    progress.advance(task)
        return len(names), total


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o644
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def restore_text(target: Path, vendor: str) -> str:
    db = connection.settings_dict
    media = getattr(settings, "MEDIA_ROOT", "") or "the media storage"
    if vendor == "sqlite":
        database = f"copy database.sqlite3 over {db['NAME']}"
    else:
        database = "pg_restore --clean -d <database> database.dump"
    return (
        f"stop the site, `tar -xf {target}` in an empty folder, {database}, copy media/ into {media}, "
        "then run `reelpress reindex` (docs/operations.md, Backups)"
    )
