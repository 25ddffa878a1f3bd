"""``reelpress setup_roles``: the Editors and Critics groups, made the same way however often it runs."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command


def run():
    out = StringIO()
    call_command("setup_roles", stdout=out)
    return out.getvalue()


def perms(name):
    return set(Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename"))


def test_setup_roles_makes_both_groups(db):
    output = run()

    assert "Editors: created" in output and "Critics: created" in output
    assert ("reviews", "delete_review") in perms("Editors")
    assert ("catalog", "delete_film") in perms("Editors")
    assert ("reviews", "change_review") in perms("Critics")
    assert ("catalog", "add_film") in perms("Critics")


def test_critics_may_not_delete_shared_catalogue_rows(db):
    run()

    critics = perms("Critics")
    for model in ("film", "person", "label", "release"):
        assert ("catalog", f"delete_{model}") not in critics
    assert ("catalog", "delete_credit") in critics  # removing a row from the film's credits inline
    assert ("reviews", "delete_author") not in critics


def test_setup_roles_is_idempotent_and_repairs_drift(db):
    run()
    editors, critics = perms("Editors"), perms("Critics")
    Group.objects.get(name="Critics").permissions.clear()

    output = run()

    assert "Editors: updated" in output and "Critics: updated" in output
    assert Group.objects.filter(name__in=["Editors", "Critics"]).count() == 2
    assert perms("Editors") == editors and perms("Critics") == critics
