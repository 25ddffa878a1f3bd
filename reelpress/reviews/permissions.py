"""Who may edit what on the editors' desk: editors edit everything, critics their own work.

A critic is a staff user in the "Critics" group whose ``Author.user`` points at them; an
editor is a superuser or a member of "Editors". The groups and their model permissions are
made by ``reelpress setup_roles``.
"""

from __future__ import annotations

EDITORS = "Editors"
CRITICS = "Critics"


def is_editor(user) -> bool:
    """May edit every review and column, whoever wrote it."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    # Cache on the user object: the admin asks many times per request.
    cached = getattr(user, "_reelpress_is_editor", None)
    if cached is None:
        cached = user.groups.filter(name=EDITORS).exists()
        user._reelpress_is_editor = cached
    return cached


def author_of(user):
    """The Author a user writes as, or None."""
    from reelpress.reviews.models import Author

    if not user.is_authenticated:
        return None
    if not hasattr(user, "_reelpress_author"):
        user._reelpress_author = Author.objects.filter(user=user).first()
    return user._reelpress_author


def owns(user, obj) -> bool:
    """True when ``obj`` (a review or column) belongs to the user's Author."""
    author = author_of(user)
    return obj is not None and author is not None and getattr(obj, "author_id", None) == author.pk
