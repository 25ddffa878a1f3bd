"""``reelpress counts``: how many figures the tallies hold; ``--check`` compares them with a full
recount, ``--rebuild`` writes them again from one."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from reelpress.counts import recount
from reelpress.counts.models import Tally


class Command(BaseCommand):
    help = "The archive's figures kept by triggers: --check them against a recount, or --rebuild them."

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group()
        what.add_argument(
            "--check", action="store_true", help="recount everything; exit 1 naming each figure that differs"
        )
        what.add_argument("--rebuild", action="store_true", help="write every figure again from a recount")

    def handle(self, *args, check=False, rebuild=False, **options):
        if rebuild:
            written = recount.rebuild()
            self.stdout.write(f"Rebuilt the tallies: {written:,} rows from a full recount.")
            return
        if check:
            missing = recount.missing_triggers()
            if missing:
                raise CommandError(
                    f"the tallies' triggers {', '.join(missing)} are missing (a migration rebuilt their "
                    "table); `reelpress migrate` puts them back and recounts"
                )
            differ = recount.differences()
            for figure, kept, counted in differ:
                self.stderr.write(f"{recount.describe(figure)}: tally {kept:,}, recount {counted:,}")
            if differ:
                raise CommandError(
                    f"{len(differ):,} figure(s) differ from a recount; "
                    "`reelpress counts --rebuild` writes them again"
                )
            self.stdout.write("Every tally equals a full recount.")
            return
        kinds = Tally.objects.exclude(n=0).values_list("kind").annotate(rows=Count("id")).order_by("kind")
        for kind, rows in kinds:
            self.stdout.write(f"{kind:10} {rows:,} figures")
