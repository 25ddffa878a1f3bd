"""Site-wide pages: robots.txt, a health check, the favicon, and the 404 / 500 pages in the site's style."""

from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from reelpress.lib.paging import PageTooDeep


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /mail/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request):
    # Pages name the SVG icon; this answers clients that ask for /favicon.ico regardless.
    return HttpResponsePermanentRedirect(static("site/favicon.svg"))


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok\n", content_type="text/plain")


def page_not_found(request, exception=None):
    deepest = exception.deepest if isinstance(exception, PageTooDeep) else None
    return render(request, "site/404.html", {"deepest": deepest}, status=404)


def server_error(request):
    # No context processors that touch the database: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("site/500.html").render(), status=500)
