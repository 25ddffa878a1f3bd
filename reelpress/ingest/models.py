"""The import queue: one row per imported legacy page, with what was recovered from it and how sure."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportedPage(models.Model):
    """One legacy page as imported: its text, the fields recovered, their evidence, and its status.

    Written by the import runner in the same savepoint as its review, updated (never duplicated)
    when the page is imported again. A page whose title, year or film is a guess "needs a look":
    its review is stored as a draft until an editor accepts it on the desk.
    """

    class Status(models.TextChoices):
        NEEDS_LOOK = "needs_look", "needs a look"
        ACCEPTED = "accepted", "accepted by an editor"
        CONFIDENT = "confident", "confident"

    review = models.OneToOneField(
        "reviews.Review", on_delete=models.SET_NULL, null=True, blank=True, related_name="imported_page"
    )
    source = models.CharField(max_length=1000, help_text="The file it was read from")
    source_url = models.CharField(max_length=500, blank=True, db_index=True)
    title = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, help_text="The page as read, cut at 200,000 characters")
    text_cut = models.BooleanField(default=False)
    text_hash = models.CharField(max_length=64, blank=True)
    recovered = models.JSONField(default=dict, help_text="The record recovered from the page")
    evidence = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "imported page"
        # The desk lists pages newest first, all or by status: read from an index at any size.
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="imported_page_recent"),
            models.Index(fields=["status", "-updated_at", "-id"], name="imported_page_status_recent"),
        ]

    def __str__(self):
        title = f"{self.title} ({self.year})" if self.year else self.title
        return title or self.source

    def get_admin_url(self):
        return reverse("admin:ingest_importedpage_change", args=[self.pk])
