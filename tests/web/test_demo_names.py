"""The demo's producers, products, shops and events are invented: none borrows a real brand of the province
(issue 23 item 7: "Thành Lễ" lacquer and "Minh Long" porcelain are real Bình Dương companies)."""
from pathlib import Path

import pytest

from gis_app.events.models import Event
from gis_app.registry.models import Producer, Product
from gis_app.sales.models import PointOfSale

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
REAL_BRANDS = ("Thành Lễ", "Minh Long", "Co.opmart")
DEMO_FILES = ("producers.csv", "products.csv", "catalogue.json", "demo.json", "tourism_sites.geojson",
              "craft_villages.geojson", "evaluations.csv")


def test_no_demo_file_names_a_real_brand():
    found = [(name, brand) for name in DEMO_FILES for brand in REAL_BRANDS
             if brand.lower() in (FIXTURES / name).read_text(encoding="utf-8").lower()]
    assert found == []


@pytest.mark.django_db
def test_no_loaded_demo_record_names_a_real_brand():
    pattern = "|".join(brand.replace(".", r"\.") for brand in REAL_BRANDS)
    named = [*Producer.objects.filter(name__iregex=pattern).values_list("name", flat=True),
             *Product.objects.filter(name__iregex=pattern).values_list("name", flat=True),
             *PointOfSale.objects.filter(name__iregex=pattern).values_list("name", flat=True),
             *Event.objects.filter(name__iregex=pattern).values_list("name", flat=True)]
    assert named == []
    # the renamed ones are there under their invented names
    assert Producer.objects.filter(name="Cơ sở sơn mài Hồng Lam").exists()
    assert PointOfSale.objects.filter(name="Siêu thị Hòa Phú Xanh — quầy OCOP").exists()
