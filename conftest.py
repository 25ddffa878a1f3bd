"""Shared test fixtures: named personas and records built in code, not JSON fixtures."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent / "shared"
DEV_SET = SHARED / "formats" / "dev"


def pytest_configure(config):
    # Playwright's sync API runs an event loop; Django's async-safety check would refuse the ORM.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Fixtures through which a test reaches the database (pytest-django refuses every other test).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
# A module that starts processes may hand them DATABASE_URL: its tests count as database tests.
_STARTS_PROCESSES = re.compile(r"\bsubprocess\b|\bPopen\b|DATABASE_URL")


def _reaches_the_database(item) -> bool:
    if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    path = Path(str(item.fspath))
    return bool(_STARTS_PROCESSES.search(path.read_text(encoding="utf-8"))) if path.exists() else True


def pytest_collection_modifyitems(config, items):
    """REELPRESS_TESTS=database runs only the tests that can reach the database (CI's second run,
    on PostgreSQL: a test pytest-django keeps away from the database has nothing to show there
    that the SQLite run did not). The default, and REELPRESS_TESTS=all, runs every test."""
    wanted = os.environ.get("REELPRESS_TESTS", "all")
    if wanted not in ("all", "database"):
        raise pytest.UsageError(f"REELPRESS_TESTS must be 'all' or 'database', not {wanted!r}")
    if wanted == "all":
        return
    kept = [item for item in items if _reaches_the_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.fixture
def editor(db, django_user_model):
    """A superuser-like editor who can edit every review."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "editor-pass-123", is_staff=True
    )
    user.is_superuser = True
    user.save()
    Group.objects.get_or_create(name="Editors")[0].user_set.add(user)
    return user


@pytest.fixture
def make_record():
    """Build a ReviewRecord with sensible published defaults; override any field by keyword."""
    from reelpress.ingest.record import ReviewRecord

    def build(**fields):
        base = dict(
            title="Them!",
            year=1954,
            color="b&w",
            aspect_ratio="1.37:1",
            runtime_minutes=94,
            directors=["Gordon Douglas"],
            cast=["James Whitmore", "Edmund Gwenn", "Joan Weldon", "James Arness"],
            cinematographers=["Sid Hickox"],
            disc_format="Blu-ray",
            label="Warner Archive Collection",
            street_date="2014-06-17",
            reviewer="Ada Critic",
            review_date="2026-01-10",
            published_at="2026-01-10T12:00:00+00:00",
            headline="Them!",
            blurb="Giant ants in the desert, and a film that takes them seriously.",
            body="A tight, *serious* monster picture.\n\nThe disc is sharp.",
            ratings={"Movie": "Excellent", "Video": "Very Good", "Sound": "Good", "Supplements": "Fair"},
            verdict="Highly Recommended",
            subtitles=["English"],
            extras=["Trailer (2 min)"],
            packaging="One Blu-ray in keep case",
        )
        base.update(fields)
        return ReviewRecord(**base)

    return build


@pytest.fixture
def stored(db, make_record):
    """Store a record through the one path and return the review."""
    from reelpress.ingest.store import save

    def store(**fields):
        return save(make_record(**fields)).review

    return store


@pytest.fixture
def future():
    return (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).isoformat()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; skips (saying why) when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser page (desktop width); screenshots go to test-artifacts/."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _empty_search_index_for_transactional_tests(request, django_db_blocker):
    """Transactional tests (live server, browser) flush only Django's tables, not the search
    index's own: each starts from an index of what is in the database, and leaves it empty, so
    no test's entries leak into the next one (whichever test that is: under pytest-xdist a
    worker's next test is any test of its next file)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    from reelpress.search.index import rebuild

    if transactional:
        request.getfixturevalue("transactional_db")
        rebuild()
    elif marker is not None or "db" in request.fixturenames:
        # A test in a transaction sees what earlier tests left in the index outside theirs (a
        # rebuild writes through a connection of its own): entries of reviews that do not exist
        # here. They are taken out inside this test's transaction, before it stores anything.
        request.getfixturevalue("db")
        from reelpress.search.backends import backend_for

        backend = backend_for()
        stale = backend.orphans()
        if stale:
            backend.remove(stale)
    yield
    if transactional:
        with django_db_blocker.unblock():
            rebuild(review_ids=[])  # an empty index swapped in, the test's rows flushed or not


@pytest.fixture(autouse=True)
def _media_in_tmp(request, tmp_path_factory):
    """Pictures a test stores go to a folder of its own (never ./data/media), and their
    renditions are made before the upload answers, so a test sees them at once."""
    from django.conf import settings

    root = tmp_path_factory.mktemp("media")
    old = settings.STORAGES, settings.MEDIA_ROOT, settings.REELPRESS_IMAGE_RENDITIONS
    from django.test.utils import override_settings

    storage = {
        **old[0],
        "default": {**old[0]["default"], "OPTIONS": {"location": str(root), "base_url": "/media/"}},
    }
    with override_settings(STORAGES=storage, MEDIA_ROOT=str(root), REELPRESS_IMAGE_RENDITIONS="inline"):
        yield root


@pytest.fixture(autouse=True)
def _empty_page_cache(settings):
    """Each test starts with no cached page, in a cache of this process's own (the default is a
    folder that outlives the test database and is shared with any other test run)."""
    from reelpress.pagecache.middleware import local_pages

    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
    }
    from django.core.cache import caches

    caches["pages"].clear()
    local_pages.clear()
    yield
