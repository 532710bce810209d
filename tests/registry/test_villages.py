"""Craft-village membership is a spatial query: producers inside the polygon, whoever they are."""
import pytest
from django.contrib.gis.geos import Point
from shapely import wkt
from shapely.geometry import Point as ShapelyPoint

from gis_app.registry.models import CraftVillage, Producer

TBH = "Làng nghề sơn mài Tương Bình Hiệp"


@pytest.mark.django_db
def test_village_members_are_the_producers_inside_its_polygon():
    village = CraftVillage.objects.get(name=TBH)
    polygon = wkt.loads(village.area.wkt)
    expected = {p.pk for p in Producer.objects.all() if polygon.covers(ShapelyPoint(p.location.x, p.location.y))}
    members = set(village.members().values_list("pk", flat=True))
    assert members == expected
    assert len(members) >= 4
    assert all("sơn mài" in p.name.lower() for p in village.members())


@pytest.mark.django_db
def test_a_producer_moving_into_the_village_becomes_a_member_and_leaves_when_moved_out():
    village = CraftVillage.objects.get(name=TBH)
    outsider = Producer.objects.exclude(pk__in=village.members()).first()
    inside = village.area.point_on_surface
    outsider.location = Point(inside.x, inside.y, srid=4326)
    outsider.save()
    assert village.members().filter(pk=outsider.pk).exists()
    outsider.location = Point(106.70, 10.905, srid=4326)  # Lái Thiêu
    outsider.save()
    assert not village.members().filter(pk=outsider.pk).exists()


@pytest.mark.django_db
def test_village_list_in_the_admin_counts_members_without_a_query_per_village(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def changelist():
        with CaptureQueriesContext(connection) as queries:
            html = admin_client.get("/admin/registry/craftvillage/").content.decode()
        return html, len(queries)

    html, before = changelist()
    village = CraftVillage.objects.get(name=TBH)
    assert f'<td class="field-member_count">{village.members().count()}</td>' in html
    for n in range(3):
        CraftVillage.objects.create(name=f"Làng thử {n}", craft="Gốm", area=village.area)
    html, after = changelist()
    assert after == before
    assert html.count(f'<td class="field-member_count">{village.members().count()}</td>') == 4
