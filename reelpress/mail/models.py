"""Reader letters: written in through the form, moderated in the admin, published with a reply.

A letter is public only when the editor has approved it AND chosen to publish it. The
sender's email address is private: it is for the editor's reply and the rate limit, and no
public template, feed or API may show it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone


class LetterQuerySet(models.QuerySet):
    def public(self):
        """Letters readers may see: approved and published, newest publication first."""
        return self.filter(status=Letter.Status.APPROVED, is_published=True).order_by("-published_at", "-id")

    def pending(self):
        return self.filter(status=Letter.Status.PENDING)

    def from_address_since(self, email: str, since):
        """Letters stored from one address since a moment: the per-address limit.

        The form stores addresses lower-cased, so an exact match on the folded address can use
        the (email, received_at) index.
        """
        return self.filter(email=email.strip().lower(), received_at__gte=since)

    def from_ip_since(self, ip: str, since):
        """Letters stored from one client IP since a moment: the per-IP limit (its own index)."""
        return self.filter(ip_address=ip, received_at__gte=since)


class Letter(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REJECTED = "rejected", "Rejected"

    # What the reader wrote.
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254, help_text="Private: never shown on the site")
    subject = models.CharField(max_length=200)
    message = models.TextField(help_text="Plain text as the reader wrote it; shown escaped")
    review = models.ForeignKey(
        "reviews.Review",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        help_text="The review the letter is about, if any",
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(
        null=True, blank=True, editable=False, help_text="Private: kept for abuse handling"
    )

    # The editor's side.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    is_published = models.BooleanField(
        default=False, help_text="Show on the site. Only approved letters can be published."
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    reply = models.TextField(blank=True, help_text="The critic's public reply (plain text)")
    replied_by = models.ForeignKey(
        "reviews.Author", on_delete=models.SET_NULL, null=True, blank=True, related_name="letter_replies"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    column = models.ForeignKey(
        "reviews.Column",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        help_text="Print this letter, with its reply, below the reviews of a column update",
    )

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "is_published", "published_at"], name="mail_letter_public"),
            models.Index(fields=["email", "received_at"], name="mail_letter_sender"),
            models.Index(fields=["ip_address", "received_at"], name="mail_letter_sender_ip"),
        ]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        # The public list is ordered by when a letter first appeared, not when it arrived.
        if self.is_public and self.published_at is None:
            self.published_at = timezone.now()
        if self.reply.strip() and self.replied_at is None:
            self.replied_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("mail:letter", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED and self.is_published

    def clean(self):
        if self.is_published and self.status != self.Status.APPROVED:
            raise ValidationError({"is_published": "Only an approved letter can be published."})
