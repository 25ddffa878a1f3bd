"""``reelpress serve``: run the site with gunicorn on 127.0.0.1:$PORT (default 8000)."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with gunicorn (binds 127.0.0.1:$PORT, default 8000)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))

    def handle(self, *args, host, port, workers, **options):
        bind = f"{host}:{port}"
        self.stdout.write(f"ReelPress serving on http://{bind}/ ({workers} workers). Ctrl-C stops it.")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "reelpress.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        sys.stdout.flush()
        # The workers' settings read these: links in emails name the address actually served.
        os.environ["HOST"], os.environ["PORT"] = str(host), str(port)
        os.execv(sys.executable, argv)  # noqa: S606 -- replace this process: signals go straight to gunicorn
