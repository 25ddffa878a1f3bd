"""Helpers for the import and export tests: run the commands, snapshot the database, build pages."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WXR = FIXTURES / "wordpress" / "cinesavant.WordPress.2024-03-01.xml"
LETTERBOXD = FIXTURES / "letterboxd"


@dataclass
class Run:
    ok: bool  # False when the command raised CommandError (exit status 1 on the command line)
    out: str
    err: str
    error: str = ""

    @property
    def text(self) -> str:
        return self.out + self.err + self.error


def run_command(*args, **options) -> Run:
    """Run a management command as the CLI would, capturing its output and its failure."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err, **options)
    except CommandError as exc:
        return Run(False, out.getvalue(), err.getvalue(), str(exc))
    return Run(True, out.getvalue(), err.getvalue())


def snapshot() -> tuple[str, dict[str, int]]:
    """Everything stored, as the JSON export plus row counts: equal snapshots, unchanged database."""
    from reelpress.catalog.models import Credit, Film, Label, Person, Release
    from reelpress.ingest.exporters.json_export import write_json
    from reelpress.mail.models import Letter
    from reelpress.reviews.models import Author, Rating, Review, Tag

    buffer = io.StringIO()
    write_json(buffer)
    models = (Review, Film, Person, Label, Release, Credit, Author, Tag, Rating, Letter)
    return buffer.getvalue(), {m.__name__: m.objects.count() for m in models}


def cinesavant_page(
    title: str = "Them!",
    *,
    year: int = 1954,
    label: str = "Warner Archive Collection",
    disc: str = "Blu-ray",
    director: str = "Gordon Douglas",
    cast: tuple[str, ...] = ("James Whitmore", "Edmund Gwenn", "Joan Weldon", "James Arness"),
    cinematographer: str = "Sid Hickox",
    reviewer: str | None = "Glenn Erickson",
    source: str | None = None,
    movie: str = "Excellent",
) -> str:
    """A review page in the CineSavant text layout (../shared/formats/README.md)."""
    lines = [f"# source: {source}", ""] if source else []
    lines += [title, ""]
    if reviewer:
        lines += [f"by {reviewer} Jan 10, 2024", ""]
    lines += [
        f"A short teaser about {title}, and why it matters.",
        "",
        title,
        disc,
        label,
        f"{year} / B&W / 1:37 Academy / 94 min. / Street Date June 17, 2014 / Available from {label} / 21.99",
        f"Starring: {', '.join(cast)}.",
        f"Cinematography: {cinematographer}",
        "Directed by",
        director,
        "",
        f"{title} is a tight, serious picture that never winks at the audience.",
        "",
    ]
    if reviewer:
        lines.append(f"Reviewed by {reviewer}")
    lines += [
        f"{disc} rates:",
        f"Movie: {movie}",
        "Video: Very Good",
        "Supplements: Trailer (2 min.)",
        "Packaging: One Blu-ray in Keep case",
        "January 10, 2024",
    ]
    return "\n".join(lines) + "\n"


def letterboxd_zip(path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A Letterboxd export zip: the fixture CSVs (or ``files``) at the top of the archive."""
    if files is None:
        files = {p.name: p.read_bytes() for p in sorted(LETTERBOXD.glob("*.csv"))}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def summary_count(output: str, label: str) -> int:
    """The number in the summary table's row for ``label`` ("created", "would be created", ...)."""
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if len(cells) == 2 and cells[0] == label:
            return int(cells[1])
    raise AssertionError(f"no {label!r} row in:\n{output}")
