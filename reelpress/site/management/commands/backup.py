"""``reelpress backup``: a consistent copy of the database while the site runs."""

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Back up the database: SQLite through its online backup API, PostgreSQL through pg_dump."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: data/backups/reelpress-<time>.*)")

    def handle(self, *args, output=None, **options):
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        vendor = connection.vendor
        suffix = "sqlite3" if vendor == "sqlite" else "dump"
        target = Path(output) if output else settings.DATA_DIR / "backups" / f"reelpress-{stamp}.{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        db = connection.settings_dict
        if vendor == "sqlite":
            connection.ensure_connection()
            dest = sqlite3.connect(target)
            with dest:
                connection.connection.backup(dest)  # page by page, one consistent snapshot
            dest.close()
            # The search index is a file of its own, derived from the reviews: rebuilt, not backed up.
            restore = f"stop the site, copy {target} over {db['NAME']}, then run `reelpress reindex`"
        elif vendor == "postgresql":
            if not shutil.which("pg_dump"):
                raise CommandError("pg_dump is not installed: apt-get install postgresql-client")
            env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
            cmd = ["pg_dump", "-Fc", "-f", str(target), "-h", db.get("HOST") or "localhost"]
            cmd += ["-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres", db["NAME"]]
            result = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if result.returncode:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
            restore = f"pg_restore --clean -d <database> {target}"
        else:
            raise CommandError(f"backup does not know the {vendor} database")
        size = target.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target} ({size:,} bytes)."))
        self.stdout.write(f"To restore: {restore}.")
