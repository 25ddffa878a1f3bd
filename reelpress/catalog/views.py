"""Public pages of the catalogue: film, person, label and edition pages, and the list of labels."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from reelpress.catalog import public
from reelpress.catalog.models import Credit, Film, Label, MergedKey, Person, Release
from reelpress.reviews.models import Review
from reelpress.reviews.queries import for_lists, public_q
from reelpress.reviews.templatetags.reelpress_tags import group_credits

RELEASES_PER_PAGE = 50


def _staff(request) -> bool:
    return request.user.is_authenticated and request.user.is_staff


class _Merged(Exception):  # noqa: N818 - not an error: the row lives on under another slug
    def __init__(self, survivor):
        self.survivor = survivor


def _get_or_merged(queryset, kind: str, slug: str):
    """The row with this slug; a slug merged into another row raises ``_Merged`` (answered with a 301)."""
    try:
        return get_object_or_404(queryset, slug=slug)
    except Http404:
        survivor = MergedKey.survivor_for_slug(kind, slug)
        if survivor is None:
            raise
        raise _Merged(survivor) from None


def follows_merges(view):
    """A page whose slug was merged away answers 301 to the survivor's page."""

    def wrapped(request, slug, *args, **kwargs):
        try:
            return view(request, slug, *args, **kwargs)
        except _Merged as merged:
            return redirect(merged.survivor.get_absolute_url(), permanent=True)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _public_reviews_prefetch(to_attr: str = "public_reviews") -> Prefetch:
    reviews = (
        Review.objects.public()
        .select_related("author", "film", "release", "release__label")
        .prefetch_related("ratings")
    )
    return Prefetch("reviews", queryset=reviews, to_attr=to_attr)


def _editions(queryset):
    """Editions with everything the side-by-side table shows, in a fixed number of queries."""
    return queryset.select_related("film", "label").prefetch_related(
        "audio_tracks", "subtitle_tracks", "extras", _public_reviews_prefetch()
    )


@require_GET
@follows_merges
def film(request, slug):
    """A film: its facts and credits, every edition side by side, and every review."""
    films = Film.objects.all() if _staff(request) else public.films()
    credits = Credit.objects.select_related("person").order_by("role", "order", "id")
    film = _get_or_merged(
        films.prefetch_related("alternate_titles", Prefetch("credits", queryset=credits)), "film", slug
    )
    releases = Release.objects.filter(film=film) if _staff(request) else public.releases().filter(film=film)
    editions = _editions(releases).order_by("street_date", "id")
    reviews = for_lists(Review.objects.public().filter(film=film)).prefetch_related("ratings")
    context = {
        "film": film,
        "credit_groups": group_credits(film.credits.all()),
        "editions": list(editions),
        "reviews": list(reviews),
    }
    return render(request, "catalog/film.html", context)


@require_GET
@follows_merges
def person(request, slug):
    """A person: every film and role, oldest film first, with the reviews of those films."""
    people = Person.objects.all() if _staff(request) else public.people()
    person = _get_or_merged(people, "person", slug)
    films = Film.objects.all() if _staff(request) else public.films()
    credits = (
        Credit.objects.filter(person=person, film__in=films.values("pk"))
        .select_related("film")
        .order_by("film__year", "film__title", "film_id", "role", "order")
    )
    groups: dict[int, dict] = {}
    for credit in credits:
        group = groups.setdefault(credit.film_id, {"film": credit.film, "credits": [], "reviews": []})
        group["credits"].append(credit)
    reviews = for_lists(Review.objects.public().filter(film_id__in=list(groups)))
    for review in reviews:
        groups[review.film_id]["reviews"].append(review)
    roles = sorted({credit.display_role for group in groups.values() for credit in group["credits"]})
    context = {"person": person, "groups": list(groups.values()), "roles": roles}
    return render(request, "catalog/person.html", context)


@require_GET
def label_list(request):
    """Labels with at least one public edition, with their counts."""
    counted = Count("releases", distinct=True, filter=public_q("releases__reviews__"))
    labels = public.labels().annotate(n_releases=counted).order_by("name")
    return render(request, "catalog/label_list.html", {"labels": labels})


@require_GET
@follows_merges
def label(request, slug):
    """A label: its editions (with their films and reviews), by film title."""
    labels = Label.objects.all() if _staff(request) else public.labels()
    label = _get_or_merged(labels, "label", slug)
    releases = (
        Release.objects.filter(label=label) if _staff(request) else public.releases().filter(label=label)
    )
    editions = (
        releases.select_related("film", "label")
        .prefetch_related(_public_reviews_prefetch())
        .order_by("film__title", "film__year", "street_date", "id")
    )
    page = Paginator(editions, RELEASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "catalog/label.html", {"label": label, "page": page})


@require_GET
@follows_merges
def release(request, slug):
    """One edition: its label, format, tracks, extras and packaging, its reviews, the other editions."""
    releases = Release.objects.all() if _staff(request) else public.releases()
    release = _get_or_merged(_editions(releases), "release", slug)
    others = public.releases().filter(film=release.film_id).exclude(pk=release.pk).select_related("label")
    context = {
        "release": release,
        "film": release.film,
        "other_editions": list(others.order_by("street_date")),
    }
    return render(request, "catalog/release.html", context)
