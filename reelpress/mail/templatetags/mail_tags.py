"""Template tags for showing letters on other apps' pages and rendering reader text safely."""

from django import template

from reelpress.mail.models import Letter
from reelpress.mail.text import render_paragraphs

register = template.Library()


@register.simple_tag
def letters_for_review(review):
    """Published letters about ``review``, oldest first so a conversation reads in order."""
    if review is None or not getattr(review, "pk", None):
        return Letter.objects.none()
    letters = Letter.objects.public().filter(review=review).select_related("replied_by")
    return letters.order_by("published_at", "id")


@register.simple_tag
def letters_for_column(column):
    """Published letters the editor printed in ``column``."""
    if column is None or not getattr(column, "pk", None):
        return Letter.objects.none()
    return (
        Letter.objects.public()
        .filter(column=column)
        .select_related("review", "replied_by")
        .order_by("published_at", "id")
    )


@register.filter
def letter_text(text, links=False):
    """Reader or reply text as escaped paragraphs; URLs become nofollow links only if ``links``."""
    return render_paragraphs(text, links=bool(links))
