"""``reelpress pagecache``: say where the page cache is and what generation is live; ``--clear``
retires every cached page (after restoring a database, or editing rows outside Django)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from reelpress.pagecache import generation


class Command(BaseCommand):
    help = "Show the page cache's backend and generation; --clear retires every cached page."

    def add_arguments(self, parser):
        parser.add_argument("--clear", action="store_true", help="retire every cached page now")

    def handle(self, *args, clear=False, **options):
        backend = settings.CACHES[settings.PAGE_CACHE_ALIAS]
        self.stdout.write(f"Page cache: {'on' if settings.PAGE_CACHE else 'off'}, {backend['BACKEND']}")
        self.stdout.write(f"Location: {backend.get('LOCATION', '')}")
        if clear:
            self.stdout.write(f"Retired every cached page; generation now {generation.bump()}")
        else:
            self.stdout.write(f"Generation: {generation.current()}")
