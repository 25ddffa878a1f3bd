"""schema.org JSON-LD for a review page: a Review of a Movie, safe to embed in a <script> element."""

from __future__ import annotations

import json
import math

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from reelpress.catalog.models import Credit
from reelpress.images.show import share_image
from reelpress.lib.text import fold
from reelpress.site.address import absolute, site_url

# Axes that rate the film itself (not the disc): the one a search engine's stars should show.
MOVIE_AXES = ("movie", "film", "the film", "the movie", "overall", "rating")

# Escape what could end the <script> element or open a comment inside it.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def iso_duration(minutes: int | None) -> str | None:
    """Minutes as an ISO 8601 duration: 137 -> "PT137M"."""
    return f"PT{minutes}M" if minutes else None


def five_point(score: int | None) -> float | None:
    """A 0-100 score on a five-point scale in half points: 95 -> 5.0, 80 -> 4.0, 45 -> 2.5."""
    if score is None:
        return None
    # Half up, not Python's round-half-even: 45 (Fair) is 2.5, not 2.0.
    return math.floor(score / 10 + 0.5) / 2


def movie_rating(ratings) -> dict | None:
    """The schema.org Rating for the review's film axis, when its value maps to a number."""
    for rating in ratings:
        if fold(rating.axis) in MOVIE_AXES and rating.score is not None:
            return {
                "@type": "Rating",
                "ratingValue": five_point(rating.score),
                "bestRating": 5,
                "worstRating": 0,
                "name": rating.value,
            }
    return None


def _person(credit: Credit, request) -> dict:
    url = absolute(credit.person.get_absolute_url(), request)
    return {"@type": "Person", "name": credit.person.name, "url": url}


def _image(image, request) -> dict:
    shared = share_image(image, request)
    found = {
        "@type": "ImageObject",
        "url": shared["url"],
        "contentUrl": shared["url"],
        "width": shared["width"],
        "height": shared["height"],
        "encodingFormat": shared["mime"],
    }
    if image.caption or image.alt:
        found["caption"] = image.caption or image.alt
    return found


def review_data(review, credits, summary: str = "", request=None, images=()) -> dict:
    """The JSON-LD object for ``review``; ``credits`` are the film's credits, already fetched.

    ``summary`` is the description (the blurb, or an excerpt of the body when there is none);
    links are absolute on the site's address for ``request`` (``site.address``). ``images``
    (cover first, then captures; ``None`` skipped) become the Review's ``image``.
    """
    film = review.film
    movie: dict = {"@type": "Movie", "name": film.title, "url": absolute(film.get_absolute_url(), request)}
    alternates = [t.title for t in film.alternate_titles.all()]
    if film.original_title and film.original_title != film.title:
        alternates.insert(0, film.original_title)
    if alternates:
        movie["alternateName"] = alternates
    if film.year:
        movie["dateCreated"] = str(film.year)
    if film.runtime_minutes:
        movie["duration"] = iso_duration(film.runtime_minutes)
    if film.country:
        movie["countryOfOrigin"] = {"@type": "Country", "name": film.country}
    if film.language:
        movie["inLanguage"] = film.language
    directors = [_person(c, request) for c in credits if c.role == Credit.Role.DIRECTOR]
    actors = [
        _person(c, request) for c in sorted(credits, key=lambda c: c.order) if c.role == Credit.Role.CAST
    ]
    if directors:
        movie["director"] = directors
    if actors:
        movie["actor"] = actors

    data: dict = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": review.headline,
        "url": absolute(review.get_absolute_url(), request),
        "itemReviewed": movie,
        "datePublished": review.published_at.isoformat(),
        "dateModified": review.updated_at.isoformat(),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": site_url(request) + "/"},
    }
    if review.author_id:
        data["author"] = {
            "@type": "Person",
            "name": review.author.name,
            "url": absolute(review.author.get_absolute_url(), request),
        }
    if summary or review.blurb:
        data["description"] = summary or review.blurb
    rating = movie_rating(review.ratings.all())
    if rating:
        data["reviewRating"] = rating
    shown = [_image(image, request) for image in images if image is not None]
    if shown:
        data["image"] = shown
    return data


def script(data: dict) -> SafeString:
    """``data`` as a <script type="application/ld+json"> element that no value can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
