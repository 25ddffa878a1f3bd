"""What of the catalogue readers may see: the films, people, labels and editions of public reviews.

Every catalogue row comes in with a review, so a row whose reviews are all drafts or scheduled
stays out of pages, lists and the sitemap until one of them is published.
"""

from django.db.models import Exists, OuterRef

from reelpress.catalog.models import Credit, Film, Label, Person, Release
from reelpress.reviews.models import Review


def _public_reviews():
    return Review.objects.public()


def films():
    """Films with at least one public review."""
    return Film.objects.filter(Exists(_public_reviews().filter(film=OuterRef("pk"))))


def releases():
    """Editions with at least one public review."""
    return Release.objects.filter(Exists(_public_reviews().filter(release=OuterRef("pk"))))


def people():
    """People credited on at least one public film."""
    # A correlated EXISTS per credit, not "film IN (every public film)": the database then checks
    # one person's few credits instead of building the set of public films for each person.
    public_film = _public_reviews().filter(film=OuterRef("film_id"))
    public_credit = Credit.objects.filter(person=OuterRef("pk")).filter(Exists(public_film))
    return Person.objects.filter(Exists(public_credit))


def labels():
    """Labels with at least one public edition."""
    return Label.objects.filter(Exists(releases().filter(label=OuterRef("pk"))))
