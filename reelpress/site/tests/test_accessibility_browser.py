"""axe-core, run in Chromium on every public page type of the demo site and on the desk's review
form: any violation fails the test, listed by rule, impact and element (issue 15)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from reelpress.catalog.models import Label, Person, Release
from reelpress.mail.models import Letter
from reelpress.reviews.models import Author, Column, Review, Tag

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Axe()

# Index pages whose first entry is a page type of its own (a format, a decade, a verdict).
FIRST_ENTRY_OF = {
    "format": ("reviews:browse_formats", "/browse/format/"),
    "decade": ("reviews:browse_decades", "/browse/decade/"),
    "verdict": ("reviews:browse_verdicts", "/browse/verdict/"),
}


def demo_site():
    """The demo content, with a reader's letter published, answered and printed in a column
    (the demo has no letters). Without the drawn pictures: test_pages_with_pictures_pass_axe has them."""
    call_command("demo", "--no-pictures", verbosity=0)
    review = Review.objects.public().filter(release__isnull=False).order_by("published_at").first()
    Letter.objects.create(
        name="Rita Reader", email="rita@example.org", subject="About the transfer", review=review,
        message="Is the grain intact?", status=Letter.Status.APPROVED, is_published=True,
        reply="It is.", replied_by=review.author, column=Column.objects.filter(is_published=True).first(),
    )  # fmt: skip


def public_pages():
    """One address of each public page type, from the demo content."""
    review = Review.objects.public().filter(release__isnull=False).order_by("published_at").first()
    tagged = Tag.objects.filter(reviews__in=Review.objects.public()).first()
    return {
        "home": reverse("reviews:home"),
        "review": review.get_absolute_url(),
        "film": review.film.get_absolute_url(),
        "person": Person.objects.filter(credits__film=review.film).first().get_absolute_url(),
        "person's role": reverse("catalog:person_role", args=["akira-kurosawa", "director"]),
        "label": Label.objects.filter(releases__isnull=False).first().get_absolute_url(),
        "edition": Release.objects.filter(reviews=review).first().get_absolute_url(),
        "films": reverse("catalog:films"),
        "films filtered": reverse("catalog:films") + "?decade=2010",
        "people": reverse("catalog:people"),
        "people by role": reverse("catalog:people") + "?role=director",
        "labels": reverse("catalog:labels"),
        "column": Column.objects.filter(letters__isnull=False).first().get_absolute_url(),
        "authors": reverse("reviews:authors"),
        "author": Author.objects.filter(reviews__in=Review.objects.public()).first().get_absolute_url(),
        "archive": reverse("reviews:archive"),
        "archive year": reverse("reviews:archive_year", args=[review.published_at.year]),
        "browse": reverse("reviews:browse"),
        "formats": reverse("reviews:browse_formats"),
        "decades": reverse("reviews:browse_decades"),
        "verdicts": reverse("reviews:browse_verdicts"),
        "tag": reverse("reviews:tag", args=[tagged.slug]),
        "search results": reverse("search:results") + "?q=space",
        "search, nothing found": reverse("search:results") + "?q=zzzqqq",
        "mail": reverse("mail:index"),
        "letter": Letter.objects.public().first().get_absolute_url(),
        "mail thanks": reverse("mail:thanks"),
        "api": reverse("api:index"),
        "not found": "/no-such-page/",
    }


def violations(page):
    """Every axe-core violation on the page, one line per element: rule (impact) target: help."""
    found = AXE.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}) {n['target']}: {v['help']}" for v in found for n in v["nodes"]]


def check(page, url, name, problems):
    response = page.goto(url)
    assert response.status in (200, 404), (name, url, response.status)
    problems.extend(f"{name} [{url}]: {line}" for line in violations(page))


@pytest.mark.parametrize("width", [1280, 390])
def test_every_public_page_type_passes_axe(live_server, chromium, width):
    demo_site()
    pages = public_pages()
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    try:
        for name, path in pages.items():
            check(page, live_server.url + path, name, problems)
        for name, (index, prefix) in FIRST_ENTRY_OF.items():
            page.goto(live_server.url + reverse(index))
            first = page.locator(f"main a[href^='{prefix}']").first.get_attribute("href")
            check(page, live_server.url + first, name, problems)
    finally:
        context.close()
    assert not problems, f"{len(problems)} accessibility violation(s):\n" + "\n".join(problems)


def test_the_review_form_passes_axe(live_server, page, editor, artifacts):
    call_command("demo", "--no-pictures", verbosity=0)
    review = Review.objects.filter(ratings__isnull=False).first()
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-pass-123")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    problems = []
    forms = {
        "change": reverse("admin:reviews_review_change", args=[review.pk]),
        "add": reverse("admin:reviews_review_add"),
        # Its film's form, reached by the pencil beside the film: credits inline.
        "film": reverse("admin:catalog_film_change", args=[review.film_id]),
    }
    for name, path in forms.items():
        check(page, live_server.url + path, f"{name} form", problems)
        page.screenshot(path=str(artifacts / f"axe-review-{name}-form.png"), full_page=True)
    assert not problems, f"{len(problems)} accessibility violation(s):\n" + "\n".join(problems)


def illustrated_site(stored):
    """Pages with every kind of picture: a film on two editions with covers and packaging, each
    review with captures at a shared timecode (the comparison), portraits, a logo, a column."""
    from reelpress.images import uploads
    from reelpress.images.tests.samples import jpeg
    from reelpress.images.tests.shown import capture, cover, logo, portrait

    dvd = stored(slug="them-dvd", disc_format="DVD", street_date="2002-08-06", label="Warner Home Video",
                 tags=["creature"])  # fmt: skip
    bluray = stored(slug="them-bluray", reviewer="Bo Critic", tags=["creature"])
    for review, color in ((dvd, (30, 30, 30)), (bluray, (200, 200, 200))):
        cover(review.release, alt=f"Front cover of the {review.release.disc_format}")
        capture(review, review.release, "0:12:34", "Soldiers at the nest", color=color)
        portrait(review.author, alt=f"{review.author.name}, smiling")
    uploads.add(bluray.release, jpeg(1000, 1500), "back", "back.jpg", alt="Back cover", caption="The back")
    uploads.add(bluray, jpeg(), "capture", "title.jpg", decorative=True, caption="Title card")
    portrait(bluray.film.credits.get(role="director").person, alt="Gordon Douglas on set")
    logo(bluray.release.label)
    column = Column.objects.create(date=bluray.published_at.date(), title="Ants", slug="ants")
    column.entries.create(review=bluray)
    return {
        "review": bluray.get_absolute_url(),
        "review of the other edition": dvd.get_absolute_url(),
        "film, editions compared": bluray.film.get_absolute_url(),
        "edition": bluray.release.get_absolute_url(),
        "person": bluray.film.credits.get(role="director").person.get_absolute_url(),
        "label": bluray.release.label.get_absolute_url(),
        "author": bluray.author.get_absolute_url(),
        "home": reverse("reviews:home"),
        "column": column.get_absolute_url(),
        "archive year": reverse("reviews:archive_year", args=[bluray.published_at.year]),
        "tag": reverse("reviews:tag", args=["creature"]),
        "format": reverse("reviews:browse_format", args=["blu-ray"]),
        "search results": reverse("search:results") + "?q=them",
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_with_pictures_pass_axe(live_server, chromium, stored, width, artifacts):
    pages = illustrated_site(stored)
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    try:
        for name, path in pages.items():
            check(page, live_server.url + path, name, problems)
            shot = artifacts / f"pictures-{name.split(',')[0].replace(' ', '-')}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
        # The comparison, enhanced by its script, moved once from the keyboard.
        page.goto(live_server.url + pages["film, editions compared"])
        page.get_by_role("slider").focus()
        page.keyboard.press("ArrowLeft")
        assert page.locator(".shot-compare.is-comparing").count() == 1
        problems.extend(f"comparison: {line}" for line in violations(page))
    finally:
        context.close()
    assert not problems, f"{len(problems)} accessibility violation(s):\n" + "\n".join(problems)
