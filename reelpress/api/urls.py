"""The JSON API at /api/: one NinjaAPI, its OpenAPI document at /api/openapi.json.

There is no interactive docs page: ninja's loads Swagger UI from a CDN, and ReelPress runs
without internet. The OpenAPI document is enough for clients, fuzzers and offline viewers.
"""

from ninja import NinjaAPI

from reelpress.api import catalog, reviews, search

api = NinjaAPI(
    title="ReelPress API",
    version="1",
    description=(
        "Public, read-only access to published reviews and the catalogue; writing reviews "
        "needs a staff session (with CSRF) or an `Authorization: Bearer` token from "
        "`reelpress api_token USERNAME`."
    ),
    urls_namespace="api",
    docs_url=None,
)
api.add_router("", reviews.router)
api.add_router("", catalog.router)
api.add_router("", search.router)


@api.exception_handler(reviews.RecordInvalid)
def record_invalid(request, exc):
    """An unstorable record: 422, with the field to fix named."""
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=422)


app_name = "api"
urlpatterns = api.urls[0]
