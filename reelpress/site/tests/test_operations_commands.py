"""Operators' commands: an admin account made once, a backup that holds the reviews."""

import io
import sqlite3

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from reelpress.reviews.models import Review


@pytest.mark.django_db
def test_ensure_admin_creates_one_admin_and_prints_its_password_once():
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    printed = out.getvalue()
    password = printed.split("password:")[1].split()[0]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)

    again = io.StringIO()
    call_command("ensure_admin", stdout=again)
    # Never the password again, but the way back from losing it.
    assert password not in again.getvalue()
    assert "reelpress changepassword admin" in again.getvalue()
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_database_only_backup_holds_every_review(stored, tmp_path):
    stored(slug="kept-in-the-backup")
    target = tmp_path / ("backup.sqlite3" if connection.vendor == "sqlite" else "backup.dump")
    out = io.StringIO()
    call_command("backup", "-o", str(target), "--database-only", stdout=out)
    assert f"Backed up to {target}" in out.getvalue() and "To restore:" in out.getvalue()
    assert target.stat().st_size > 0
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(target)
        slugs = [row[0] for row in copy.execute("SELECT slug FROM reviews_review")]
        copy.close()
        assert slugs == ["kept-in-the-backup"] == [r.slug for r in Review.objects.all()]
        # The search index is a file of its own, left out: restoring ends with a rebuild.
        assert "then run `reelpress reindex`" in out.getvalue()
    else:
        assert target.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format


def test_every_reelpress_command_prints_its_help():
    """`reelpress <command> --help` works for each of our commands (argparse %-formats help texts:
    a bare "10 %" in one of them made `reindex --help` crash)."""
    from django.core.management import get_commands, load_command_class

    ours = {name: app for name, app in get_commands().items() if app.startswith("reelpress")}
    assert {"reindex", "import", "export", "demo", "backup", "serve"} <= set(ours)
    for name, app in ours.items():
        parser = load_command_class(app, name).create_parser("reelpress", name)
        assert "usage: reelpress " + name in parser.format_help(), name
