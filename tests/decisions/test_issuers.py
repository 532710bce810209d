"""The issuers as dated data (fixtures/issuers.csv): each body's period follows its predecessor's without a gap
or an overlap, the district committees end when the districts did, and every row cites its basis."""
import datetime

import pytest

from gis_app.decisions.models import Issuer
from gis_app.places.models import REFORM_2025, AdminUnit
from gis_app.registry.models import UNVERIFIED_MARK

pytestmark = pytest.mark.django_db
D = datetime.date


def test_each_successor_starts_the_day_its_predecessor_stops_signing():
    for issuer in Issuer.objects.filter(successor__isnull=False).select_related("successor"):
        if issuer.successor.level == issuer.level:  # a renamed body, or the ministry under its new name
            assert issuer.successor.valid_from == issuer.valid_to, issuer.key
        else:  # a district committee: the city takes over from 01/07/2025
            assert issuer.valid_to == REFORM_2025 and issuer.successor.covers(REFORM_2025), issuer.key


def test_every_former_district_has_one_committee_on_each_day_until_30_june_2025_and_none_after():
    districts = AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT, parent__code="74")
    assert districts.count() == 9
    for district in districts:
        for day in (D(2019, 8, 21), D(2023, 4, 9), D(2023, 4, 10), D(2024, 5, 1), D(2025, 6, 30)):
            assert Issuer.objects.valid_on(day).filter(unit=district).count() == 1, (district.name, day)
        assert not Issuer.objects.valid_on(REFORM_2025).filter(unit=district).exists()
    on = Issuer.objects.valid_on(D(2024, 6, 1))
    assert on.get(unit__code="723").name_vi == "Ủy ban nhân dân thành phố Tân Uyên"
    assert on.get(unit__code="721").name_vi == "Ủy ban nhân dân thành phố Bến Cát"
    assert Issuer.objects.valid_on(D(2024, 4, 30)).get(unit__code="721").name_vi == "Ủy ban nhân dân thị xã Bến Cát"


def test_one_province_and_one_ministry_sign_on_each_day():
    for day in (D(2020, 1, 1), D(2025, 2, 28), D(2025, 3, 1), D(2025, 6, 30), D(2025, 7, 1), D(2026, 12, 1)):
        for level in (Issuer.Level.PROVINCE, Issuer.Level.MINISTRY):
            assert Issuer.objects.valid_on(day).filter(level=level).count() == 1, (day, level)
    assert Issuer.objects.valid_on(D(2025, 2, 28)).get(level="ministry").code == "BNN"
    assert Issuer.objects.valid_on(D(2025, 3, 1)).get(level="ministry").code == "BNNMT"


def test_every_row_cites_its_basis_and_unverified_ones_say_so():
    assert Issuer.objects.count() >= 20
    for issuer in Issuer.objects.all():
        assert len(issuer.legal_basis) > 20, issuer.key
    assert Issuer.objects.filter(legal_basis__contains=UNVERIFIED_MARK).count() >= 10
    assert Issuer.objects.get(key="ubnd-tp-hcm").unverified
