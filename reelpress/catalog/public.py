"""What of the catalogue readers may see: the films, people, labels and editions of public reviews.

Every catalogue row comes in with a review, so a row whose reviews are all drafts or scheduled
stays out of pages, lists and the sitemap until one of them is published.
"""

from django.db.models import Exists, OuterRef

from reelpress.catalog.models import Film, Label, Person, Release
from reelpress.reviews.models import Review


def _public_reviews():
    return Review.objects.public()


def films():
    """Films with at least one public review."""
    return Film.objects.filter(Exists(_public_reviews().filter(film=OuterRef("pk"))))


def releases():
    """Editions with at least one public review."""
    return Release.objects.filter(Exists(_public_reviews().filter(release=OuterRef("pk"))))


def people(role: str = "", among=None, waiting: dict | None = None):
    """People credited (in ``role``, when given) on at least one public film; ``among``: a
    queryset of people to narrow (default: all); ``waiting``: ``counts.figures.waiting_credits()``
    when the caller has read it already.

    One seek per person into their "role" tallies (``counts``: kept by triggers), not a walk of
    their credits with a review looked up for each. The tallies count films with a review that is
    not a draft; people whose every such film is still waiting for its review's time are left out
    by name (few: they come from the scheduled reviews)."""
    from reelpress.counts.figures import public_roles, role_key_range, waiting_credits
    from reelpress.counts.models import Tally

    tallies = Tally.objects.filter(kind="role", item=OuterRef("pk"), n__gt=0)
    if role:
        low, high = role_key_range(role)
        tallies = tallies.filter(key__gte=low, key__lt=high)
    found = (Person.objects.all() if among is None else among).filter(Exists(tallies))
    waiting = waiting_credits() if waiting is None else waiting
    if not waiting:
        return found
    public = public_roles(list(waiting), waiting)
    hidden = [
        pk for pk, roles in public.items() if not any(not role or credited == role for credited, _ in roles)
    ]
    return found.exclude(pk__in=hidden) if hidden else found


def labels():
    """Labels with at least one public edition."""
    return Label.objects.filter(Exists(releases().filter(label=OuterRef("pk"))))
