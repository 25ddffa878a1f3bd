"""Who may call the API's write endpoints: a staff session (with CSRF) or a bearer token.

Both ways end at a Django user; ``check_can_write`` then applies the editors' desk rules from
``reviews.permissions``: editors write any review, critics only their own.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie

from reelpress.api.models import ApiToken, hash_token
from reelpress.lib.text import fold
from reelpress.reviews.permissions import author_of, is_editor


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``: the token's SHA-256 is looked up; the user must be active."""

    def authenticate(self, request, token):
        if not token:
            return None
        row = ApiToken.objects.select_related("user").filter(token_hash=hash_token(token.strip())).first()
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used=timezone.now())
        return row.user


class SignedInSession(APIKeyCookie):
    """Django's session, checked for CSRF only when it actually signs someone in.

    ninja's own ``django_auth`` runs the CSRF check first, so an anonymous call would get
    403 "CSRF check Failed" instead of 401; a session that signs no one in needs no CSRF check.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


write_auth = [BearerToken(), SignedInSession()]


def check_can_write(user, record, existing) -> None:
    """Raise 403 unless ``user`` may store ``record`` over the ``existing`` review (or None).

    Only active staff write. Editors write anything; a critic writes only reviews whose
    reviewer is their own Author, and never over a review that belongs to someone else.
    """
    if not (user.is_active and user.is_staff):
        raise HttpError(403, "Only staff users may write through the API.")
    if is_editor(user):
        return
    author = author_of(user)
    if author is None:
        raise HttpError(403, "Your user is linked to no Author, so there is no review you may write.")
    if fold(record.reviewer or "") != author.name_key:
        raise HttpError(403, f"A critic may only write reviews whose reviewer is {author.name!r}.")
    if existing is not None and existing.author_id != author.pk:
        raise HttpError(403, "That review belongs to another author.")
