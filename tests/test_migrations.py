"""Every model change has its migration: a plain `pytest` catches a missing one, not only `make test`."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"A model change has no migration (`python manage.py makemigrations`):\n{out.getvalue()}")
