"""API tokens: a long random secret shown once; only its SHA-256 is stored."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

# A prefix makes a leaked token easy to recognise in logs and secret scanners.
TOKEN_PREFIX = "rp_"  # noqa: S105 (a marker, not a secret)


def hash_token(token: str) -> str:
    """The stored form of a token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenManager(models.Manager):
    def issue(self, user, name: str = "") -> tuple["ApiToken", str]:
        """Create a token for ``user``; return the row and the plain token (never stored)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = self.create(user=user, name=name[:100], token_hash=hash_token(token))
        return row, token


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenManager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.user} — {self.name or 'token'} ({self.created:%Y-%m-%d})"
