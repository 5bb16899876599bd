import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "When no user exists yet, create an admin with a random password and print the login once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()
        with transaction.atomic():
            if User.objects.exists():
                return
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser(username=username, email="", password=password)
            user.groups.add(Group.objects.get(name="Admins"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the first user. Log in as {username!r} with password {password!r}\n"
                "(shown only this once; add further users in Django admin under /admin/)."
            )
        )
