"""The local media route: only names ReelPress writes (images/ab/<hash>....ext) are served."""

from django.urls import re_path

from reelpress.images import views

app_name = "images"

urlpatterns = [
    re_path(
        r"^(?P<name>images/[0-9a-f]{2}/[0-9a-f]{16,64}(?:-\d{1,5}-[0-9a-f]{10})?\.(?:jpg|png|webp|avif))$",
        views.media,
        name="media",
    ),
]
