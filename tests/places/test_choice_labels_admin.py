"""Issue #24 item 2: choice lists of units in the admin (list filters, autocomplete, the selected value) and in
the catalogue show each unit's kind and parent, so that no two entries read alike ("An Bình", "An Bình")."""
import re
from html import unescape

import pytest
from django.utils import timezone

from gis_app.catalogue import queries as catalogue
from gis_app.places.models import AdminUnit
from gis_app.registry.models import Producer

pytestmark = pytest.mark.django_db


def filter_labels(html, parameter):
    """The labels of one admin list filter's choices ("?commune=…" links)."""
    return [unescape(text) for text in re.findall(rf'<a href="\?{parameter}=[^"]*"[^>]*>([^<]+)</a>', html)]


@pytest.mark.parametrize("parameter,count", [("commune", 91), ("district", 9)])
def test_the_admin_unit_filters_are_unique_and_say_kind_and_parent(admin_client, parameter, count):
    labels = filter_labels(admin_client.get("/admin/registry/producer/").content.decode(), parameter)
    assert len(labels) == len(set(labels)) == count
    assert all("(" in label for label in labels)
    if parameter == "commune":
        an_binh = [label for label in labels if " An Bình (" in label]
        assert len(an_binh) >= 2, an_binh


def test_the_autocomplete_and_the_selected_unit_are_labelled(admin_client):
    found = admin_client.get("/admin/autocomplete/", {"app_label": "registry", "model_name": "producer",
                                                      "field_name": "commune", "term": "An Bình"}).json()
    texts = [row["text"] for row in found["results"]]
    assert len(texts) == len(set(texts))
    assert all(re.match(r"^(phường|xã|thị trấn|thành phố|thị xã|huyện) .+ \(.+\)$", text) for text in texts), texts
    assert {"xã An Bình (huyện Phú Giáo)", "phường An Bình (thành phố Dĩ An)"} <= set(texts)
    producer = Producer.objects.filter(commune__isnull=False).select_related("commune").first()
    page = admin_client.get(f"/admin/registry/producer/{producer.pk}/change/").content.decode()
    label = AdminUnit.objects.with_labels(timezone.localdate()).get(pk=producer.commune_id).label_on
    assert " (" in label
    assert unescape(page).count(f">{label}</option>") == 1


def test_the_catalogue_unit_facets_are_unique_and_today_first():
    groups = catalogue.facet_units()
    assert [kind for kind, _ in groups] == ["new_communes", "districts", "communes"]
    assert [len(units) for _, units in groups] == [36, 9, 91]
    labels = [unit.label_on for _, units in groups for unit in units]
    assert len(labels) == len(set(labels))
