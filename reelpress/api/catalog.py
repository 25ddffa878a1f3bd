"""The catalogue as readers see it: films, people and labels that have at least one public review."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.errors import ValidationError as ParameterInvalid
from pydantic import Field

from reelpress.api.links import film_ref, link, review_summary
from reelpress.api.schemas import Error, FilmOut, FilmReleasePage, LabelOut, PersonOut, ValidationErrors
from reelpress.catalog import filmography, public
from reelpress.catalog.models import DatedOrEarliest
from reelpress.counts.figures import public_releases_by_label
from reelpress.lib import keyset
from reelpress.reviews.models import Review
from reelpress.reviews.queries import for_lists
from reelpress.site.address import absolute

router = Router(tags=["catalog"])

RELEASES_PER_PAGE = 50  # a label's editions per page unless asked otherwise
MAX_RELEASES = 200
FILM_RELEASES = 50  # editions shown with a film; more by cursor from /api/films/{slug}/releases
FILM_REVIEWS = 20  # reviews shown with a film; more from /api/reviews?film=
PERSON_LIMIT = 200  # credits in one answer about a person: an ordinary person's all fit in one
MAX_PERSON_LIMIT = 500


class EditionPaging(Schema):
    after: str | None = Field(
        None, max_length=40, description="Cursor: the `next` of the previous answer (null: the first page)"
    )
    limit: int = Field(
        RELEASES_PER_PAGE, ge=1, le=MAX_RELEASES, description=f"Editions per page, at most {MAX_RELEASES}"
    )


def _credit(credit, request) -> dict:
    person = credit.person
    return {
        "role": credit.role,
        "role_label": credit.display_role,
        "person": {"slug": person.slug, "name": person.name, "url": link(person, request)},
        "character": credit.character or None,
    }


@router.get(
    "/films/{slug}",
    response={200: FilmOut, 404: Error},
    summary="A film with its credits, its first editions and its newest reviews",
    description=(
        f"At most {FILM_RELEASES} editions (oldest first; `more_releases` links to the rest) and the "
        f"{FILM_REVIEWS} newest public reviews (`more_reviews` links to `/api/reviews?film=` with "
        "the cursor of the next page)."
    ),
)
def get_film(request, slug: str):
    film = get_object_or_404(public.films().prefetch_related("alternate_titles"), slug=slug)
    credits = film.credits.select_related("person").order_by("role", "role_label", "order", "id")
    releases = dated_page(public.releases().filter(film=film), FILM_RELEASES, newest_first=False)
    # Down the (film, published_at) index: one page of the film's reviews, the rest by cursor.
    reviews = keyset.newest_first(
        for_lists(Review.objects.public().filter(film=film)), "published_at", FILM_REVIEWS
    )
    return {
        "slug": film.slug,
        "title": film.title,
        "original_title": film.original_title or None,
        "alternate_titles": [t.title for t in film.alternate_titles.all()],
        "year": film.year,
        "color": film.color or None,
        "aspect_ratio": film.aspect_ratio or None,
        "runtime_minutes": film.runtime_minutes,
        "country": film.country or None,
        "language": film.language or None,
        "url": link(film, request),
        "credits": [_credit(c, request) for c in credits],
        "releases": [_film_release(r, request) for r in releases.items],
        "more_releases": _onwards(request, "api:film_releases", releases.next_cursor, slug=film.slug),
        "reviews": [review_summary(r, request) for r in reviews.items],
        "more_reviews": _onwards(request, "api:list_reviews", reviews.next_cursor, film=film.slug),
    }


@router.get(
    "/films/{slug}/releases",
    response={200: FilmReleasePage, 404: Error, 422: ValidationErrors},
    url_name="film_releases",
    summary="A film's editions with a public review, oldest first, by cursor",
)
def film_releases(request, slug: str, paging: Query[EditionPaging]):
    film = get_object_or_404(public.films(), slug=slug)
    page = dated_page(
        public.releases().filter(film=film), paging.limit, after=paging.after, newest_first=False
    )
    return {
        "limit": paging.limit,
        "next": page.next_cursor,
        "items": [_film_release(r, request) for r in page.items],
    }


def _film_release(release, request) -> dict:
    return {
        "slug": release.slug,
        "format": release.disc_format or None,
        "label": release.label.name if release.label else None,
        "street_date": release.street_date,
        "url": link(release, request),
    }


def _onwards(request, name: str, cursor: str | None, **params) -> str | None:
    """The absolute URL of the next page (``name`` with ``after=cursor``), or None at the end."""
    if cursor is None:
        return None
    if "slug" in params:
        path = reverse(name, kwargs={"slug": params.pop("slug")})
    else:
        path = reverse(name)
    return absolute(f"{path}?{urlencode({**params, 'after': cursor})}", request)


class PersonPage(Schema):
    limit: int = Field(
        PERSON_LIMIT,
        ge=1,
        le=MAX_PERSON_LIMIT,
        description=f"Credits per answer, at most {MAX_PERSON_LIMIT}",
    )
    after: str | None = Field(
        None,
        description="Cursor: the `next` of the previous answer (the credits after it). Every answer costs "
        "the same however many credits the person has.",
        max_length=1000,
    )


@router.get(
    "/people/{slug}",
    response={200: PersonOut, 404: Error, 422: ValidationErrors},
    summary="A person: their roles counted, and their credits a page at a time",
)
def get_person(request, slug: str, page: Query[PersonPage]):
    """The person's credits on public films, ``limit`` at a time, role by role (the roles in key
    order, oldest film first within each), with ``next`` the cursor of the rest; ``films`` and
    ``roles`` hold this answer's credits, oldest film first. ``role_counts`` counts every role."""
    person = get_object_or_404(public.people(), slug=slug)
    after = None
    if page.after is not None:
        after = filmography.parse_person_cursor(page.after)
        if after is None:
            message = "not a cursor this API gave (use the `next` of an answer)"
            raise ParameterInvalid([{"type": "value_error", "loc": ["query", "after"], "msg": message}])
    credits = filmography.credits_of(person, staff=False)
    walked = filmography.walk_person(credits, page.limit, after)
    # Within the answer, oldest film first (a person with one answer's worth sees the order as before).
    shown = sorted(
        walked.items,
        key=lambda c: (
            c.sort_year,
            c.sort_title,
            c.film_id,
            filmography.ROLE_ORDER.index(c.role),
            c.order,
            c.pk,
        ),
    )
    roles, films, seen = [], [], set()
    for credit in shown:
        ref = film_ref(credit.film, request)
        if credit.film_id not in seen:
            seen.add(credit.film_id)
            films.append(ref)
        roles.append(
            {
                "role": credit.role,
                "role_label": credit.display_role,
                "character": credit.character or None,
                "film": ref,
            }
        )
    counts = filmography.tallies([person.pk], public=True, years=False)[person.pk]
    return {
        "slug": person.slug,
        "name": person.name,
        "disambiguator": person.disambiguator or None,
        "bio": person.bio or None,
        "url": link(person, request),
        "films": films,
        "roles": roles,
        "role_counts": [
            {
                "role": group["key"][1],
                "role_label": group["role"],
                "films": group["n"],
                "more": group["capped"],
            }
            for group in counts
        ],
        "next": walked.next_cursor,
    }


@router.get(
    "/labels/{slug}",
    response={200: LabelOut, 404: Error, 422: ValidationErrors},
    summary="A label and one page of its editions, newest street date first",
    description=(
        "Editions with a public review, newest street date first (undated last), the newest added "
        "first within a date; `next` is the cursor of the following page (give it as `after`). "
        "`releases_count` is the label's editions in all."
    ),
)
def get_label(request, slug: str, paging: Query[EditionPaging]):
    label = get_object_or_404(public.labels(), slug=slug)
    page = dated_page(
        public.releases().filter(label=label).select_related("film"), paging.limit, after=paging.after
    )
    return {
        "slug": label.slug,
        "name": label.name,
        "website": label.website or None,
        "url": link(label, request),
        "releases_count": public_releases_by_label(label.pk).get(label.pk, 0),
        "limit": paging.limit,
        "next": page.next_cursor,
        "releases": [
            {
                "slug": r.slug,
                "format": r.disc_format or None,
                "street_date": r.street_date,
                "spine_number": r.spine_number or None,
                "film": film_ref(r.film, request),
                "url": link(r, request),
            }
            for r in page.items
        ],
    }


def dated_page(releases, size: int, *, after: str | None = None, newest_first: bool = True):
    """One page of ``releases`` by street date (undated as the earliest), then id, from a cursor.

    The (label, date) index holds the date as ``DatedOrEarliest``: ordering and the cursor's range
    on that same expression let a label's page walk it from the cursor, whatever its depth.
    """
    releases = releases.select_related("label").alias(dated=DatedOrEarliest("street_date"))
    if after is not None:
        key = _edition_cursor(after)
        if newest_first:
            releases = releases.filter(Q(dated__lt=key[0]) | Q(dated=key[0], pk__lt=key[1]))
        else:
            releases = releases.filter(Q(dated__gt=key[0]) | Q(dated=key[0], pk__gt=key[1]))
    order = ("-dated", "-pk") if newest_first else ("dated", "pk")
    rows = list(releases.order_by(*order)[: size + 1])
    more, rows = len(rows) > size, rows[:size]
    last = rows[-1] if rows and more else None
    undated = dt.date(1, 1, 1)
    next_cursor = keyset.cursor((last.street_date or undated).isoformat(), last.pk) if last else None
    return keyset.KeysetPage(rows, next_cursor, None)


def _edition_cursor(text: str) -> tuple[dt.date, int]:
    parsed = keyset.parse_cursor(text)
    try:
        return dt.date.fromisoformat(parsed[0]), parsed[1]
    except (TypeError, ValueError):
        message = "not a cursor this API gave (use the `next` of an answer)"
        raise ParameterInvalid([{"type": "value_error", "loc": ["query", "after"], "msg": message}]) from None
