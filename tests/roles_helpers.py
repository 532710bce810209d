"""Shared helpers of the role tests: demo records in two different districts and one user per role."""
import json

import pytest

from gis_app.accounts.models import Role
from gis_app.accounts.roles import assign_role
from gis_app.registry.models import Producer


def producers_in_two_districts():
    """(home, away): two demo producers whose communes lie in different districts."""
    home = Producer.objects.select_related("commune__parent").filter(commune__isnull=False).order_by("pk").first()
    away = (Producer.objects.select_related("commune__parent").filter(commune__isnull=False)
            .exclude(commune__parent=home.commune.parent).order_by("pk").first())
    return home, away


def make_user(django_user_model, role, name=None, **target):
    user = django_user_model.objects.create_user(name or role, password=None)  # tests log in with force_login
    if role == "administrator":
        user.is_staff = user.is_superuser = True
        user.save()
    else:
        assign_role(user, role, **target)
    return user


@pytest.fixture
def places():
    return producers_in_two_districts()


@pytest.fixture
def users(django_user_model, places):
    """One user per role; officers and the producer account belong to the `home` producer's area."""
    home, _away = places
    return {
        "commune_officer": make_user(django_user_model, Role.COMMUNE_OFFICER, unit=home.commune),
        "district_officer": make_user(django_user_model, Role.DISTRICT_OFFICER, unit=home.commune.parent),
        "provincial_officer": make_user(django_user_model, Role.PROVINCIAL_OFFICER),
        "tourism_planner": make_user(django_user_model, Role.TOURISM_PLANNER),
        "producer": make_user(django_user_model, Role.PRODUCER, producer=home),
        "administrator": make_user(django_user_model, "administrator"),
    }


def producer_form(producer, **changes):
    """The admin change form's POST data for `producer` as stored, with `changes` applied."""
    data = {
        "ref": producer.ref or "", "legal_form": producer.legal_form, "name": producer.name,
        "address": producer.address, "commune": producer.commune_id or "",
        "location": json.dumps({"type": "Point", "coordinates": [producer.location.x, producer.location.y]}),
        "representative": producer.representative, "public_phone": producer.public_phone,
        "public_email": producer.public_email, "website": producer.website,
        "private_phone": producer.private_phone, "private_email": producer.private_email,
        "status": producer.status, "rejection_reason": producer.rejection_reason, "version": producer.version,
        "products-TOTAL_FORMS": "0", "products-INITIAL_FORMS": "0",
        "gallery-TOTAL_FORMS": "0", "gallery-INITIAL_FORMS": "0",  # photo inline (gis_app/photos)
    }
    data.update(changes)
    return data
