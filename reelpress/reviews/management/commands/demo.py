"""``reelpress demo``: load the demo publication (authors, reviews, column updates, and the pictures
it draws for them) through store.save."""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rich.progress import Progress

from reelpress.images.models import Image
from reelpress.ingest.record import ReviewRecord
from reelpress.ingest.store import author_for, save
from reelpress.lib.text import unique_slug
from reelpress.reviews.demo import pictures as draw
from reelpress.reviews.models import Column, ColumnEntry, Review

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "demo.json"


def status_counts(reviews) -> dict[str, int]:
    """How many of ``reviews`` readers see now, are drafts, or wait for their publication time."""
    counts = {"published": 0, "draft": 0, "scheduled": 0}
    for review in reviews:
        if review.status == Review.Status.DRAFT:
            counts["draft"] += 1
        else:
            counts["published" if review.is_public else "scheduled"] += 1
    return counts


class Command(BaseCommand):
    help = "Load the demo content: critics, reviews of real films, column updates."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when reviews already exist")
        pictures = parser.add_mutually_exclusive_group()
        pictures.add_argument(
            "--no-pictures",
            action="store_true",
            help="Leave out the covers, captures and portraits drawn for it",
        )
        pictures.add_argument(
            "--pictures-only",
            action="store_true",
            help="Only draw and add the pictures of demo reviews already loaded (one review at a time, "
            "so a running site shows them as they come; `make run` does this beside the server)",
        )

    def handle(self, *args, if_empty=False, no_pictures=False, pictures_only=False, **options):
        pictures = not no_pictures
        if pictures_only:
            return self._pictures_only()
        if if_empty and Review.objects.exists():
            self.stdout.write("The database already has reviews: demo content not loaded.")
            return
        try:
            data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise CommandError(f"{DEMO_FILE}: cannot read the demo content ({err})") from err
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        reviews = []
        with transaction.atomic():
            for author in data.get("authors", []):
                row = author_for(author["name"])
                row.bio, row.email = author.get("bio", ""), author.get("email", "")
                row.save()
            with Progress(transient=True) as progress:
                task = progress.add_task("Loading demo reviews", total=len(data["reviews"]))
                pictured: set[str] = set()
                for item in data["reviews"]:
                    record = ReviewRecord.from_dict(item)
                    if pictures:
                        # Drawn now (reviews/demo/pictures.py); the critic's portrait with their first review.
                        record.images = draw.pictures_for(item, item.get("reviewer") not in pictured)
                        pictured.add(item.get("reviewer"))
                    result = save(record)
                    counts[result.action] += 1
                    reviews.append(result.review)
                    progress.advance(task)
            for col in data.get("columns", []):
                self._column(col)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {counts['created']} reviews created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged; {len(data.get('columns', []))} column updates."
            )
        )
        # The site lists only the public ones: say so, or "28 created" and 27 on the site looks like a loss.
        states = status_counts(reviews)
        self.stdout.write(
            f"Of the {len(reviews)} demo reviews, {states['published']} are published (on the site now), "
            f"{states['draft']} {'is a draft' if states['draft'] == 1 else 'are drafts'} and "
            f"{states['scheduled']} {'is' if states['scheduled'] == 1 else 'are'} scheduled for later "
            "(both shown only in the admin until published)."
        )

    def _pictures_only(self):
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        items = [item for item in data["reviews"] if item.get("slug")]
        present = set(
            Review.objects.filter(slug__in=[i["slug"] for i in items]).values_list("slug", flat=True)
        )
        if not present:
            self.stdout.write("No demo reviews in the database: run `reelpress demo` first.")
            return
        if Image.objects.filter(review__slug__in=present).exists():
            self.stdout.write("The demo reviews have their pictures already.")
            return
        pictured: set[str] = set()
        added = 0
        for item in items:
            if item["slug"] not in present:
                continue
            record = ReviewRecord.from_dict(item)
            record.images = draw.pictures_for(item, item.get("reviewer") not in pictured)
            pictured.add(item.get("reviewer"))
            with transaction.atomic():  # one review at a time: a running site is never kept waiting
                save(record)
            added += len(record.images)
        self.stdout.write(self.style.SUCCESS(f"Demo pictures: {added} drawn and stored."))

    def _column(self, col):
        date = dt.date.fromisoformat(col["date"])
        column = Column.objects.filter(date=date, title=col["title"]).first()
        if column is None:
            column = Column(date=date, title=col["title"], slug=unique_slug(Column, f"{date} {col['title']}"))
        column.notes = col.get("notes", "")
        column.author = author_for(col["author"]) if col.get("author") else None
        column.save()
        column.entries.all().delete()
        reviews = {r.slug: r for r in Review.objects.filter(slug__in=col.get("reviews", []))}
        ColumnEntry.objects.bulk_create(
            ColumnEntry(column=column, review=reviews[slug], order=n)
            for n, slug in enumerate(col.get("reviews", []))
            if slug in reviews
        )
