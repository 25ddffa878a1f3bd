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
            return
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser(username, f"{username}@localhost", password)
        self.stdout.write(self.style.SUCCESS("Created the admin account (shown only this once):"))
        self.stdout.write(f"    user: {username}\n    password: {password}\n    sign in at /admin/")
