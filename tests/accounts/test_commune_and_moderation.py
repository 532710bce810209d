"""#12 items 4 and 5: the commune is decided once (the officer's unit wins a tie) and imports move no status
except by the moderation rules."""
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from gis_app.places.models import AdminUnit
from gis_app.registry.models import Producer, Status
from tests.accounts.test_roles_imports import csv_bytes, row
from tests.roles_helpers import make_user, producer_form

pytestmark = pytest.mark.django_db


# --- item 5: imports and moderation -----------------------------------------------------------------------

@pytest.fixture
def published_home(places):
    home, _away = places
    Producer.objects.filter(pk=home.pk).update(status=Status.PUBLISHED, ref="BD-HOME-1")
    return Producer.objects.get(pk=home.pk)


def import_command(tmp_path, user, rows):
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes(rows))
    try:
        call_command("import_registry", str(path), "--kind", "producers", "--user", user.username,
                     "--language", "en", "--no-progress", "--accept-duplicates", stdout=open("/dev/null", "w"))
    except (CommandError, SystemExit):
        return False
    return True


@pytest.mark.parametrize("status", ["draft", "rejected", "nháp", "bị từ chối"])
@pytest.mark.parametrize("role", ["commune_officer", "district_officer", "provincial_officer"])
def test_an_import_cannot_unpublish_or_reject(tmp_path, users, published_home, status, role):
    home = published_home
    import_command(tmp_path, users[role], [row(home.ref, home.name, home, status)])
    stored = Producer.objects.get(pk=home.pk)
    assert stored.status == Status.PUBLISHED and stored.version == home.version


def test_the_refusal_names_the_status_column(tmp_path, users, published_home):
    from gis_app.core.readers import read_table
    from gis_app.imports.service import Options, run_import

    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes([row(published_home.ref, published_home.name, published_home, "draft")]))
    with translation.override("en"):
        report = run_import(read_table(path), Options(kind="producers", commit=True, user=users["commune_officer"]))
    assert not report.committed
    assert [(p.field, "moderation" in p.message) for p in report.problems] == [("Trạng thái", True)]


def test_unchanged_status_and_new_drafts_still_import(tmp_path, users, published_home):
    home = published_home
    assert import_command(tmp_path, users["commune_officer"], [row(home.ref, "Tên mới của hộ", home, "công bố"),
                                                                row("BD-NEW-1", "Hộ mới", home, "draft")])
    assert Producer.objects.get(pk=home.pk).name == "Tên mới của hộ"
    assert Producer.objects.get(ref="BD-NEW-1").status == Status.DRAFT


def test_a_moderator_may_publish_through_an_import(tmp_path, users, places):
    home, _away = places
    Producer.objects.filter(pk=home.pk).update(status=Status.SUBMITTED, ref="BD-HOME-2")
    home = Producer.objects.get(pk=home.pk)
    assert import_command(tmp_path, users["provincial_officer"], [row(home.ref, home.name, home, "published")])
    assert Producer.objects.get(pk=home.pk).status == Status.PUBLISHED


# --- item 4: one commune, decided once --------------------------------------------------------------------

def shared_vertex():
    """A point on the boundary of two districts (a vertex both polygons hold), with the two districts."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT ST_X(p.geom), ST_Y(p.geom), a.id, b.id
              FROM places_adminunit a JOIN places_adminunit b
                ON a.id < b.id AND a.level = 'district' AND b.level = 'district'
               AND a.valid_from <= %(day)s AND a.valid_to > %(day)s AND b.valid_from <= %(day)s
               AND b.valid_to > %(day)s AND ST_Touches(a.geom, b.geom)
              CROSS JOIN LATERAL ST_DumpPoints(ST_Intersection(a.geom, b.geom)) p
             WHERE ST_Covers(a.geom, p.geom) AND ST_Covers(b.geom, p.geom)
               AND EXISTS (SELECT 1 FROM places_adminunit pr WHERE pr.level = 'province'
                             AND ST_Covers(pr.geom, p.geom))
             ORDER BY a.code, b.code, ST_X(p.geom), ST_Y(p.geom) LIMIT 1""", {"day": settings.OCOP_REGISTRY_UNITS_ON})
        lon, lat, first, second = cursor.fetchone()
    return lon, lat, AdminUnit.objects.get(pk=first), AdminUnit.objects.get(pk=second)


def communes_at(lon, lat):
    return list(AdminUnit.objects.filter(level="commune", geom__covers=f"SRID=4326;POINT({lon} {lat})")
                .valid_on(settings.OCOP_REGISTRY_UNITS_ON)
                .values_list("parent_id", flat=True))


@pytest.mark.parametrize("which", [0, 1])
def test_an_officer_on_a_shared_vertex_keeps_the_record_in_the_own_district(client, django_user_model, which):
    lon, lat, *districts = shared_vertex()
    assert {d.pk for d in districts} <= set(communes_at(lon, lat))  # a real tie
    district = districts[which]
    officer = make_user(django_user_model, "district_officer", name=f"huyen{which}", unit=district)
    producer = Producer.objects.filter(commune__parent=district).order_by("pk").first()
    client.force_login(officer)
    response = client.patch(f"/api/v1/producers/{producer.pk}/",
                            json.dumps({"version": producer.version,
                                        "location": {"type": "Point", "coordinates": [lon, lat]}}),
                            content_type="application/json")
    assert response.status_code == 200, response.content
    stored = Producer.objects.select_related("commune").get(pk=producer.pk)
    assert stored.commune.parent_id == district.pk  # the officer's own unit won the tie


def test_the_area_rule_holds_for_the_stored_commune(client, users, places):
    """Whatever decides the commune, the saved record is inside the officer's area."""
    home, away = places
    client.force_login(users["district_officer"])
    response = client.patch(f"/api/v1/producers/{home.pk}/",
                            json.dumps({"version": home.version, "location": {
                                "type": "Point", "coordinates": [away.location.x, away.location.y]}}),
                            content_type="application/json")
    assert response.status_code == 403
    assert Producer.objects.get(pk=home.pk).commune_id == home.commune_id


def test_the_admin_decides_the_same_way(client, django_user_model):
    lon, lat, first, second = shared_vertex()
    for district in (first, second):
        officer = make_user(django_user_model, "district_officer", name=f"a{district.pk}", unit=district)
        producer = Producer.objects.filter(commune__parent=district).order_by("pk").first()
        client.force_login(officer)
        form = producer_form(producer, commune="", location=json.dumps({"type": "Point", "coordinates": [lon, lat]}))
        response = client.post(f"/admin/registry/producer/{producer.pk}/change/", form)
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert Producer.objects.get(pk=producer.pk).commune.parent_id == district.pk
