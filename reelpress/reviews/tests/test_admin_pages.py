"""Every page of the desk for reviews and the catalogue renders, for an editor and for a critic."""

import pytest
from django.contrib import admin
from django.test import Client

from reelpress.reviews.models import Column, ColumnEntry
from reelpress.reviews.tests.admin_personas import critic_fixture  # noqa: F401 - fixtures

DESK_APPS = ("catalog", "reviews")


@pytest.fixture
def content(stored, critic):
    review = stored()
    column = Column.objects.create(date="2026-01-11", title="Ants", slug="ants", author=review.author)
    ColumnEntry.objects.create(column=column, review=review)
    return review


def desk_pages():
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label in DESK_APPS:
            yield model, f"/admin/{opts.app_label}/{opts.model_name}/"


@pytest.mark.parametrize("persona", ["editor", "critic"])
def test_every_desk_page_renders(request, content, persona):
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    for model, base in desk_pages():
        rows = model._default_manager.order_by("pk")
        changelist = client.get(base)
        assert changelist.status_code == 200, base
        assert client.get(base + "add/").status_code in (200, 403), base
        if rows.exists():
            assert client.get(f"{base}{rows.first().pk}/change/").status_code == 200, base
