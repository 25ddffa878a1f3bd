"""The catalogue as readers see it: films, people and labels that have at least one public review."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router

from reelpress.api.links import film_ref, link, review_summary
from reelpress.api.schemas import Error, FilmOut, LabelOut, PersonOut
from reelpress.catalog import public
from reelpress.catalog.models import Credit
from reelpress.reviews.models import Review
from reelpress.reviews.queries import for_lists

router = Router(tags=["catalog"])


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


@router.get("/people/{slug}", response={200: PersonOut, 404: Error}, summary="A person: films and roles")
def get_person(request, slug: str):
    person = get_object_or_404(public.people(), slug=slug)
    credits = (
        Credit.objects.filter(person=person, film__in=public.films().values("pk"))
        .select_related("film")
        .order_by("film__year", "film__title", "film_id", "role", "order", "id")
    )
    roles, films, seen = [], [], set()
    for credit in credits:
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
    return {
        "slug": person.slug,
        "name": person.name,
        "disambiguator": person.disambiguator or None,
        "bio": person.bio or None,
        "url": link(person, request),
        "films": films,
        "roles": roles,
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
