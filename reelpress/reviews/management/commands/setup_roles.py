"""``reelpress setup_roles``: make the "Editors" and "Critics" groups with their permissions.

Idempotent: each run sets the groups' permissions to exactly the lists below, so running it
again after an upgrade (new models) repairs drift instead of adding duplicates. Users become
editors or critics by being staff and joining a group; a critic also needs an Author whose
``user`` is them (the desk shows them only that author's reviews and columns).
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reelpress.reviews.permissions import CRITICS, EDITORS

# Editors: everything about the content, including deleting it; the desk lets them edit all rows.
EDITOR_APPS = ("catalog", "reviews", "images", "mail")
EDITOR_EXTRA = ("auth.view_user",)  # to link an Author to a user with the autocomplete

# Critics: write reviews and columns (the desk limits them to their own), grow the catalogue,
# never delete a film, person, label or edition other reviews may share.
CRITIC_PERMS = {
    "catalog": {
        "film": "acv",
        "alternatetitle": "acdv",
        "person": "acv",
        "credit": "acdv",
        "label": "acv",
        "release": "acv",
        "audiotrack": "acdv",
        "subtitletrack": "acdv",
        "extra": "acdv",
    },
    "reviews": {
        "review": "acdv",
        "rating": "acdv",
        "tag": "av",
        "author": "cv",
        "column": "acdv",
        "columnentry": "acdv",
    },
    # Covers, captures, portraits: on the pages critics may edit (the desk's inlines).
    "images": {"image": "acdv"},
}
# Reader mail: critics read letters and answer them in public; whatever models the mail app has.
CRITIC_APP_WIDE = {"mail": "cv"}
ACTIONS = {"a": "add", "c": "change", "d": "delete", "v": "view"}


def _perm(app_label: str, codename: str) -> Permission:
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise CommandError(
            f"Permission {app_label}.{codename} does not exist: run `reelpress migrate` first."
        ) from None


def editor_permissions() -> list[Permission]:
    perms = list(Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))
    perms += [_perm(*name.split(".")) for name in EDITOR_EXTRA]
    return perms


def critic_permissions() -> list[Permission]:
    perms = []
    for app_label, models in CRITIC_PERMS.items():
        for model, letters in models.items():
            perms += [_perm(app_label, f"{ACTIONS[c]}_{model}") for c in letters]
    for app_label, letters in CRITIC_APP_WIDE.items():
        if not apps.is_installed(f"reelpress.{app_label}"):
            continue
        for model in apps.get_app_config(app_label).get_models():
            for c in letters:
                perms.append(_perm(app_label, f"{ACTIONS[c]}_{model._meta.model_name}"))
    return perms


def setup_roles() -> dict[str, tuple[bool, int]]:
    """Create or update both groups; returns {group name: (created, number of permissions)}."""
    result = {}
    with transaction.atomic():
        for name, perms in ((EDITORS, editor_permissions()), (CRITICS, critic_permissions())):
            group, created = Group.objects.get_or_create(name=name)
            group.permissions.set(perms)
            result[name] = (created, len(set(perms)))
    return result


class Command(BaseCommand):
    help = 'Create or update the "Editors" and "Critics" groups and their permissions (safe to re-run).'

    def handle(self, *args, **options):
        for name, (created, count) in setup_roles().items():
            verb = "created" if created else "updated"
            self.stdout.write(f"{name}: {verb}, {count} permissions")
        self.stdout.write(
            "Make a user staff and add them to a group; link a critic to their Author (Author.user)."
        )
