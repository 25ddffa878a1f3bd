"""Public pages of the catalogue: film, person, label and edition pages; films, people and labels lists."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from reelpress.catalog import filmography, lists, public
from reelpress.catalog.models import (
    Credit,
    DatedOrEarliest,
    Film,
    Label,
    MergedKey,
    Person,
    Release,
    attach_tracks,
)
from reelpress.counts.figures import public_releases_by_label, waiting_credits
from reelpress.images import public as pictures
from reelpress.lib import compiled
from reelpress.lib.keyset import keyset_page
from reelpress.lib.paging import CountedPaginator, bounded_page
from reelpress.reviews.models import Review
from reelpress.reviews.queries import for_lists
from reelpress.reviews.templatetags.reelpress_tags import group_credits

RELEASES_PER_PAGE = 50
FILMS_PER_ROLE = 30  # on a person's page; the rest on the role's own pages
ROLE_PAGE_SIZE = 50
REVIEWS_PER_FILM = 5  # under each film of a filmography; every review is on the film's page
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


@require_GET
@follows_merges
def film(request, slug):
    """A film: its facts and credits, every edition side by side, and every review."""
    films = Film.objects.all() if _staff(request) else public.films()
    film = _get_or_merged(films, "film", slug)
    # Its lists by statements compiled once per process (lib.compiled), not prefetch_related.
    compiled.attach([film], "alternate_titles")
    compiled.attach([film], "credits", select=("person",))
    releases = Release.objects.filter(film=film) if _staff(request) else public.releases().filter(film=film)
    # The film's public reviews are read once, for their list and for each edition's column of
    # the side-by-side table (an edition's public reviews are the film's reviews of it).
    reviews = list(for_lists(Review.objects.public().filter(film=film)))
    compiled.attach(reviews, "ratings")
    editions = list(releases.select_related("film", "label").order_by("street_date", "id"))
    attach_tracks(editions)
    for edition in editions:
        edition.public_reviews = [r for r in reviews if r.release_id == edition.pk]
    editions = pictures.attach_release_covers(editions)
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


def _person(request, slug):
    """The person (404, or 301 when merged): readers see people credited on a public film."""
    people = Person.objects.all() if _staff(request) else public.people()
    return _get_or_merged(people, "person", slug)


@require_GET
@follows_merges
def person(request, slug):
    """A person: per role (director, writer, ..., cast) the first films, oldest first, with their
    reviews; each role's complete list is a paginated page of its own."""
    person, staff = _person(request, slug), _staff(request)
    roles = filmography.roles(person, staff=staff)
    shown = filmography.first_films(person, roles, FILMS_PER_ROLE, staff=staff)
    for group in roles:
        group["films"] = shown.get(group["key"], [])
        group["more"] = group["capped"] or group["n"] > len(group["films"])
    filmography.attach_reviews([item for group in roles for item in group["films"]], REVIEWS_PER_FILM)
    n_films, more_films = filmography.film_count(person, roles, staff=staff)
    context = {
        "person": person,
        "roles": roles,
        "n_films": n_films,
        "films_count": f"{n_films}+" if more_films else str(n_films),
        "years": filmography.years(roles),
        "portrait": pictures.portrait_for(person),
        "reviews_per_film": REVIEWS_PER_FILM,
    }
    return render(request, "catalog/person.html", context)


@require_GET
@follows_merges
def person_role(request, slug, role):
    """Every film of a person in one role, oldest first, ``ROLE_PAGE_SIZE`` to a page: numbered
    pages as deep as the role's count goes (``filmography.CAP`` films), then a cursor walk."""
    person, staff = _person(request, slug), _staff(request)
    roles = filmography.roles(person, staff=staff)
    group = next((g for g in roles if g["slug"] == role), None)
    if group is None:
        raise Http404("No films in that role")
    in_role = filmography.in_role(filmography.credits_of(person, staff=staff), group)
    after = filmography.parse_cursor(request.GET.get("after"))
    before = filmography.parse_cursor(request.GET.get("before"))
    page, next_cursor, previous_cursor = None, None, None
    if after or before:
        walked = filmography.walk(in_role, ROLE_PAGE_SIZE, after=after, before=before)
        credits, next_cursor, previous_cursor = walked.items, walked.next_cursor, walked.previous_cursor
    else:
        # Numbered pages reach as far as the count (at most CAP films: a bounded offset); a
        # role counted "300+" goes on from the last numbered page with a cursor.
        paginator = CountedPaginator(filmography.in_order(in_role), ROLE_PAGE_SIZE, group["n"])
        page = paginator.get_page(request.GET.get("page"))
        credits = list(page.object_list)
        if group["capped"] and not page.has_next() and credits:
            next_cursor = filmography.cursor_of(credits[-1])
    items = [filmography.item(credit) for credit in credits]
    filmography.attach_reviews(items, REVIEWS_PER_FILM)
    context = {
        "person": person,
        "group": group,
        "roles": roles,
        "page": page,
        "films": items,
        "next_cursor": next_cursor,
        "previous_cursor": previous_cursor,
        "reviews_per_film": REVIEWS_PER_FILM,
    }
    return render(request, "catalog/person_role.html", context)


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
    waiting = waiting_credits()  # read once: it narrows the list and corrects its counts
    people = Person.objects.only("name", "name_key", "slug", "disambiguator")
    page = _page(request, public.people(role, among=people, waiting=waiting), "name_key")
    lists.person_roles(page.items, waiting)
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
        # Walked down the (label, date) index; only editions of one date are sorted among themselves.
        .order_by(DatedOrEarliest("street_date").desc(), "film__title", "film__year", "id")
    )
    # Readers: the label's public editions from the tallies. Editors: its editions, counted along
    # the label's index (as many rows as the label has editions, not the archive).
    if _staff(request):
        total = releases.order_by().count()
    else:
        total = public_releases_by_label(label.pk).get(label.pk, 0)
    page = bounded_page(CountedPaginator(editions, RELEASES_PER_PAGE, total), request.GET.get("page"))
    page.object_list = pictures.attach_release_covers(page.object_list)
    context = {"label": label, "page": page, "logo": pictures.logo_for(label)}
    return render(request, "catalog/label.html", context)


@require_GET
@follows_merges
def release(request, slug):
    """One edition: its label, format, tracks, extras and packaging, its reviews, the other editions."""
    releases = Release.objects.all() if _staff(request) else public.releases()
    releases = releases.select_related("film", "label").prefetch_related(_public_reviews_prefetch())
    release = _get_or_merged(releases, "release", slug)
    attach_tracks([release])
    others = public.releases().filter(film=release.film_id).exclude(pk=release.pk).select_related("label")
    pictures.attach_covers(release.public_reviews)
    context = {
        "release": release,
        "film": release.film,
        "other_editions": list(others.order_by("street_date")),
        "pictures": pictures.release_images(release),
    }
    return render(request, "catalog/release.html", context)
