"""The catalogue as readers see it: films, people and labels that have at least one public review."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import ValidationError as ParameterInvalid
from pydantic import Field

from reelpress.api.links import film_ref, link, review_summary
from reelpress.api.schemas import Error, FilmOut, LabelOut, PersonOut, ValidationErrors
from reelpress.catalog import filmography, public
from reelpress.reviews.models import Review
from reelpress.reviews.queries import for_lists

router = Router(tags=["catalog"])

PERSON_LIMIT = 200  # credits in one answer about a person: an ordinary person's all fit in one
MAX_PERSON_LIMIT = 500


def _credit(credit, request) -> dict:
    person = credit.person
    return {
        "role": credit.role,
        "role_label": credit.display_role,
        "person": {"slug": person.slug, "name": person.name, "url": link(person, request)},
        "character": credit.character or None,
    }


@router.get(
    "/films/{slug}", response={200: FilmOut, 404: Error}, summary="A film with its credits and reviews"
)
def get_film(request, slug: str):
    film = get_object_or_404(public.films().prefetch_related("alternate_titles"), slug=slug)
    credits = film.credits.select_related("person").order_by("role", "role_label", "order", "id")
    releases = public.releases().filter(film=film).select_related("label").order_by("street_date", "id")
    reviews = for_lists(Review.objects.public().filter(film=film)).order_by("-published_at", "-id")
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
        "releases": [
            {
                "slug": r.slug,
                "format": r.disc_format or None,
                "label": r.label.name if r.label else None,
                "street_date": r.street_date,
                "url": link(r, request),
            }
            for r in releases
        ],
        "reviews": [review_summary(r, request) for r in reviews],
    }


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


@router.get("/labels/{slug}", response={200: LabelOut, 404: Error}, summary="A label and its editions")
def get_label(request, slug: str):
    label = get_object_or_404(public.labels(), slug=slug)
    releases = (
        public.releases()
        .filter(label=label)
        .select_related("film")
        .order_by("film__title", "film__year", "street_date", "id")
    )
    return {
        "slug": label.slug,
        "name": label.name,
        "website": label.website or None,
        "url": link(label, request),
        "releases": [
            {
                "slug": r.slug,
                "format": r.disc_format or None,
                "street_date": r.street_date,
                "spine_number": r.spine_number or None,
                "film": film_ref(r.film, request),
                "url": link(r, request),
            }
            for r in releases
        ],
    }
