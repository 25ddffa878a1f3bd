"""The site's URLs: each app ships its own."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from reelpress.catalog import sitemaps as catalog_sitemaps
from reelpress.lib import sitemaps as sitemap_views
from reelpress.reviews import sitemaps as review_sitemaps
from reelpress.site import views as site_views

# Each app ships its sections; /sitemap.xml is the index that lists them.
SITEMAPS = {
    "reviews": review_sitemaps.ReviewSitemap,
    "columns": review_sitemaps.ColumnSitemap,
    "authors": review_sitemaps.AuthorSitemap,
    "films": catalog_sitemaps.FilmSitemap,
    "people": catalog_sitemaps.PersonSitemap,
    "labels": catalog_sitemaps.LabelSitemap,
    "editions": catalog_sitemaps.ReleaseSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("reelpress.site.urls")),
    path("", include("reelpress.reviews.urls")),
    path("", include("reelpress.catalog.urls")),
    path("search/", include("reelpress.search.urls")),
    path("mail/", include("reelpress.mail.urls")),
    path("api/", include("reelpress.api.urls")),
]

if settings.REELPRESS_SERVE_MEDIA:
    # Local pictures, with immutable cache headers (the reverse proxy serves them first in production).
    urlpatterns.append(path(settings.MEDIA_URL.lstrip("/"), include("reelpress.images.urls")))

handler404 = site_views.page_not_found
handler500 = site_views.server_error
