"""``reelpress images``: make the renditions pictures are missing (or all of them), and tidy
the media folder of files no picture uses."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from reelpress.images import conf
from reelpress.images.maintenance import rebuild, unused_files
from reelpress.ingest.importers.report import progress_bar


class Command(BaseCommand):
    help = "Make pictures' renditions (widths and formats): those missing, or --all; --prune unused files"

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--missing",
            action="store_true",
            help="Pictures without renditions, with other widths or formats than the settings ask for, "
            "or with a file gone (the default)",
        )
        which.add_argument("--all", action="store_true", help="Every picture, made again")
        parser.add_argument("--prune", action="store_true", help="Delete media files no picture refers to")
        parser.add_argument(
            "--dry-run", action="store_true", help="With --prune: list the files, delete none"
        )

    def handle(self, *args, all, prune, dry_run, **options):
        console = Console(file=self.stdout, stderr=False)
        with progress_bar(console, enabled=True) as progress:
            task = progress.add_task("Making renditions", total=None)
            summary = rebuild(
                everything=all,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
        widths = ", ".join(str(w) for w in conf.widths())
        console.print(
            f"Checked {summary.checked:,} pictures; made the renditions of {summary.made:,} "
            f"({summary.files:,} files: widths up to {widths}, formats {', '.join(conf.formats())}) "
            f"in {summary.seconds:.1f} s; {len(summary.failed):,} failed.",
            soft_wrap=True,
        )
        for line in summary.failed:
            console.print(f"  failed: {line}", soft_wrap=True, markup=False)
        if prune:
            names = unused_files()
            for name in names:
                if dry_run:
                    console.print(f"  unused: {name}", soft_wrap=True, markup=False)
                else:
                    default_storage.delete(name)
            verb = "would delete" if dry_run else "deleted"
            console.print(f"Unused files: {len(names):,} ({verb}).")
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} pictures could not be made: see above.")
