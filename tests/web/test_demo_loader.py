"""The demo loader fills the province, is idempotent, and writes nothing when a row is bad."""
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from gis_app.places.models import AdminUnit, UnitSuccession
from gis_app.registry.models import CraftVillage, Evaluation, Producer, Product, ProductGroup, RuleSet, TourismSite
from tests.conftest import DEMO_TODAY

MODELS = (AdminUnit, UnitSuccession, ProductGroup, RuleSet, Producer, Product, Evaluation, CraftVillage,
          TourismSite)
DISTRICTS = {"Thủ Dầu Một", "Dĩ An", "Thuận An", "Tân Uyên", "Bến Cát", "Bàu Bàng", "Bắc Tân Uyên", "Phú Giáo",
             "Dầu Tiếng"}


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.mark.django_db
def test_loading_twice_gives_the_same_counts():
    before = counts()
    call_command("load_demo", "--no-progress", today=DEMO_TODAY, verbosity=0)
    assert counts() == before


@pytest.mark.django_db
def test_demo_province_has_what_the_programme_needs():
    districts = AdminUnit.objects.filter(level="district")
    assert set(districts.values_list("name", flat=True)) == DISTRICTS
    for district in districts:
        assert district.children.count() >= 3
        assert Producer.objects.filter(commune__parent=district).exists(), district.name
    assert AdminUnit.objects.filter(level="commune", name="Tương Bình Hiệp").exists()
    assert AdminUnit.objects.filter(level="commune", name="Lái Thiêu").exists()
    assert Producer.objects.count() >= 60
    groups_2023 = set(Product.objects.filter(subgroup__group__version__code="2023")
                      .values_list("subgroup__group__code", flat=True))
    assert len(groups_2023) == 6
    assert Product.objects.count() >= 40
    for code in ("1048/2019", "148/2023"):  # both eras; no 5-star product is known in the province
        assert {3, 4} <= set(Evaluation.objects.filter(rule_set__code=code).values_list("stars", flat=True)) \
            <= {2, 3, 4}
    soon = DEMO_TODAY.toordinal() + 90
    assert Evaluation.objects.filter(valid_until__gte=DEMO_TODAY,
                                     valid_until__lte=type(DEMO_TODAY).fromordinal(soon)).count() >= 3
    assert TourismSite.objects.filter(kind__in=["orchard", "ecotourism", "homestay"]).count() >= 8


@pytest.mark.django_db
def test_old_communes_map_to_their_2025_successors():
    tbh = AdminUnit.objects.get(level="commune", name="Tương Bình Hiệp")
    successors = set(tbh.successors.values_list("new_unit__name", flat=True))
    assert successors == {"Chánh Hiệp"}
    assert tbh.district.name == "Thủ Dầu Một"
    assert AdminUnit.objects.get(pk=tbh.pk).valid_to.isoformat() == "2025-07-01"


@pytest.mark.django_db
def test_a_bad_row_is_reported_and_nothing_is_written(tmp_path):
    fixtures = Path(tmp_path) / "fixtures"
    shutil.copytree(Path(settings.BASE_DIR) / "fixtures", fixtures)
    producers = fixtures / "producers.csv"
    lines = producers.read_text(encoding="utf-8").splitlines()
    # Row 3 moves to Hà Nội; row 5 gets an impossible latitude.
    row3, row5 = lines[3].split(","), lines[5].split(",")
    lines[3] = ",".join(row3[:-8] + ["105.85", "21.03"] + row3[-6:])
    lines[5] = ",".join(row5[:-8] + ["106.7", "95"] + row5[-6:])
    producers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    Producer.objects.filter(ref="P003").update(name="unchanged")
    before = counts()
    with pytest.raises(CommandError) as failed:
        call_command("load_demo", "--no-progress", fixtures=fixtures, today=DEMO_TODAY, verbosity=0)
    message = str(failed.value)
    assert "producers.csv, row 3, location" in message
    assert "producers.csv, row 5, location" in message
    assert counts() == before
    assert Producer.objects.get(ref="P003").name == "unchanged"


@pytest.mark.django_db
def test_demo_records_sit_in_pre_2025_communes_that_cover_them():
    from django.db.models import F
    for model in (Producer, TourismSite):
        assert not model.objects.filter(commune__valid_to__isnull=True).exists(), model.__name__
        assert model.objects.filter(commune__geom__covers=F("location")).count() == model.objects.count()
