"""``reelpress export letterboxd``: published reviews in Letterboxd's import CSV format.

Columns Title, Year, Directors, Rating (0.5-5 in half stars, from the Movie axis), WatchedDate
(the review date), Rewatch, Tags and Review (Letterboxd's small HTML subset: b, i, a, blockquote).
Drafts and reviews scheduled for later are left out: this is for posting, not for backup.
"""

from __future__ import annotations

import csv
import math
import re
from typing import TextIO

import nh3
from markdown_it import MarkdownIt

from reelpress.ingest.export import record_from_review, review_queryset
from reelpress.ingest.exporters.json_export import by_slug
from reelpress.reviews.scales import normalise

COLUMNS = ["Title", "Year", "Directors", "Rating", "WatchedDate", "Rewatch", "Tags", "Review"]
FILM_AXES = ("movie", "film", "film/program", "overall")
_markdown = MarkdownIt("commonmark")


def star_rating(ratings: dict[str, str]) -> str:
    """The film's rating in Letterboxd half stars ("4.5"), or "" when there is none to convert."""
    value = next((v for axis, v in ratings.items() if axis.strip().lower() in FILM_AXES), None)
    if value is None and len(ratings) == 1:
        value = next(iter(ratings.values()))
    score = normalise(value)
    if score is None:
        return ""
    halves = min(10, max(1, math.floor(score / 10 + 0.5)))
    return f"{halves / 2:g}"


def review_html(body: str | None) -> str:
    """Markdown to the HTML Letterboxd accepts in a review; paragraphs become blank lines."""
    if not body:
        return ""
    rendered = _markdown.render(body)
    rendered = re.sub(r"<(/?)strong>", r"<\1b>", rendered)
    rendered = re.sub(r"<(/?)em>", r"<\1i>", rendered)
    rendered = re.sub(r"</p>\s*", "\n\n", rendered)
    cleaned = nh3.clean(
        rendered, tags={"b", "i", "a", "blockquote"}, attributes={"a": {"href"}}, link_rel=None
    )
    return re.sub(r"\n{3,}", "\n\n", cleaned).strip()


def write_letterboxd(out: TextIO) -> int:
    """Write the Letterboxd import CSV to ``out``; return the number of rows."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    # Letterboxd reads the file as a diary: oldest first.
    for review in review_queryset().public().order_by("published_at", by_slug()).iterator(chunk_size=500):
        record = record_from_review(review)
        writer.writerow(
            [
                record.title,
                record.year or "",
                ", ".join(record.directors),
                star_rating(record.ratings),
                record.review_date or "",
                "",
                ", ".join(record.tags),
                review_html(record.body),
            ]
        )
        count += 1
    return count
