"""Absolute links to the public pages, so API clients need not know the site's URL scheme."""

from reelpress.site.address import absolute


def link(obj, request) -> str:
    """The public page of a model instance, as an absolute URL on the site's address (``site.address``)."""
    return absolute(obj.get_absolute_url(), request)


def film_ref(film, request) -> dict:
    return {"slug": film.slug, "title": film.title, "year": film.year, "url": link(film, request)}


def review_summary(review, request) -> dict:
    """The compact form of a review in lists: what a reader needs to choose one to open."""
    release = review.release
    return {
        "slug": review.slug,
        "headline": review.headline,
        "film": film_ref(review.film, request),
        "format": (release.disc_format or None) if release else None,
        "label": release.label.name if release and release.label else None,
        "verdict": review.verdict or None,
        "author": review.author.name if review.author else None,
        "published_at": review.published_at,
        "url": link(review, request),
    }
