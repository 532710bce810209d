"""A point on a vertex of a commune officer's own commune stays the officer's (issue #25 item 7).

The held-out probe saw such a point refused as "outside your area"; on main the tie rule
(`places.territory.commune_at` preferring the writer's unit, `accounts.rules.prefer_own_unit`) accepts it through
the API and the admin alike. This walks every vertex of the officer's commune, where two or three communes
cover the point, through each path, so that the rule cannot silently regress.
"""
import json

import pytest
from django.conf import settings
from django.db import connection

from gis_app.registry.models import Producer
from tests.roles_helpers import make_user, producer_form

pytestmark = pytest.mark.django_db


def vertices_of(unit):
    """(lon, lat, communes covering it) for each vertex of `unit`'s boundary, on the registry's unit date."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT DISTINCT ST_X(d.geom), ST_Y(d.geom),
                   (SELECT count(*) FROM places_adminunit o
                     WHERE o.level = 'commune' AND o.valid_from <= %(day)s AND o.valid_to > %(day)s
                       AND ST_Covers(o.geom, d.geom))
              FROM places_adminunit u CROSS JOIN LATERAL ST_DumpPoints(u.geom) d
             WHERE u.id = %(id)s
               AND EXISTS (SELECT 1 FROM places_adminunit p WHERE p.level = 'province' AND ST_Covers(p.geom, d.geom))
             ORDER BY 1, 2""", {"id": unit.pk, "day": settings.OCOP_REGISTRY_UNITS_ON})
        return cursor.fetchall()


@pytest.mark.parametrize("role", ["commune_officer", "district_officer"])
def test_every_vertex_of_the_own_commune_is_accepted_through_the_api_and_the_admin(client, django_user_model, role):
    producer = Producer.objects.filter(commune__isnull=False).order_by("pk").first()
    commune = producer.commune
    unit = commune if role == "commune_officer" else commune.parent
    officer = make_user(django_user_model, role, name=f"dinh-{role}", unit=unit)
    client.force_login(officer)
    points = vertices_of(commune)
    assert any(covering > 1 for _lon, _lat, covering in points)  # real ties among them
    for lon, lat, _covering in points:
        location = {"type": "Point", "coordinates": [lon, lat]}
        stored = Producer.objects.get(pk=producer.pk)
        response = client.patch(f"/api/v1/producers/{stored.pk}/", json.dumps(
            {"version": stored.version, "location": location}), content_type="application/json")
        assert response.status_code == 200, (lon, lat, response.content)
        for commune_field in (str(commune.pk), ""):  # the commune kept, or left to be found from the point
            stored = Producer.objects.get(pk=producer.pk)
            response = client.post(f"/admin/registry/producer/{stored.pk}/change/", producer_form(
                stored, commune=commune_field, location=json.dumps(location)))
            assert response.status_code == 302, (lon, lat, commune_field, response.content.decode()[-2000:])
            saved = Producer.objects.select_related("commune").get(pk=producer.pk)
            assert (saved.location.x, saved.location.y) == (lon, lat)
            assert unit.pk in (saved.commune_id, saved.commune.parent_id)  # the officer's own unit won the tie
