"""`reelpress reindex`: rebuild the search index from the reviews, with a progress bar and a summary."""

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from reelpress.search.index import BATCH, rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from every non-draft review."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=BATCH, help=f"Reviews per transaction (default {BATCH})"
        )

    def handle(self, *args, batch, **options):
        console = Console(file=self.stdout, stderr=False)
        with Progress(
            TextColumn("Indexing reviews"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("index", total=None)

            def step(done, total):
                progress.update(task, completed=done, total=total)

            summary = rebuild(batch=max(1, batch), progress=step)
        console.print(
            f"Indexed {summary.indexed:,} reviews ({summary.skipped:,} drafts skipped) "
            f"in {summary.seconds:.1f} s, {summary.rate:,.0f} reviews/s; "
            f"index {summary.index_bytes / 1e6:,.1f} MB."
        )
