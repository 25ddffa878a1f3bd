"""Content-Security-Policy and Permissions-Policy on every page; no inline script or style on public ones."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.catalog.models import Film, Label, Person, Release
from reelpress.mail.models import Letter
from reelpress.reviews.models import Author, Column, Review, Tag


def directives(header: str) -> dict[str, list[str]]:
    found = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


def public_paths() -> list[str]:
    """One page of every public kind, from the demo publication."""
    paths = [
        "/",
        "/archive/",
        "/browse/",
        "/browse/format/",
        "/browse/decade/",
        "/browse/verdict/",
        "/authors/",
        "/labels/",
        "/search/",
        "/search/?q=the",
        "/search/?q=zzqqxx",
        "/mail/",
        "/mail/thanks/",
        "/no-such-page/",
    ]
    review = Review.objects.public().first()
    paths += [review.get_absolute_url(), f"/archive/{review.published_at.year}/"]
    for model in (Film, Person, Label, Release, Author, Column):
        item = model.objects.first()
        if item is not None:
            paths.append(item.get_absolute_url())
    tag = Tag.objects.first()
    if tag is not None:
        paths.append(reverse("reviews:tag", args=[tag.slug]))
    letter = Letter.objects.public().first()
    if letter is not None:
        paths.append(letter.get_absolute_url())
    return paths


@pytest.mark.django_db
def test_every_response_carries_a_strict_policy_and_a_permissions_policy(client):
    response = client.get("/")
    policy = directives(response.headers["Content-Security-Policy"])

    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Content-Security-Policy" in client.get("/admin/login/").headers


@pytest.mark.django_db
def test_no_public_page_has_an_inline_script_style_or_handler(client):
    call_command("demo", verbosity=0)
    for path in public_paths():
        response = client.get(path)
        assert response.status_code in (200, 404), path
        html = HTMLParser(response.content.decode())
        for script in html.css("script"):
            kind = script.attributes.get("type") or ""
            assert script.attributes.get("src") or kind == "application/ld+json", (path, script.html[:80])
        assert not html.css("style"), path
        for node in html.css("*"):
            inline = [name for name in node.attributes if name == "style" or name.startswith("on")]
            assert not inline, (path, node.tag, inline)


@pytest.mark.django_db(transaction=True)
def test_chromium_reports_no_policy_violation_on_public_pages_or_the_admin_preview(live_server, page, editor):
    call_command("demo", verbosity=0)
    violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    for path in public_paths():
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert not violations, (path, violations)

    # The search box suggests as you type (script, its style sheet, a fetch).
    page.goto(live_server.url + "/")
    page.locator("#site-search").press_sequentially("spacew", delay=30)
    page.locator("#search-suggestions [role=option]").first.wait_for(state="visible")

    # JSON-LD is data: it is on the review page and nothing reports it.
    page.goto(live_server.url + Review.objects.public().first().get_absolute_url())
    assert page.locator('script[type="application/ld+json"]').count() == 1

    # The admin's preview of the body (a script posting to the preview view, HTML put in place).
    change = reverse("admin:reviews_review_change", args=[Review.objects.first().pk])
    page.goto(live_server.url + "/admin/login/?next=" + change)
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-pass-123")
    page.click("input[type=submit]")
    page.wait_for_url("**/change/")
    page.fill("#id_body", "A *fairy tale*.")
    page.get_by_role("button", name="Preview").click()
    page.locator("#reelpress-preview .reelpress-preview-body em").wait_for()

    assert violations == []
