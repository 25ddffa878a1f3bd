"""``reelpress ensure_admin``: create an admin account if there is none, printing its password once."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the 'admin' superuser with a random password when no superuser exists (prints it once)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            name = (
                users.objects.filter(is_superuser=True).order_by("pk").values_list("username", flat=True)[0]
            )
            self.stdout.write(
                f"An admin account exists ({name}). Lost its password? `reelpress changepassword {name}`."
            )
            return
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser(username, f"{username}@localhost", password)
        self.stdout.write(self.style.SUCCESS("Created the admin account (shown only this once):"))
        self.stdout.write(f"    user: {username}\n    password: {password}\n    sign in at /admin/")
        self.stdout.write(f"Lost it later? `reelpress changepassword {username}` sets a new one.")
