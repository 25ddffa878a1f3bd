"""The site's URLs: each app ships its own."""

from django.contrib import admin
from django.urls import include, path

from reelpress.site import views as site_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("reelpress.site.urls")),
    path("", include("reelpress.reviews.urls")),
    path("", include("reelpress.catalog.urls")),
    path("search/", include("reelpress.search.urls")),
    path("mail/", include("reelpress.mail.urls")),
    path("api/", include("reelpress.api.urls")),
]

handler404 = site_views.page_not_found
handler500 = site_views.server_error
