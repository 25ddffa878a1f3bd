"""``reelpress api_token USERNAME``: a token printed once, stored only as its hash."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from reelpress.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_it_prints_a_new_token_and_stores_only_its_hash(editor):
    out = io.StringIO()

    call_command("api_token", "editor", "--name", "importer", stdout=out)

    token = next(line for line in out.getvalue().splitlines() if line.startswith("rp_"))
    row = ApiToken.objects.get()
    assert row.user == editor
    assert row.name == "importer"
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_hash


def test_it_warns_when_the_user_cannot_write(django_user_model):
    django_user_model.objects.create_user("reader", "reader@example.org", "reader-pass-123")
    err = io.StringIO()

    call_command("api_token", "reader", stdout=io.StringIO(), stderr=err)

    assert "cannot write" in err.getvalue()


def test_an_unknown_user_is_an_error_that_names_the_fix(db):
    with pytest.raises(CommandError, match="createsuperuser"):
        call_command("api_token", "nobody")
