"""A renewal or re-rating decided while the previous recognition is in force gets its validity as the rule set's
data says (`RuleSet.renewal_validity_from`, fixtures/rule_sets.csv): from its own decision date, or continuing from
the previous expiry. `valid_until` is the last day in force: decided on the expiry day is still a renewal."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gis_app.registry.models import UNVERIFIED_MARK, RuleSet
from tests.registry.test_recognition_rules import evaluation, fresh_product

pytestmark = pytest.mark.django_db
D = datetime.date


def previous():
    """A 4-star recognition of 01/03/2023 under 148/2023: in force until 01/03/2026 (its last day)."""
    record = evaluation(fresh_product(), "148/2023", 4, D(2023, 3, 1))
    record.full_clean()
    record.save()
    assert record.valid_until == D(2026, 3, 1)
    return record


def renewal(old, day, **fields):
    record = evaluation(old.product, "148/2023", 4, day, **fields)
    record.full_clean()
    return record


def refusal(record, language):
    with translation.override(language), pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict["valid_until"][0]


def test_where_the_rule_set_says_so_a_renewal_continues_from_the_previous_expiry_up_to_the_expiry_day():
    RuleSet.objects.filter(code="148/2023").update(renewal_validity_from=RuleSet.RenewalFrom.PREVIOUS_EXPIRY,
                                                   renewal_source="Điều thử nghiệm")
    old = previous()
    assert renewal(old, D(2026, 2, 28)).valid_until == D(2029, 3, 1)  # the day before expiry
    assert renewal(old, D(2026, 3, 1)).valid_until == D(2029, 3, 1)  # on the expiry day: still in force
    assert renewal(old, D(2026, 3, 2)).valid_until == D(2029, 3, 2)  # after: a new recognition, from its date
    given = evaluation(old.product, "148/2023", 4, D(2026, 2, 28), valid_until=D(2029, 2, 28))
    english = refusal(given, "en")
    assert "renews the one of 01/03/2023" in english and "01/03/2029" in english and "from the expiry" in english
    assert "Điều thử nghiệm" in english
    assert "01/03/2029" in refusal(given, "vi") and "từ ngày hết hạn" in refusal(given, "vi")


def test_as_shipped_the_months_of_a_renewal_run_from_its_own_decision_date_and_the_rows_say_unverified():
    old = previous()
    assert renewal(old, D(2026, 2, 28)).valid_until == D(2029, 2, 28)
    given = evaluation(old.product, "148/2023", 4, D(2026, 2, 28), valid_until=D(2029, 3, 1))
    assert "from the decision date" in refusal(given, "en") and "01/03/2026" in refusal(given, "en")
    assert "01/03/2026" in refusal(given, "vi")
    for rule_set in RuleSet.objects.all():
        assert rule_set.renewal_validity_from == RuleSet.RenewalFrom.DECISION_DATE
        assert UNVERIFIED_MARK in rule_set.renewal_source, rule_set.code


def test_a_revoked_previous_recognition_is_not_renewed():
    RuleSet.objects.filter(code="148/2023").update(renewal_validity_from=RuleSet.RenewalFrom.PREVIOUS_EXPIRY)
    old = previous()
    old.revoked_on, old.revocation_number, old.revocation_reason = D(2025, 1, 1), "1/QĐ-UBND", "Thử nghiệm"
    old.save()
    assert renewal(old, D(2026, 2, 28)).valid_until == D(2029, 2, 28)
