"""The catalogue: films, people and their credits, labels, releases (editions) and their tracks."""

from django.db import models
from django.db.models import F

from reelpress.lib import compiled
from reelpress.lib.urls import slug_url


class YearTens(models.Func):
    """``year / 10`` with the 10 written into the SQL, so a query can use the index built on it
    (a parameter in its place would not match the index's expression)."""

    template = "(%(expressions)s / 10)"
    output_field = models.IntegerField()


class DatedOrEarliest(models.Func):
    """A date, or the earliest date when there is none: an undated edition sorts after every dated
    one, newest first, on every database (the literal is in the SQL so the index on it matches)."""

    template = "COALESCE(%(expressions)s, '0001-01-01')"
    output_field = models.DateField()


COLOR_CHOICES = [("color", "Color"), ("b&w", "Black & white"), ("color and b&w", "Color and B&W")]


class Film(models.Model):
    title = models.CharField(max_length=300)
    title_key = models.CharField(max_length=300, db_index=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    original_title = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    color = models.CharField(max_length=20, choices=COLOR_CHOICES, blank=True)
    aspect_ratio = models.CharField(max_length=20, blank=True, help_text='Normalised as "2.35:1"')
    runtime_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    country = models.CharField(max_length=120, blank=True)
    language = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["title", "year"]
        constraints = [
            models.UniqueConstraint(fields=["title_key", "year"], name="film_natural_key"),
        ]
        # The films index walks titles from a key (keyset pages), by country too.
        indexes = [
            models.Index(fields=["title_key", "id"], name="film_title_key_id"),
            models.Index(fields=["country", "title_key", "id"], name="film_country_title_key"),
            models.Index(YearTens("year"), "title_key", "id", name="film_decade_title_key"),
            # Browse by decade walks films by year and title (then each film's reviews, newest first).
            models.Index(fields=["year", "title", "id"], name="film_year_title_id"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self):
        return slug_url("catalog:film", self.slug)

    @property
    def decade(self):
        return self.year // 10 * 10 if self.year else None


class AlternateTitle(models.Model):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="alternate_titles")
    title = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Person(models.Model):
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    disambiguator = models.CharField(
        max_length=100, blank=True, default="", help_text="Tells apart two people with the same name"
    )
    slug = models.SlugField(max_length=120, unique=True)
    bio = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["name_key", "disambiguator"], name="person_natural_key"),
        ]
        # The people index walks names from a key (keyset pages).
        indexes = [models.Index(fields=["name_key", "id"], name="person_name_key_id")]

    def __str__(self):
        return f"{self.name} ({self.disambiguator})" if self.disambiguator else self.name

    def get_absolute_url(self):
        return slug_url("catalog:person", self.slug)


class Credit(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        PRODUCER = "producer", "Producer"
        CINEMATOGRAPHER = "cinematographer", "Cinematography"
        EDITOR = "editor", "Film editor"
        COMPOSER = "composer", "Original music"
        CAST = "cast", "Cast"
        OTHER = "other", "Other"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    # Looked up by the index (person, role, ...) below; an index on person alone would be a copy.
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits", db_index=False)
    role = models.CharField(max_length=20, choices=Role.choices, db_index=True)
    role_label = models.CharField(
        max_length=100, blank=True, default="", help_text='For "other": the role as printed'
    )
    character = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Billing order")
    # The film's sort key, copied here so one index gives a person's films of a role in order
    # (oldest first, then by title). Database triggers keep it in step with the film, whatever
    # writes the credit or the film (migration 0005, docs/decisions.md "A person's pages").
    sort_year = models.PositiveSmallIntegerField(
        default=0, editable=False, help_text="The film's year, 0 if unknown"
    )
    sort_title = models.CharField(max_length=300, default="", editable=False)

    class Meta:
        ordering = ["role", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["film", "person", "role", "role_label"], name="credit_unique"),
        ]
        indexes = [
            models.Index(
                fields=["person", "role", "role_label", "sort_year", "sort_title", "film"],
                name="credit_person_role_sorted",
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.display_role} — {self.film}"

    @property
    def display_role(self):
        return self.role_label or self.get_role_display()


class Label(models.Model):
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalog:label", self.slug)


class Release(models.Model):
    """One edition: a film on a disc or service from a label, on a street date."""

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="releases")
    label = models.ForeignKey(Label, on_delete=models.PROTECT, null=True, blank=True, related_name="releases")
    disc_format = models.CharField(
        max_length=60, blank=True, help_text='"Blu-ray", "4K Ultra HD + Blu-ray", ...'
    )
    format_key = models.CharField(max_length=60, blank=True, db_index=True, editable=False)
    slug = models.SlugField(max_length=160, unique=True)
    spine_number = models.CharField(max_length=20, blank=True)
    region = models.CharField(max_length=20, blank=True)
    street_date = models.DateField(null=True, blank=True, db_index=True)
    packaging = models.CharField(max_length=200, blank=True)
    extras_subtitled = models.BooleanField(
        null=True, blank=True, help_text="Deaf and hard-of-hearing friendly: are the extras subtitled?"
    )
    retailer = models.CharField(max_length=200, blank=True)
    retailer_url = models.URLField(max_length=500, blank=True)
    price_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["film", "street_date", "id"]
        # A label's page walks its editions newest first, undated last, from this index.
        indexes = [models.Index(F("label"), DatedOrEarliest("street_date"), name="release_label_dated")]

    def __str__(self):
        parts = [self.film.title, self.disc_format or "edition"]
        if self.label_id:
            parts.append(self.label.name)
        return " — ".join(parts)

    def get_absolute_url(self):
        return slug_url("catalog:release", self.slug)


class AudioTrack(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="audio_tracks")
    description = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.description


class SubtitleTrack(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="subtitle_tracks")
    language = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.language


class Extra(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="extras")
    text = models.CharField(max_length=500, help_text="As listed, with its running time")
    title = models.CharField(max_length=500, editable=False)
    runtime_minutes = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        from reelpress.catalog.extras import split_runtime

        self.title, self.runtime_minutes = split_runtime(self.text)
        super().save(*args, **kwargs)


class MergedKey(models.Model):
    """A film, person, label or edition merged into another: its old key and slug lead to the survivor.

    ``ingest.store`` consults it after the live rows, so re-importing a merged page attaches to the
    survivor instead of recreating the duplicate; the catalogue pages answer the old slug with a 301.
    The merged row itself is deleted, so lists, sitemaps, facets and the API never see it.
    """

    class Kind(models.TextChoices):
        FILM = "film", "film"
        PERSON = "person", "person"
        LABEL = "label", "label"
        RELEASE = "release", "edition"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=300, blank=True, help_text="The folded title or name it had")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    disambiguator = models.CharField(max_length=100, blank=True, default="")
    slug = models.SlugField(max_length=160)
    name = models.CharField(max_length=300, help_text="As it was shown")
    film = models.ForeignKey(Film, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    label = models.ForeignKey(Label, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    release = models.ForeignKey(Release, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "key"], name="mergedkey_key_idx"),
            models.Index(fields=["kind", "slug"], name="mergedkey_slug_idx"),
        ]

    def __str__(self):
        return f"{self.name} → {self.survivor}"

    @property
    def survivor(self):
        return self.film or self.person or self.label or self.release

    @classmethod
    def survivor_for_slug(cls, kind: str, slug: str):
        """The row a merged slug now leads to, or None."""
        found = cls.objects.filter(kind=kind, slug=slug).select_related(kind).first()
        return getattr(found, kind) if found else None


def attach_tracks(editions) -> None:
    """Fill each edition's ``audio_tracks``, ``subtitle_tracks`` and ``extras`` (``.all()``), three
    statements for all of them, compiled once per process (``lib.compiled``)."""
    for accessor in ("audio_tracks", "subtitle_tracks", "extras"):
        compiled.attach(editions, accessor)
