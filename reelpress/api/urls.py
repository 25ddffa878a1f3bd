"""The JSON API at /api/: one NinjaAPI, its OpenAPI document at /api/openapi.json, interactive
documentation at /api/docs (Swagger UI from django-ninja's own static files, never a CDN: "ninja"
is in INSTALLED_APPS for that), and /api/ a page that points at both.
"""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET
from ninja import NinjaAPI

from reelpress.api import catalog, images, reviews, search

api = NinjaAPI(
    title="ReelPress API",
    version="1",
    description=(
        "Public, read-only access to published reviews and the catalogue; writing reviews "
        "needs a staff session (with CSRF) or an `Authorization: Bearer` token from "
        "`reelpress api_token USERNAME`."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("", reviews.router)
api.add_router("", catalog.router)
api.add_router("", search.router)
api.add_router("", images.router)


@api.exception_handler(reviews.RecordInvalid)
def record_invalid(request, exc):
    """An unstorable record: 422, with the field to fix named."""
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=422)


@require_GET
def index(request):
    """What the API is, where its documentation and schema are, how to get a token."""
    return render(request, "api/index.html")


app_name = "api"
urlpatterns = [path("", index, name="index"), *api.urls[0]]
