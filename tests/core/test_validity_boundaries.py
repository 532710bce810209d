"""The days on which a dated row starts and stops applying, at every place that asks "in force on a day".

Written before validity was put in one place (gis_app.core.validity), to pin each boundary day: units end the
day before their `valid_to` (1 July 2025: the reform), unit names likewise (02/05/2012: thị xã → thành phố Thủ
Dầu Một), rule sets and recognition rules end on their last day (23/02/2023 under 1048/2019, 24/02/2023 under
148/2023; 21/05/2026 under 148/2023, 22/05/2026 under 26/2026).
"""
import datetime

import pytest

from gis_app.api.aggregates import unit_counts, units_of
from gis_app.api.queries import in_unit, resolve_unit
from gis_app.places.models import AdminUnit, UnitName
from gis_app.places.naming import place_of, unit_label
from gis_app.places.resolution import unit_of
from gis_app.registry.demo_dates import legal_boundaries
from gis_app.registry.models import Producer, RecognitionRule, RuleSet
from gis_app.web.queries import dashboard

pytestmark = pytest.mark.django_db

D = datetime.date
LAST_OLD, FIRST_NEW = D(2025, 6, 30), D(2025, 7, 1)


def _old_commune():
    return AdminUnit.objects.get(code="25741", valid_to=FIRST_NEW)


def test_units_end_the_day_before_valid_to():
    old = _old_commune()
    assert old.valid_to == FIRST_NEW
    assert AdminUnit.objects.valid_on(LAST_OLD).filter(pk=old.pk).exists()
    assert not AdminUnit.objects.valid_on(FIRST_NEW).filter(pk=old.pk).exists()
    new = AdminUnit.objects.get(code="25747", valid_from=FIRST_NEW)
    assert not AdminUnit.objects.valid_on(LAST_OLD).filter(pk=new.pk).exists()
    assert AdminUnit.objects.valid_on(FIRST_NEW).filter(pk=new.pk).exists()
    assert set(units_of(AdminUnit.Level.COMMUNE, LAST_OLD).values_list("pk", flat=True)).isdisjoint(
        units_of(AdminUnit.Level.COMMUNE, FIRST_NEW).values_list("pk", flat=True))


def test_resolve_unit_and_unit_of_on_the_reform_days():
    old = _old_commune()
    assert resolve_unit("25741", on=LAST_OLD) == old
    point = old.geom.point_on_surface
    before = unit_of(old.pk, point, LAST_OLD)
    after = unit_of(old.pk, point, FIRST_NEW)
    assert before == old.pk
    assert after != old.pk and AdminUnit.objects.get(pk=after).valid_from == FIRST_NEW


def test_sql_counts_and_dashboard_on_the_reform_days():
    on_last = unit_counts(units_of(AdminUnit.Level.COMMUNE, LAST_OLD), None, FIRST_NEW, LAST_OLD)
    on_first = unit_counts(units_of(AdminUnit.Level.COMMUNE, FIRST_NEW), None, FIRST_NEW, FIRST_NEW)
    assert {f["properties"]["code"] for f in on_last["features"]} >= {"25741"}
    assert "25741" not in {f["properties"]["code"] for f in on_first["features"]}
    before, after = dashboard(90, units_on=LAST_OLD), dashboard(90, units_on=FIRST_NEW)
    assert before["unit_level"] == AdminUnit.Level.DISTRICT and after["unit_level"] == AdminUnit.Level.COMMUNE
    assert before["commune_count"] == AdminUnit.objects.filter(level="commune", valid_to=FIRST_NEW).count()
    assert after["commune_count"] == AdminUnit.objects.filter(level="commune", valid_from=FIRST_NEW).count()


def test_filed_unit_and_label_on_the_reform_days(settings):
    producer = Producer.objects.filter(commune__valid_to=FIRST_NEW).first()
    old = producer.commune
    assert place_of(producer, LAST_OLD)["before"] is None
    moved = place_of(producer, FIRST_NEW)
    assert moved["until"] == FIRST_NEW and moved["before"] is not None
    settings.OCOP_REGISTRY_UNITS_ON = LAST_OLD  # the registry's generation: filed under the commune link
    assert list(in_unit(Producer.objects.all(), old)) == list(Producer.objects.filter(commune=old))


def test_unit_names_end_the_day_before_valid_to():
    city = AdminUnit.objects.get(code="718", valid_to=FIRST_NEW)
    assert UnitName.objects.valid_on(D(2012, 5, 1)).get(unit=city).kind == "thị xã"
    assert UnitName.objects.valid_on(D(2012, 5, 2)).get(unit=city).kind == "thành phố"
    assert "thị xã Thủ Dầu Một" in unit_label(AdminUnit.objects.filter(parent=city).first(), D(2012, 5, 1))
    assert "thành phố Thủ Dầu Một" in unit_label(AdminUnit.objects.filter(parent=city).first(), D(2012, 5, 2))
    assert not UnitName.objects.valid_on(FIRST_NEW).filter(unit=city).exists()
    assert UnitName.objects.valid_on(LAST_OLD).filter(unit=city).exists()


@pytest.mark.parametrize(("day", "code"), [
    (D(2023, 2, 23), "1048/2019"), (D(2023, 2, 24), "148/2023"),
    (D(2026, 5, 21), "148/2023"), (D(2026, 5, 22), "26/2026"),
])
def test_rule_sets_include_their_last_day(day, code):
    assert list(RuleSet.objects.in_force_on(day).values_list("code", flat=True)) == [code]
    assert [r.code for r in RuleSet.objects.all() if r.covers(day)] == [code]


@pytest.mark.parametrize(("code", "day", "applies"), [
    ("1048/2019", D(2023, 2, 23), True), ("1048/2019", D(2023, 2, 24), False),
    ("148/2023", D(2023, 2, 23), False), ("148/2023", D(2023, 2, 24), True),
    ("148/2023", D(2025, 6, 30), True), ("148/2023", D(2025, 7, 1), True),
    ("148/2023", D(2026, 5, 21), True), ("148/2023", D(2026, 5, 22), False),
    ("26/2026", D(2026, 5, 21), False), ("26/2026", D(2026, 5, 22), True),
])
def test_recognition_rules_include_their_last_day(code, day, applies):
    rule_set = RuleSet.objects.get(code=code)
    assert RecognitionRule.objects.applying(rule_set, day, 3).exists() is applies


def test_recognition_rules_change_council_on_the_reform_day():
    rule_set = RuleSet.objects.get(code="148/2023")
    assert RecognitionRule.objects.applying(rule_set, LAST_OLD, 3).get().council_level == "district"
    assert RecognitionRule.objects.applying(rule_set, FIRST_NEW, 3).get().council_level == "province"


def test_legal_boundaries_are_first_days():
    days = legal_boundaries()
    for first in (D(2023, 2, 24), FIRST_NEW, D(2026, 5, 22)):
        assert first in days
    for last in (D(2023, 2, 23), LAST_OLD, D(2026, 5, 21)):
        assert last not in days
