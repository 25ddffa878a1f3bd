"""Pictures: cover art of editions, frame captures of reviews, portraits, label logos.

One table, ``Image``, with a foreign key to each kind of owner (exactly one is set, checked by
the database) rather than a generic relation: real foreign keys cascade on delete, join and
prefetch like any other relation (``release.images``, ``review.images``) and export without
content-type ids. The file itself is stored once per content (its name is its SHA-256), its
renditions (widths x formats) are listed on the row, so a list of thirty covers is one query.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q

from reelpress.catalog.models import Label, Person, Release
from reelpress.reviews.models import Author, Review

MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "avif": "image/avif"}


class Kind(models.TextChoices):
    FRONT = "front", "Front cover"
    BACK = "back", "Back cover"
    PACKAGING = "packaging", "Packaging"
    CAPTURE = "capture", "Frame capture"
    PORTRAIT = "portrait", "Portrait"
    LOGO = "logo", "Logo"


# Which kinds each owner may have. A review's own "front" is its lead picture (a WordPress
# featured image, a poster) for a review that has no edition or wants another cover.
KINDS_OF_OWNER = {
    "release": (Kind.FRONT, Kind.BACK, Kind.PACKAGING),
    "review": (Kind.CAPTURE, Kind.FRONT),
    "person": (Kind.PORTRAIT,),
    "author": (Kind.PORTRAIT,),
    "label": (Kind.LOGO,),
}
OWNERS = tuple(KINDS_OF_OWNER)


def _one_owner() -> Q:
    """Exactly one owner is set, and the kind is one that owner may have."""
    allowed = Q()
    for owner, kinds in KINDS_OF_OWNER.items():
        only = {f"{other}__isnull": other != owner for other in OWNERS}
        allowed |= Q(**only, kind__in=[k.value for k in kinds])
    return allowed


class ImageQuerySet(models.QuerySet):
    def covers(self):
        return self.filter(kind=Kind.FRONT)

    def captures(self):
        return self.filter(kind=Kind.CAPTURE)

    def missing_renditions(self):
        return self.filter(renditions=[])


class Image(models.Model):
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # The owner: exactly one of these five (see the constraint).
    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, null=True, blank=True, related_name="images"
    )
    review = models.ForeignKey(Review, on_delete=models.CASCADE, null=True, blank=True, related_name="images")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="images")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, null=True, blank=True, related_name="images")
    label = models.ForeignKey(Label, on_delete=models.CASCADE, null=True, blank=True, related_name="images")
    # For a frame capture: the edition it was taken from, and where in the film.
    edition = models.ForeignKey(
        Release,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="captures",
        help_text="The edition this capture shows",
    )
    timecode = models.DurationField(
        null=True, blank=True, help_text='Where in the film the frame is, as "1:23:45"'
    )
    caption = models.CharField(max_length=500, blank=True)
    alt = models.CharField(
        max_length=500,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it (required unless decorative)",
    )
    decorative = models.BooleanField(
        default=False, help_text="Adds nothing the text does not say: screen readers skip it (no alt text)"
    )
    order = models.PositiveSmallIntegerField(default=0)
    # The stored master: re-encoded, metadata stripped, named by its content.
    file = models.CharField(max_length=200, editable=False)
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    bytes = models.PositiveIntegerField(editable=False)
    # [{"width", "height", "format", "name", "bytes"}, ...] by format then width; [] until made.
    renditions = models.JSONField(default=list, blank=True, editable=False)
    source_name = models.CharField(max_length=255, blank=True, editable=False, help_text="As uploaded")
    # The bytes as they came (upload or import), before re-encoding: a re-import of the same file
    # finds its row instead of storing it again.
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=_one_owner(), name="image_one_owner_of_its_kind"),
            models.CheckConstraint(
                condition=Q(decorative=True, alt="") | (Q(decorative=False) & ~Q(alt="")),
                name="image_alt_unless_decorative",
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.CAPTURE) | Q(edition__isnull=True, timecode__isnull=True),
                name="image_edition_timecode_only_for_captures",
            ),
        ]
        indexes = [
            # The film page's comparison: captures of the film's editions at one timecode.
            models.Index(fields=["edition", "timecode"], name="image_edition_timecode"),
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()}: {self.alt or self.caption or self.source_name or self.sha256[:12]}"
        )

    def save(self, *args, **kwargs):
        # Decorative pictures are printed with alt="": keep the row saying exactly that.
        if self.decorative:
            self.alt = ""
        self.alt = (self.alt or "").strip()
        super().save(*args, **kwargs)

    # --- who owns it

    @property
    def owner(self):
        for name in OWNERS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    @property
    def owner_field(self) -> str | None:
        return next((name for name in OWNERS if getattr(self, f"{name}_id")), None)

    def clean(self):
        errors = {}
        if self.decorative:
            self.alt = ""
        elif not (self.alt or "").strip():
            errors["alt"] = "Describe the picture for readers who cannot see it, or mark it decorative."
        owner = self.owner_field
        if owner and self.kind not in KINDS_OF_OWNER[owner]:
            allowed = ", ".join(str(Kind(k).label).lower() for k in KINDS_OF_OWNER[owner])
            errors["kind"] = f"A {owner} has pictures of these kinds: {allowed}."
        if self.kind != Kind.CAPTURE and (self.edition_id or self.timecode is not None):
            errors["edition" if self.edition_id else "timecode"] = (
                "Only frame captures have an edition and a timecode."
            )
        if errors:
            raise ValidationError(errors)

    # --- what templates read

    @property
    def url(self) -> str:
        """The full-size picture (the stored master)."""
        return default_storage.url(self.file)

    @property
    def ready(self) -> bool:
        """Its renditions are made (until then ``src``/``srcset`` answer with the master)."""
        return bool(self.renditions)

    @property
    def mime(self) -> str:
        return MIME[self.file.rsplit(".", 1)[-1].replace("jpg", "jpeg")]

    def _of(self, fmt: str) -> list[dict]:
        return sorted((r for r in self.renditions if r["format"] == fmt), key=lambda r: r["width"])

    def formats(self) -> list[str]:
        """The formats its renditions exist in, best first (JPEG, the fallback, last)."""
        order = {"avif": 0, "webp": 1, "png": 2, "jpeg": 3}
        return sorted({r["format"] for r in self.renditions}, key=lambda f: order.get(f, 9))

    def fallback_format(self) -> str:
        """JPEG, or PNG for a picture with transparency (a logo)."""
        return "png" if self._of("png") else "jpeg"

    def src(self, width: int | None = None, fmt: str | None = None) -> str:
        """URL of the narrowest rendition at least ``width`` wide (the widest without one), in
        ``fmt`` (default: the fallback format); the master when none is made yet."""
        found = self._of(fmt or self.fallback_format())
        if not found:
            return self.url
        if width is None:
            return default_storage.url(found[-1]["name"])
        wide_enough = [r for r in found if r["width"] >= width]
        return default_storage.url((wide_enough or found)[0 if wide_enough else -1]["name"])

    def srcset(self, fmt: str | None = None) -> str:
        """``srcset`` for one format: "URL 320w, URL 640w, ..."; the master alone until made."""
        found = self._of(fmt or self.fallback_format())
        if not found:
            return f"{self.url} {self.width}w"
        return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in found)

    def sources(self) -> list[dict]:
        """For ``<picture>``: one ``{"type", "srcset"}`` per modern format, best first (the
        ``<img>`` itself takes ``srcset()`` and ``src()`` in the fallback format)."""
        fallback = self.fallback_format()
        return [{"type": MIME[f], "srcset": self.srcset(f)} for f in self.formats() if f != fallback]

    def height_for(self, width: int) -> int:
        return round(self.height * width / self.width) if self.width else 0

    @property
    def timecode_display(self) -> str:
        """The timecode as a reader writes it: "1:23:45" (or "12:05" under an hour)."""
        if self.timecode is None:
            return ""
        return format_timecode(self.timecode)


def format_timecode(value: dt.timedelta) -> str:
    total = int(value.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"
