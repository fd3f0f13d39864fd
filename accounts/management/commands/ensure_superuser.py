"""Create the first admin from the DJANGO_SUPERUSER_* variables, once.

`make run` calls this on every start: with the variables unset it only says how, and when the
user already exists it changes nothing (its password may have been changed since).
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

VARIABLES = ["DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_EMAIL", "DJANGO_SUPERUSER_PASSWORD"]


class Command(BaseCommand):
    help = (
        "Create a superuser from DJANGO_SUPERUSER_USERNAME, _EMAIL and _PASSWORD unless that "
        "user exists; without them, say how to create one."
    )

    def handle(self, *args, **options) -> None:
        given = [name for name in VARIABLES if os.environ.get(name)]
        if not given:
            self.stdout.write(
                "No admin created: set DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_EMAIL and "
                "DJANGO_SUPERUSER_PASSWORD to have one created, or run manage.py createsuperuser."
            )
            return
        if missing := [name for name in VARIABLES if name not in given]:
            raise CommandError(f"Set {', '.join(missing)} too: creating an admin needs all three.")

        user_model = get_user_model()
        username = os.environ["DJANGO_SUPERUSER_USERNAME"]
        if user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).exists():
            self.stdout.write(f"Admin {username!r} exists; left unchanged.")
            return
        candidate = user_model(
            **{
                user_model.USERNAME_FIELD: username,
                user_model.get_email_field_name(): os.environ["DJANGO_SUPERUSER_EMAIL"],
            }
        )
        try:
            # createsuperuser --noinput skips the password validators; an admin must not.
            validate_password(os.environ["DJANGO_SUPERUSER_PASSWORD"], candidate)
        except ValidationError as error:
            raise CommandError(
                "DJANGO_SUPERUSER_PASSWORD is not accepted: " + " ".join(error.messages)
            ) from error
        call_command("createsuperuser", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Created admin {username!r}."))
