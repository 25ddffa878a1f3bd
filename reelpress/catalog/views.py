"""Public pages of the catalogue: film, person, label and edition pages; films, people and labels lists."""

from __future__ import annotations

from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from reelpress.catalog import lists, public
from reelpress.catalog.models import Credit, Film, Label, MergedKey, Person, Release
from reelpress.counts.figures import public_releases_by_label
from reelpress.images import public as pictures
from reelpress.lib.keyset import keyset_page
from reelpress.lib.paging import CountedPaginator
from reelpress.lib.text import make_slug
from reelpress.reviews.models import Review
from reelpress.reviews.queries import for_lists
from reelpress.reviews.templatetags.reelpress_tags import group_credits

RELEASES_PER_PAGE = 50
LIST_PAGE_SIZE = 50
LETTERS = "abcdefghijklmnopqrstuvwxyz"


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
    editions = pictures.attach_release_covers(_editions(releases).order_by("street_date", "id"))
    reviews = for_lists(Review.objects.public().filter(film=film)).prefetch_related("ratings")
    shown = {e.pk for e in editions}
    # Captures of an edition a reader may not see (unpublished) are not compared.
    comparisons = [
        {**group, "captures": [c for c in group["captures"] if c.edition_id in shown]}
        for group in pictures.comparisons(film)
    ]
    context = {
        "film": film,
        "credit_groups": group_credits(film.credits.all()),
        "editions": editions,
        "reviews": pictures.attach_covers(reviews),
        "cover": next((e.cover for e in reversed(editions) if e.cover), None),
        "comparisons": [group for group in comparisons if len(group["captures"]) >= 2],
    }
    return render(request, "catalog/film.html", context)


@require_GET
@follows_merges
def person(request, slug):
    """A person: their films grouped by role (director, writer, ..., cast), oldest first, with reviews."""
    people = Person.objects.all() if _staff(request) else public.people()
    person = _get_or_merged(people, "person", slug)
    films = Film.objects.all() if _staff(request) else public.films()
    credits = list(
        Credit.objects.filter(person=person, film__in=films.values("pk"))
        .select_related("film")
        .order_by("film__year", "film__title", "film_id", "order")
    )
    reviews: dict[int, list] = {}
    for review in for_lists(Review.objects.public().filter(film_id__in={c.film_id for c in credits})):
        reviews.setdefault(review.film_id, []).append(review)
    roles: dict[tuple, dict] = {}
    for credit in credits:
        key = (lists.ROLE_ORDER.index(credit.role), credit.role_label)
        group = roles.setdefault(
            key, {"role": credit.display_role, "slug": make_slug(credit.display_role), "films": []}
        )
        group["films"].append(
            {"film": credit.film, "credit": credit, "reviews": reviews.get(credit.film_id, [])}
        )
    years = sorted(c.film.year for c in credits if c.film.year)
    context = {
        "person": person,
        "roles": [roles[key] for key in sorted(roles)],
        "n_films": len({c.film_id for c in credits}),
        "years": (years[0], years[-1]) if years else None,
        "portrait": pictures.portrait_for(person),
    }
    return render(request, "catalog/person.html", context)


def _letter(request) -> str:
    letter = request.GET.get("letter", "").lower()
    return letter if len(letter) == 1 and letter in LETTERS else ""


def _page(request, queryset, field):
    return keyset_page(
        queryset,
        field,
        LIST_PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        start=_letter(request),
    )


@require_GET
def film_list(request):
    """Films A-Z with year and counts of editions and reviews, by decade, format and country."""
    decade = request.GET.get("decade", "")
    decade = int(decade) if decade.isdigit() and int(decade) % 10 == 0 else None
    formats = lists.format_choices()
    format_key = next((f["key"] for f in formats if f["slug"] == request.GET.get("format")), "")
    countries = lists.countries()
    country = request.GET.get("country", "")
    country = country if country in countries else ""
    films = lists.filter_films(
        public.films().only("title", "title_key", "slug", "year", "country"),
        decade=decade,
        format_key=format_key,
        country=country,
    )
    page = _page(request, films, "title_key")
    lists.film_counts(page.items)
    context = {
        "page": page,
        "letters": LETTERS,
        "letter": _letter(request),
        "decades": lists.decades(),
        "formats": formats,
        "countries": countries,
        "chosen": {
            "decade": decade,
            "format": request.GET.get("format") if format_key else "",
            "country": country,
        },
        "filtered": bool(decade is not None or format_key or country),
    }
    return render(request, "catalog/film_list.html", context)


@require_GET
def person_list(request):
    """People A-Z with their roles and how many films in each, by role."""
    roles = [(value, label) for value, label in Credit.Role.choices]
    role = request.GET.get("role", "")
    role = role if role in dict(roles) else ""
    people = lists.public_people(Person.objects.only("name", "name_key", "slug", "disambiguator"), role)
    page = _page(request, people, "name_key")
    lists.person_roles(page.items)
    context = {"page": page, "letters": LETTERS, "letter": _letter(request), "roles": roles, "role": role}
    return render(request, "catalog/person_list.html", context)


@require_GET
def label_list(request):
    """Labels with at least one public edition, with their counts (from the tallies)."""
    counts = public_releases_by_label()
    labels = list(Label.objects.filter(pk__in=list(counts)).order_by("name"))
    for label in labels:
        label.n_releases = counts[label.pk]
    return render(request, "catalog/label_list.html", {"labels": labels})


@require_GET
@follows_merges
def label(request, slug):
    """A label: its catalogue by year of release, newest first (with films and reviews), paginated."""
    labels = Label.objects.all() if _staff(request) else public.labels()
    label = _get_or_merged(labels, "label", slug)
    releases = (
        Release.objects.filter(label=label) if _staff(request) else public.releases().filter(label=label)
    )
    editions = (
        releases.select_related("film", "label")
        .prefetch_related(_public_reviews_prefetch())
        .order_by(F("street_date").desc(nulls_last=True), "film__title", "film__year", "id")
    )
    # Readers: the label's public editions from the tallies. Editors: its editions, counted along
    # the label's index (as many rows as the label has editions, not the archive).
    if _staff(request):
        total = releases.order_by().count()
    else:
        total = public_releases_by_label(label.pk).get(label.pk, 0)
    page = CountedPaginator(editions, RELEASES_PER_PAGE, total).get_page(request.GET.get("page"))
    page.object_list = pictures.attach_release_covers(page.object_list)
    context = {"label": label, "page": page, "logo": pictures.logo_for(label)}
    return render(request, "catalog/label.html", context)


@require_GET
@follows_merges
def release(request, slug):
    """One edition: its label, format, tracks, extras and packaging, its reviews, the other editions."""
    releases = Release.objects.all() if _staff(request) else public.releases()
    release = _get_or_merged(_editions(releases), "release", slug)
    others = public.releases().filter(film=release.film_id).exclude(pk=release.pk).select_related("label")
    pictures.attach_covers(release.public_reviews)
    context = {
        "release": release,
        "film": release.film,
        "other_editions": list(others.order_by("street_date")),
        "pictures": pictures.release_images(release),
    }
    return render(request, "catalog/release.html", context)
