"""Template context available on every page."""

from django.conf import settings

from reelpress.site.address import site_url


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": site_url(request)}
