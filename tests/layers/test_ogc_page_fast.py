"""The OGC items page and single item (layers.features.page / feature_json, issue 17) against the slow
path they replace: count every match, then features_json over the sliced queryset."""
import json

import pytest

from gis_app.registry.models import Producer
from layers import features
from layers.catalogue import all_layers, get_layer

pytestmark = pytest.mark.django_db

BOXES = [None, (106.55, 10.9, 106.75, 11.1), (106.62, 11.0, 106.64, 11.02), (100.0, 0.0, 100.1, 0.1)]


def slow_page(layer, queryset, limit, offset):
    matched = queryset.count()
    return matched, features.features_json(layer, queryset, limit=limit, offset=offset)


@pytest.mark.parametrize("layer_id", [layer.id for layer in all_layers()])
@pytest.mark.parametrize("bbox", BOXES)
def test_page_has_the_same_features_in_the_same_order_as_the_slow_path(layer_id, bbox):
    layer = get_layer(layer_id)
    queryset = layer.filtered(None, bbox)
    for limit, offset in ((10, 0), (3, 2), (100, 0), (5, 1000)):
        matched, slow = slow_page(layer, queryset, limit, offset)
        fast = features.page(layer, queryset, limit, offset)
        assert json.loads(fast.features) == json.loads(slow)
        assert fast.matched == matched
        assert fast.returned == len(json.loads(slow))
        assert fast.has_next == (offset + limit < matched)


def test_page_takes_the_box_apart_or_in_the_queryset_alike():
    layer = get_layer("producers")
    box = BOXES[1]
    apart = features.page(layer, layer.filtered({"legal_form": "household"}), 5, 0, bbox=box)
    inside = features.page(layer, layer.filtered({"legal_form": "household"}, box), 5, 0)
    assert apart == inside and apart.returned > 0


def test_beyond_the_bound_number_matched_is_left_out_but_next_pages_are_right(monkeypatch):
    monkeypatch.setattr(features, "MATCH_COUNT_BOUND", 7)
    layer = get_layer("producers")
    total = Producer.objects.published().count()
    assert total > 20
    queryset = layer.filtered()
    first = features.page(layer, queryset, 3, 0)
    assert first.matched is None and first.has_next and first.returned == 3
    # A page reaching past the bound counts to its end: exact again near the last page.
    last = features.page(layer, queryset, 10, total - 4)
    assert last.matched == total and not last.has_next and last.returned == 4
    seen = []
    offset = 0
    while True:
        p = features.page(layer, queryset, 6, offset)
        seen += [f["id"] for f in json.loads(p.features)]
        if not p.has_next:
            break
        offset += 6
    assert seen == sorted(Producer.objects.published().values_list("pk", flat=True))


@pytest.mark.parametrize("layer_id", [layer.id for layer in all_layers()])
def test_single_item_is_the_slow_paths_feature(layer_id):
    layer = get_layer(layer_id)
    ids = list(layer.filtered().order_by("pk").values_list("pk", flat=True)[:3])
    for pk in ids:
        slow = features.features_json(layer, layer.filtered().filter(pk=pk))
        assert json.loads(features.feature_json(layer, pk)) == json.loads(slow)[0]
    assert features.feature_json(layer, 2 ** 62) is None


def test_single_item_never_shows_an_unpublished_feature():
    producer = Producer.objects.published().first()
    layer = get_layer("producers")
    assert features.feature_json(layer, producer.pk) is not None
    Producer.objects.filter(pk=producer.pk).update(status="draft")
    assert features.feature_json(layer, producer.pk) is None
