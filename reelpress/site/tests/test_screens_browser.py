"""The demo site's page types at 390 and 1280 px in Chromium: nothing scrolls sideways, and a
screenshot of each is kept in test-artifacts/ to be looked at (issue 15's "done when")."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)
PAGES = {
    "home": "/",
    "review": "/reviews/spacewalker-blu-ray/",
    "film": "/films/spacewalker-2017/",
    "person": "/people/evgeniy-mironov/",
    "label": "/labels/capelight/",
    "films": "/films/",
    "people": "/people/?role=director",
    "mail": "/mail/",
}


def test_the_page_types_fit_phones_and_desktops(live_server, chromium, artifacts):
    call_command("demo", verbosity=0)
    for width in (390, 1280):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            for name, path in PAGES.items():
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
                assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, (
                    path,
                    width,
                )
                page.screenshot(path=str(artifacts / f"screen-{name}-{width}.png"), full_page=True)
        finally:
            context.close()
