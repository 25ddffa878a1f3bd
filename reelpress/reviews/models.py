"""Reviews and what surrounds them: authors, ratings on named axes, tags, column updates."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from reelpress.lib.urls import slug_url


class Author(models.Model):
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    bio = models.TextField(blank=True, help_text="Markdown")
    email = models.EmailField(blank=True, help_text="Private: never shown on the site")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="author"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("reviews:author", self.slug)


class Tag(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReviewQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: not a draft, and its publication time has come."""
        return self.exclude(status=Review.Status.DRAFT).filter(published_at__lte=timezone.now())


class Review(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(max_length=160, unique=True)
    headline = models.CharField(max_length=300)
    film = models.ForeignKey("catalog.Film", on_delete=models.PROTECT, related_name="reviews")
    release = models.ForeignKey(
        "catalog.Release", on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    review_date = models.DateField(null=True, blank=True, help_text="The date the review carries")
    published_at = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="Hidden from readers until this time"
    )
    updated_at = models.DateTimeField(auto_now=True)
    blurb = models.TextField(blank=True, help_text="One or two lines for the column page")
    body = models.TextField(blank=True, help_text="Markdown")
    verdict = models.CharField(max_length=100, blank=True, db_index=True)
    thanks = models.TextField(blank=True)
    copyright = models.CharField(max_length=300, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="reviews")
    source_url = models.URLField(max_length=500, null=True, blank=True, unique=True)
    record_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        # The search index's repair reads the reviews saved since a time. An index declared here,
        # not db_index on the field: altering a field makes Django rebuild the table on SQLite.
        indexes = [
            models.Index(fields=["updated_at"], name="reviews_updated_at_idx"),
            # The lists of one critic, verdict or film walk these newest first: a page reads its own
            # rows, not every match sorted (docs/decisions.md, "Lists walk an index").
            models.Index(fields=["author", "published_at", "id"], name="review_author_published"),
            models.Index(fields=["verdict", "published_at", "id"], name="review_verdict_published"),
            models.Index(fields=["film", "-published_at", "-id"], name="review_film_published"),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return slug_url("reviews:review", self.slug)

    @property
    def is_public(self):
        return self.status != self.Status.DRAFT and self.published_at <= timezone.now()


class Rating(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    axis = models.CharField(max_length=60, help_text="Movie, Video, Sound, Supplements, ...")
    value = models.CharField(max_length=200, help_text='As printed: "Excellent", "4.5 of 5", "B+"')
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="Normalised 0-100 for sorting"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.axis}: {self.value}"

    def save(self, *args, **kwargs):
        from reelpress.reviews.scales import normalise

        self.score = normalise(self.value)
        super().save(*args, **kwargs)


class ColumnQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True, date__lte=timezone.localdate())


class Column(models.Model):
    """A dated column update: the critic's notes and the new reviews it announces."""

    date = models.DateField(db_index=True)
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=160, unique=True)
    notes = models.TextField(blank=True, help_text="Markdown: the critic's notes for this update")
    author = models.ForeignKey(
        Author, on_delete=models.SET_NULL, null=True, blank=True, related_name="columns"
    )
    reviews = models.ManyToManyField(Review, through="ColumnEntry", blank=True, related_name="columns")
    is_published = models.BooleanField(default=True)

    objects = ColumnQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} — {self.title}"

    def get_absolute_url(self):
        return slug_url("reviews:column", self.slug)


class ColumnEntry(models.Model):
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="entries")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="column_entries")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "column entries"
        constraints = [models.UniqueConstraint(fields=["column", "review"], name="column_entry_unique")]

    def __str__(self):
        return f"{self.column} — {self.review}"
