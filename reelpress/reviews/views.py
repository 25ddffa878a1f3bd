"""Public pages of the reviews app: home (the column), column updates, reviews, authors, archive, browse."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from reelpress.catalog.models import Release, attach_tracks
from reelpress.counts import figures
from reelpress.counts.figures import public_review_count, public_reviews_by_author
from reelpress.images import public as pictures
from reelpress.images.show import review_pictures, share_image
from reelpress.lib import compiled
from reelpress.lib.markdown import render_cached, summary_cached
from reelpress.lib.paging import MAX_PAGE, CountedPaginator, bounded_page
from reelpress.lib.text import make_slug
from reelpress.reviews import jsonld
from reelpress.reviews.models import Author, Column, Review, Tag
from reelpress.reviews.queries import (
    NEWEST,
    for_lists,
    newest_of,
    newest_of_matches,
    public_entries_prefetch,
    visible_reviews,
)
from reelpress.reviews.templatetags.reelpress_tags import group_credits
from reelpress.site.address import absolute

PER_PAGE = 20
YEAR_PAGE = 200
COLUMNS_PER_PAGE = 10
LATEST_ON_HOME = 8


def paginate(request, queryset, per_page: int = PER_PAGE, count: int | None = None):
    """One page of ``queryset`` for ``?page=``; a bad or too-large number gives the nearest page.

    With ``count`` (known from the tallies) the rows are not counted.
    """
    paginator = (
        Paginator(queryset, per_page) if count is None else CountedPaginator(queryset, per_page, count)
    )
    return paginator.get_page(request.GET.get("page"))


def _reach(request, per_page: int) -> int:
    """How far down its list the asked page ends (for choosing a query shape)."""
    number = request.GET.get("page", "")
    return min(int(number) if number.isdigit() and int(number) > 0 else 1, MAX_PAGE) * per_page


def list_page(request, items, count: int, per_page: int | None = None):
    """One page of a list whose ``count`` is known, no deeper than ``lib.paging.MAX_PAGE``."""
    paginator = CountedPaginator(items, per_page or PER_PAGE, count)
    return bounded_page(paginator, request.GET.get("page"), MAX_PAGE)


def with_covers(page):
    """A page of reviews with ``review.cover`` set on each, in one query for the whole page."""
    page.object_list = pictures.attach_covers(page.object_list)
    return page


def _is_staff(request) -> bool:
    return request.user.is_authenticated and request.user.is_staff


@require_GET
def home(request):
    """The latest column update in full, the latest reviews beside it (a review is on the home page as
    soon as it is published, announced or not), then older updates; only reviews when there is no column."""
    columns = Column.objects.public().select_related("author").prefetch_related(public_entries_prefetch())
    critics_counts = public_reviews_by_author()
    critics = _critics(critics_counts)
    if not columns.exists():
        total = sum(critics_counts.values())
        page = with_covers(paginate(request, for_lists(Review.objects.public()), count=total))
        context = {"page": page, "latest": None, "reviews": page, "critics": critics}
        return render(request, "reviews/home.html", context)
    page = paginate(request, columns, COLUMNS_PER_PAGE)
    items = list(page.object_list)
    latest = items[0] if page.number == 1 and items else None
    older = items[1:] if latest else items
    recent = []
    if latest:
        # Newest first along the published_at index, a fixed number of rows whatever the archive;
        # the ones the column already lists are not repeated.
        announced = [entry.review_id for entry in latest.public_entries]
        recent = list(for_lists(Review.objects.public().exclude(pk__in=announced))[:LATEST_ON_HOME])
        # Covers of the update's reviews and of the latest ones: one query for both lists.
        pictures.attach_covers([entry.review for entry in latest.public_entries] + recent)
    context = {"page": page, "latest": latest, "older": older, "critics": critics, "recent": recent}
    return render(request, "reviews/home.html", context)


def _critics(counts: dict | None = None) -> list[Author]:
    """Authors with at least one public review, with their counts (``n_reviews``), by name.

    The counts come from the tallies (a row per author), not from counting every review.
    """
    counts = public_reviews_by_author() if counts is None else counts
    authors = list(Author.objects.filter(pk__in=[pk for pk in counts if pk is not None]).order_by("name"))
    for author in authors:
        author.n_reviews = counts[author.pk]
    return authors


@require_GET
def column(request, slug):
    """One column update: the critic's notes and the public reviews it announces."""
    columns = Column.objects.all() if _is_staff(request) else Column.objects.public()
    column = get_object_or_404(
        columns.select_related("author").prefetch_related(public_entries_prefetch()), slug=slug
    )
    pictures.attach_covers([entry.review for entry in column.public_entries])
    public = Column.objects.public()
    newer = public.filter(date__gt=column.date).order_by("date", "id").first()
    older = public.filter(date__lt=column.date).order_by("-date", "-id").first()
    context = {
        "column": column,
        "notes_html": render_cached(column.notes),
        "newer": newer,
        "older": older,
        "preview": not public.filter(pk=column.pk).exists(),
    }
    return render(request, "reviews/column.html", context)


def _review_with_lists(request, slug):
    """The review and every list its page shows beside it, by statements compiled once per process
    (``lib.compiled``: compiling them on each request was a quarter of the page's CPU)."""
    review = get_object_or_404(
        visible_reviews(request).select_related("film", "release", "release__label", "author"), slug=slug
    )
    compiled.attach([review], "ratings")
    compiled.attach([review], "tags")
    compiled.attach([review.film], "alternate_titles")
    compiled.attach([review.film], "credits", select=("person",))
    if review.release_id:
        attach_tracks([review.release])
    return review


@require_GET
def review(request, slug):
    """One review with its film, credits, edition, ratings and links to every related page."""
    review = _review_with_lists(request, slug)
    film = review.film
    credits = list(film.credits.all())
    body_html = render_cached(review.body)
    # Pages, previews and JSON-LD need a summary even when the critic wrote no blurb.
    summary = review.blurb or summary_cached(review.body)
    # The film's other public reviews with their editions: the other editions shown are theirs
    # (an edition is public through its reviews), and one query of pictures covers them all.
    other_reviews = list(for_lists(Review.objects.public().filter(film=film).exclude(pk=review.pk)))
    shown = review_pictures(review, others=other_reviews)
    cover, captures = shown["cover"], shown["captures"]
    share = share_image(cover or (captures[0] if captures else None), request)
    context = {
        "review": review,
        "film": film,
        "release": review.release,
        "credit_groups": group_credits(credits),
        "body_html": body_html,
        "summary": summary,
        "bio_html": render_cached(review.author.bio) if review.author_id else "",
        "other_editions": _other_editions(other_reviews, review.release_id),
        "other_reviews": other_reviews,
        "cover": cover,
        "captures": captures,
        "share_image": share,
        "portrait": shown["portrait"],
        "jsonld": jsonld.review_data(review, credits, summary, request, images=[cover, *captures]),
        "canonical_url": absolute(review.get_absolute_url(), request),
        "preview": not review.is_public,
    }
    return render(request, "reviews/review.html", context)


def _other_editions(other_reviews, release_id) -> list:
    """The editions of ``other_reviews`` but ``release_id``, once each, by street date (undated
    first, as SQLite sorts them) then id: what ``catalog.public.releases()`` of the film gives."""
    editions = {r.release_id: r.release for r in other_reviews if r.release_id and r.release_id != release_id}
    return sorted(
        editions.values(), key=lambda e: (e.street_date is not None, e.street_date or dt.date.min, e.pk)
    )


@require_GET
def author_list(request):
    """Every critic with at least one public review."""
    return render(request, "reviews/author_list.html", {"authors": _critics()})


@require_GET
def author(request, slug):
    """A critic's bio and public reviews, newest first, paginated."""
    author = get_object_or_404(Author, slug=slug)
    # Walked down the (author, published_at) index: a page reads its own rows.
    reviews = for_lists(Review.objects.public().filter(author=author)).order_by(*NEWEST)
    page = with_covers(list_page(request, reviews, public_reviews_by_author().get(author.pk, 0)))
    if not page.paginator.count and not _is_staff(request):
        raise Http404("No public reviews by this author")
    context = {
        "author": author,
        "bio_html": render_cached(author.bio),
        "page": page,
        "portrait": pictures.portrait_for(author),
    }
    return render(request, "reviews/author.html", context)


def _years() -> list[dict]:
    """Years with their counts of public reviews, newest first, from the tallies."""
    return [
        {"year": year, "n": n} for year, n in sorted(figures.public_reviews_by_year().items(), reverse=True)
    ]


@require_GET
def archive(request):
    """Years with their counts of public reviews, newest first."""
    return render(request, "reviews/archive.html", {"years": _years()})


@require_GET
def archive_year(request, year):
    """A year's public reviews, grouped by month of publication, 200 to a page."""
    if not 1 <= year <= 9999:  # no date has such a year: the lookup itself would fail
        raise Http404("No reviews that year")
    reviews = for_lists(Review.objects.public().filter(published_at__year=year))
    reviews = reviews.order_by("published_at", "id")
    counts = figures.public_reviews_by_year()
    # A page of a year at a time: a whole year of a large archive is thousands of reviews.
    page = with_covers(list_page(request, reviews, counts.get(year, 0), YEAR_PAGE))
    if not page.paginator.count:
        raise Http404("No reviews that year")
    years = sorted(counts)
    earlier = [y for y in years if y < year]
    later = [y for y in years if y > year]
    context = {
        "year": year,
        "reviews": page.object_list,
        "page": page,
        "previous_year": earlier[-1] if earlier else None,
        "next_year": later[0] if later else None,
    }
    return render(request, "reviews/archive_year.html", context)


# --- browse: format, decade, verdict, tag


def _format_items():
    found = figures.public_reviews_by_format()
    items = [{"name": f["name"], "slug": make_slug(key), "n": f["n"]} for key, f in found.items()]
    return sorted(items, key=lambda item: item["name"])


def _decades() -> dict[int, int]:
    counts: dict[int, int] = {}
    for year, n in figures.public_reviews_by_film_year().items():
        counts[year // 10 * 10] = counts.get(year // 10 * 10, 0) + n
    return counts


def _decade_items():
    return [{"name": f"{d}s", "slug": str(d), "n": n} for d, n in sorted(_decades().items())]


def _verdicts():
    merged: dict[str, dict] = {}
    for verdict, n in sorted(figures.public_reviews_by_verdict().items()):
        # Spellings that differ only in case or punctuation share one slug and one page.
        item = merged.setdefault(make_slug(verdict), {"name": verdict, "verdicts": [], "n": 0})
        item["verdicts"].append(verdict)
        item["n"] += n
    return merged


def verdict_spellings(text: str) -> list[str]:
    """The verdicts as stored that equal ``text`` ignoring case (from the per-change figures)."""
    wanted = text.strip().casefold()
    return [v for item in _verdicts().values() for v in item["verdicts"] if v.casefold() == wanted]


def _verdict_items():
    items = [{"name": v["name"], "slug": s, "n": v["n"]} for s, v in _verdicts().items()]
    return sorted(items, key=lambda i: (-i["n"], i["name"]))


BROWSE = {
    "format": ("Formats", "reviews:browse_format", _format_items),
    "decade": ("Decades", "reviews:browse_decade", _decade_items),
    "verdict": ("Verdicts", "reviews:browse_verdict", _verdict_items),
}


def _browse_sections(kinds):
    return [
        {"kind": kind, "title": BROWSE[kind][0], "url_name": BROWSE[kind][1], "items": BROWSE[kind][2]()}
        for kind in kinds
    ]


@require_GET
def browse(request):
    """Every way to browse on one page: formats, decades, verdicts."""
    sections = _browse_sections(["format", "decade", "verdict"])
    return render(request, "reviews/browse_index.html", {"title": "Browse", "sections": sections})


@require_GET
def browse_formats(request):
    """Formats with their counts of public reviews."""
    return render(
        request,
        "reviews/browse_index.html",
        {"title": "Browse by format", "sections": _browse_sections(["format"])},
    )


@require_GET
def browse_format(request, slug):
    """Public reviews of editions in one format, paginated."""
    # A format's key is its folded name (words joined by spaces), so the slug maps straight back.
    key = slug.replace("-", " ")
    reviews = for_lists(Review.objects.public().filter(release__format_key=key))
    found = figures.public_reviews_by_format().get(key)
    matches = found["n"] if found else 0
    in_format = Release.objects.filter(pk=OuterRef("release_id"), format_key=key)
    walk = for_lists(Review.objects.public().filter(Exists(in_format)))
    shown = newest_of_matches(walk, reviews, matches, public_review_count(), _reach(request, PER_PAGE))
    page = list_page(request, shown, matches)
    if not page.paginator.count:
        raise Http404("No reviews in that format")
    name = page.object_list[0].release.disc_format
    return _browse_list(request, page, f"Reviews of {name} editions", "format", name)


@require_GET
def browse_decades(request):
    """Decades of the reviewed films, with counts."""
    return render(
        request,
        "reviews/browse_index.html",
        {"title": "Browse by decade", "sections": _browse_sections(["decade"])},
    )


@require_GET
def browse_decade(request, decade):
    """Public reviews of films from one decade, oldest film first."""
    decade = int(decade)
    if decade % 10:
        raise Http404("Not a decade")
    reviews = for_lists(
        Review.objects.public().filter(film__year__gte=decade, film__year__lt=decade + 10)
    ).order_by("film__year", "film__title", "film_id", "-published_at", "-id")
    # Films walked by (year, title), each film's reviews by (film, published_at): no sort of the decade.
    page = list_page(request, reviews, _decades().get(decade, 0))
    if not page.paginator.count:
        raise Http404("No reviews of films from that decade")
    return _browse_list(request, page, f"Films of the {decade}s", "decade", f"{decade}s")


@require_GET
def browse_verdicts(request):
    """Verdicts with their counts, most used first."""
    return render(
        request,
        "reviews/browse_index.html",
        {"title": "Browse by verdict", "sections": _browse_sections(["verdict"])},
    )


@require_GET
def browse_verdict(request, slug):
    """Public reviews with one verdict, paginated."""
    verdict = _verdicts().get(slug)
    if verdict is None:
        raise Http404("No reviews with that verdict")
    # Each spelling walked down the (verdict, published_at) index and merged: an IN over several
    # spellings would sort every match.
    spellings = [for_lists(Review.objects.public().filter(verdict=v)) for v in verdict["verdicts"]]
    page = list_page(request, newest_of(spellings), verdict["n"])
    return _browse_list(request, page, f"Verdict: {verdict['name']}", "verdict", verdict["name"])


@require_GET
def tag(request, slug):
    """Public reviews carrying one tag, paginated."""
    tag = get_object_or_404(Tag, slug=slug)
    reviews = for_lists(Review.objects.public().filter(tags=tag))
    matches = figures.public_reviews_with_tag(tag.pk)
    tagged = Review.tags.through.objects.filter(review_id=OuterRef("pk"), tag_id=tag.pk)
    walk = for_lists(Review.objects.public().filter(Exists(tagged)))
    shown = newest_of_matches(walk, reviews, matches, public_review_count(), _reach(request, PER_PAGE))
    page = list_page(request, shown, matches)
    if not page.paginator.count:
        raise Http404("No public reviews with that tag")
    return _browse_list(request, page, f"Tagged “{tag.name}”", "tag", tag.name)


def _browse_list(request, page, title, kind, name):
    context = {"page": with_covers(page), "title": title, "kind": kind, "name": name}
    return render(request, "reviews/browse_list.html", context)
