"""``reelpress api_token USERNAME``: create an API token for a user and print it once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from reelpress.api.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'archive importer'")

    def handle(self, *args, username, name, **options):
        users = get_user_model()
        try:
            user = users.objects.get(**{users.USERNAME_FIELD: username})
        except users.DoesNotExist:
            raise CommandError(
                f"No user {username!r}: create it first (reelpress createsuperuser)."
            ) from None
        _row, token = ApiToken.objects.issue(user, name)
        if not (user.is_active and user.is_staff):
            self.stderr.write(
                self.style.WARNING(f"{username} is not an active staff user: this token cannot write yet.")
            )
        self.stdout.write(self.style.SUCCESS(f"API token for {username} (shown only this once):"))
        self.stdout.write(token)
        self.stdout.write("Send it as the header:  Authorization: Bearer <token>")
