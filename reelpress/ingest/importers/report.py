"""What an import shows: a rich progress bar while it runs, one line per failure, a summary table."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from reelpress.ingest.importers.batch import Outcome, Summary

SHOWN_PROBLEMS = 50  # rows of the problem table at normal verbosity


def progress_bar(console: Console, *, enabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
    )


def problem_line(console: Console, outcome: Outcome) -> None:
    """The one-line message of a failed item, as it happens (printed above the progress bar)."""
    console.print(f"error: {outcome.line()}", markup=False, highlight=False, soft_wrap=True)


def summary_table(console: Console, summary: Summary, *, notes: list[str], verbosity: int = 1) -> None:
    """The counts, then every skipped or failed item with its reason, then what was done."""
    for note in notes:
        console.print(f"note: {note}", markup=False, highlight=False, soft_wrap=True)
    would = "would be " if summary.dry_run else ""
    table = Table(title="Dry run (nothing stored)" if summary.dry_run else "Import summary")
    table.add_column("result")
    table.add_column("items", justify="right")
    labels = {
        "created": f"{would}created",
        "updated": f"{would}updated",
        "unchanged": "unchanged",
        "skipped": "skipped",
        "failed": "failed",
        "rolled back": "rolled back",
    }
    for action, label in labels.items():
        if summary.counts[action] or action in ("created", "updated", "unchanged", "skipped", "failed"):
            table.add_row(label, str(summary.counts[action]))
    console.print(table)
    problems = summary.problems
    if problems:
        shown = problems if verbosity >= 2 else problems[:SHOWN_PROBLEMS]
        if console.is_terminal:
            detail = Table(title="Items with a problem or a note", show_lines=False)
            detail.add_column("item", overflow="fold")
            detail.add_column("result")
            detail.add_column("reason", overflow="fold")
            for outcome in shown:
                detail.add_row(outcome.where, outcome.action, outcome.reason, style=_style(outcome.action))
            console.print(detail)
        else:
            # In a log or a pipe, one unwrapped line per item reads and greps better than a table.
            for outcome in shown:
                console.print(f"{outcome.action}: {outcome.line()}", markup=False, soft_wrap=True)
        if len(shown) < len(problems):
            console.print(f"… and {len(problems) - len(shown)} more (-v 2 lists them all)", highlight=False)
    rate = summary.total / summary.seconds if summary.seconds else 0.0
    console.print(f"{summary.total} items in {summary.seconds:.1f} s ({rate:.0f} items/s)", highlight=False)
    if summary.stopped_at is not None:
        console.print(
            f"Stopped at: {summary.stopped_at.line()}; "
            + (
                "the whole import was rolled back."
                if summary.atomic or summary.dry_run
                else f"its batch ({summary.counts['rolled back']} changes) was rolled back; "
                "earlier batches stay stored."
            ),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if summary.needs_look:
        from reelpress.ingest.queue import queue_url

        verb = "would need" if summary.dry_run else "need"
        console.print(
            f"{summary.needs_look} review(s) {verb} a look (title, year or film uncertain; kept as drafts): "
            f"{queue_url()}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if summary.dry_run:
        console.print("Dry run: everything above was rolled back; the database is unchanged.")


def _style(action: str) -> str:
    return {"failed": "red", "rolled back": "yellow"}.get(action, "")
