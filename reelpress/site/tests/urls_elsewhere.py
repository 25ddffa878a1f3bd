"""A URLconf that mounts the reviews app elsewhere (``test_slug_urls``)."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("reelpress.reviews.urls"))]
