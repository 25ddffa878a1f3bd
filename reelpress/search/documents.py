"""What the index holds for one review, built in batches with a few flat queries (no per-row ORM work)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from reelpress.catalog.models import AlternateTitle, AudioTrack, Credit, Extra, Film, Release, SubtitleTrack
from reelpress.lib.text import make_slug
from reelpress.reviews.models import Author, Review
from reelpress.search.text import folded, token_string, tokens

# Facets shown on result pages, in display order, with the one-letter code of their filter token.
FACETS = {"format": "f", "label": "l", "decade": "d", "director": "r", "verdict": "v", "author": "a"}
FACET_LABELS = {
    "format": "Format",
    "label": "Label",
    "decade": "Decade",
    "director": "Director",
    "verdict": "Verdict",
    "author": "Critic",
}
# Filter tokens start with a private-use character, which the query tokenizer never produces:
# no word a reader types can match (or be confused with) a filter token.
KEY_MARK = "\ue000"
ALL_TOKEN = KEY_MARK + "all"  # every indexed review carries it: lets "-word" alone and browse pages match

# Indexed text fields, in column order; "keys" holds filter tokens, "body" the prose.
HEAD_FIELDS = ("title", "directors", "credits", "label", "format", "verdict", "author", "facts")
TIERS = {"title": ("title",), "people": ("directors", "credits"), "facts": HEAD_FIELDS[3:]}

_EPOCH_OFFSET = 1 << 31
_SEQ_BITS = 20


@lru_cache(maxsize=1 << 14)
def key_token(facet: str, value: str) -> str:
    """The filter token of a facet value: "format", "blu-ray" -> "fbluray"."""
    return KEY_MARK + FACETS[facet] + "".join(c for c in value.lower() if c.isascii() and c.isalnum())


@lru_cache(maxsize=1 << 16)
def _vocab_terms(word: str) -> tuple[tuple[str, str], ...]:
    """A title or name word's did-you-mean terms (the same names recur across thousands of reviews)."""
    found = tokens(word)
    printed = word.strip(".,:;!?()\"'")
    kept = [term for term in found if len(term) >= 3 and not term.isdigit()]
    return tuple((term, printed if len(found) == 1 else term) for term in kept)


@lru_cache(maxsize=1 << 10)
def _slug(value: str) -> str:
    return make_slug(value)


def year_token(year: int) -> str:
    return f"{KEY_MARK}y{year}"


def docid_base(when: dt.datetime) -> int:
    """Doc ids sort by publication time: the seconds sit above a per-second sequence number."""
    return (int(when.timestamp()) + _EPOCH_OFFSET) << _SEQ_BITS


def now_key(now: dt.datetime) -> int:
    """The largest doc id a review published by ``now`` can have."""
    return docid_base(now) + (1 << _SEQ_BITS) - 1


def docid_range(base: int) -> tuple[int, int]:
    return base, base + (1 << _SEQ_BITS) - 1


@dataclass
class Doc:
    review_id: int
    slug: str
    published: dt.datetime
    fields: dict[str, list[str]]
    keys: list[str]
    body: str
    facets: list[tuple[str, str, str]]
    display: str
    people_display: list[tuple[str, str]] = field(default_factory=list)
    vocab: list[str] = field(default_factory=list)  # title and name words, as printed
    backend_data: dict = field(default_factory=dict)  # an engine's own derived values (Backend.prepare)

    # A Doc is never changed once built, so its derived texts are cached: the bulk rebuild works
    # them out in its worker processes (``prepare``) while the writer is busy inside the database.

    @cached_property
    def titles(self) -> str:
        return token_string(self.fields["title"])

    @cached_property
    def people(self) -> str:
        return token_string(self.fields["credits"])

    @cached_property
    def facts(self) -> str:
        return token_string([v for name in TIERS["facts"] for v in self.fields[name]])

    @property
    def facet_text(self) -> str:
        return "\n".join(f"{facet}\t{slug}\t{label}" for facet, slug, label in self.facets)

    @property
    def people_text(self) -> str:
        return "\n".join(f"{slug}\t{name}" for slug, name in self.people_display)

    def text(self, name: str) -> str:
        return "\n".join(self.fields[name])

    @cached_property
    def digest(self) -> str:
        parts = [str(self.published.timestamp()), self.slug, self.display, self.body, self.facet_text]
        parts += [self.text(name) for name in HEAD_FIELDS] + self.keys + [self.people_text]
        return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()

    @cached_property
    def folded_fields(self) -> dict[str, str]:
        """Each indexed field as folded words, its values separated by " , " (what a full-text index gets)."""
        return {name: " , ".join(folded(v) for v in self.fields[name]) for name in HEAD_FIELDS}

    @cached_property
    def folded_body(self) -> str:
        # ASCII prose needs no folding beyond the index's own lower-casing; anything else is
        # pre-folded with the tokenizer the queries use, so both sides agree on every accent.
        return self.body if self.body.isascii() else folded(self.body)

    @cached_property
    def vocab_terms(self) -> list[tuple[str, str]]:
        """(folded term, as printed) for each did-you-mean word in the titles and names."""
        return [pair for word in self.vocab for pair in _vocab_terms(word)]

    def prepare(self) -> Doc:
        """Work out every derived text now (in a rebuild's worker process); returns the doc."""
        for name in ("titles", "people", "facts", "digest", "folded_fields", "folded_body", "vocab_terms"):
            getattr(self, name)
        return self


def _group(rows, key):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def indexable(queryset=None):
    """Reviews that belong in the index: everything but drafts (scheduled ones are hidden at query time)."""
    return (queryset if queryset is not None else Review.objects.all()).exclude(status=Review.Status.DRAFT)


def build_docs(review_ids) -> list[Doc]:
    """Index documents for the given reviews (drafts and missing ids are left out)."""
    reviews = list(
        indexable(Review.objects.filter(pk__in=list(review_ids))).values(
            "id",
            "slug",
            "headline",
            "published_at",
            "blurb",
            "body",
            "verdict",
            "film_id",
            "release_id",
            "author_id",
        )
    )
    if not reviews:
        return []
    film_ids = {r["film_id"] for r in reviews}
    release_ids = {r["release_id"] for r in reviews if r["release_id"]}
    films = {f["id"]: f for f in Film.objects.filter(pk__in=film_ids).values()}
    alternates = _group(
        AlternateTitle.objects.filter(film_id__in=film_ids).values("film_id", "title"), "film_id"
    )
    credits = _group(
        Credit.objects.filter(film_id__in=film_ids)
        .order_by("film_id", "role", "order", "id")
        .values("film_id", "role", "character", "person__name", "person__slug"),
        "film_id",
    )
    releases = {
        r["id"]: r
        for r in Release.objects.filter(pk__in=release_ids).values(
            "id", "disc_format", "label__name", "label__slug", "packaging", "spine_number", "region"
        )
    }
    extras = _group(
        Extra.objects.filter(release_id__in=release_ids).values("release_id", "text"), "release_id"
    )
    audio = _group(
        AudioTrack.objects.filter(release_id__in=release_ids).values("release_id", "description"),
        "release_id",
    )
    subtitles = _group(
        SubtitleTrack.objects.filter(release_id__in=release_ids).values("release_id", "language"),
        "release_id",
    )
    authors = {
        a["id"]: a
        for a in Author.objects.filter(pk__in={r["author_id"] for r in reviews}).values("id", "name", "slug")
    }
    tags = _group(
        Review.tags.through.objects.filter(review_id__in=[r["id"] for r in reviews]).values(
            "review_id", "tag__name"
        ),
        "review_id",
    )
    docs = []
    for r in reviews:
        film = films[r["film_id"]]
        release = releases.get(r["release_id"]) or {}
        author = authors.get(r["author_id"]) or {}
        film_credits = credits.get(r["film_id"], [])
        titles = [film["title"], film["original_title"]] + [
            a["title"] for a in alternates.get(film["id"], [])
        ]
        if r["headline"] and r["headline"] != film["title"]:
            titles.append(r["headline"])
        directors = [c for c in film_credits if c["role"] == Credit.Role.DIRECTOR]
        people, seen = [], set()
        for c in sorted(film_credits, key=lambda c: c["role"] != Credit.Role.DIRECTOR):
            if c["person__slug"] not in seen:
                seen.add(c["person__slug"])
                people.append((c["person__slug"], c["person__name"]))
        year = film["year"]
        facts = [str(year) if year else "", film["country"], film["language"], release.get("packaging", "")]
        facts += [release.get("spine_number", ""), release.get("region", "")]
        facts += [c["character"] for c in film_credits if c["character"]]
        facts += [t["tag__name"] for t in tags.get(r["id"], [])]
        facts += [e["text"] for e in extras.get(r["release_id"], [])]
        facts += [a["description"] for a in audio.get(r["release_id"], [])]
        facts += [s["language"] for s in subtitles.get(r["release_id"], [])]
        fmt, label_name = release.get("disc_format") or "", release.get("label__name") or ""
        facets = []
        if fmt:
            facets.append(("format", _slug(fmt), fmt))
        if label_name:
            facets.append(("label", release["label__slug"], label_name))
        if year:
            decade = year - year % 10
            facets.append(("decade", str(decade), f"{decade}s"))
        facets += [("director", c["person__slug"], c["person__name"]) for c in directors]
        if r["verdict"]:
            facets.append(("verdict", _slug(r["verdict"]), r["verdict"]))
        if author:
            facets.append(("author", author["slug"], author["name"]))
        keys = [ALL_TOKEN] + [key_token(f, slug) for f, slug, _ in facets]
        if year:
            keys.append(year_token(year))
        fields = {
            "title": [t for t in titles if t],
            "directors": [c["person__name"] for c in directors],
            "credits": [name for _, name in people],
            "label": [label_name] if label_name else [],
            "format": [fmt] if fmt else [],
            "verdict": [r["verdict"]] if r["verdict"] else [],
            "author": [author["name"]] if author else [],
            "facts": [f for f in facts if f],
        }
        display = f"{film['title']} ({year})" if year else film["title"]
        vocab = [w for text in fields["title"] + fields["credits"] for w in text.split()]
        docs.append(
            Doc(
                review_id=r["id"],
                slug=r["slug"],
                published=r["published_at"],
                fields=fields,
                keys=keys,
                body=f"{r['blurb']}\n{r['body']}",
                facets=facets,
                display=display,
                people_display=people,
                vocab=vocab,
            )
        )
    return docs
