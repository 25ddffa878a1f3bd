"""`reelpress reindex`: rebuild the search index from the reviews, with a progress bar and a summary.

The live index keeps answering while the new one is built (see ``search.index.rebuild``).
``--status`` reports the index's health; ``--if-needed`` rebuilds only when it is poor, for a
nightly cron job.
"""

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from reelpress.search.backends import backend_for
from reelpress.search.backends.base import RebuildError
from reelpress.search.index import BATCH, RETIRED_SHARE, SEGMENTS, health, rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from every non-draft review (searches go on meanwhile)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            type=int,
            default=BATCH,
            help=f"Reviews per transaction, at least (default {BATCH}; more past {SEGMENTS} transactions)",
        )
        parser.add_argument(
            "--status", action="store_true", help="Only report the index's health; change nothing"
        )
        parser.add_argument(
            "--if-needed",
            action="store_true",
            # argparse formats help with %: the percent sign is doubled.
            help=f"Rebuild only if reviews are missing from the index or over {RETIRED_SHARE * 100:.0f} %% "
            "of its entries are retired (edited or deleted reviews' old entries)",
        )

    def handle(self, *args, batch, status, if_needed, **options):
        console = Console(file=self.stdout, stderr=False)
        if status or if_needed:
            report = health()
            console.print(
                f"Index: {report.entries:,} entries for {report.indexable:,} indexable reviews; "
                f"{report.retired:,} retired entries ({report.retired_share:.1%}); "
                f"{report.index_bytes / 1e6:,.1f} MB. "
                + ("A rebuild is recommended." if report.needs_rebuild else "No rebuild needed."),
                soft_wrap=True,
            )
            if status or not report.needs_rebuild:
                return
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("Indexing reviews", total=None)
            merge_task = None

            def step(done, total):
                progress.update(task, completed=done, total=total)

            def merging(steps):  # compaction: the number of steps is not known in advance
                nonlocal merge_task
                if merge_task is None:
                    merge_task = progress.add_task("Merging index segments (steps)", total=None)
                progress.update(merge_task, completed=steps)

            try:
                summary = rebuild(batch=max(1, batch), progress=step, merging=merging)
            except RebuildError as exc:  # nothing was changed: say why, no traceback
                raise CommandError(str(exc)) from exc
        console.print(
            f"Indexed {summary.indexed:,} reviews ({summary.skipped:,} drafts skipped) "
            f"in {summary.seconds:.1f} s, {summary.rate:,.0f} reviews/s (the new index answered "
            f"searches after {summary.live_seconds:.1f} s, {summary.live_rate:,.0f} reviews/s); "
            f"{summary.repaired:,} reviews saved or deleted meanwhile brought up to date. "
            f"Index size: {backend_for().index_size() / 1e6:,.1f} MB.",
            soft_wrap=True,
        )
        if summary.phases:
            console.print(
                "Seconds per step: " + ", ".join(f"{name} {s:.1f}" for name, s in summary.phases.items()),
                soft_wrap=True,
            )
        prepared = f"{summary.workers} worker processes" if summary.workers else "the writing process alone"
        console.print(f"Documents read and prepared by {prepared}.", soft_wrap=True)
