"""gis_app.core.validity: the Python test, the Q and the SQL fragment say the same on every boundary day."""
import datetime

import pytest
from django.db import connection

from gis_app.core.validity import (
    UNTIL_BEFORE,
    UNTIL_END_OF,
    Validity,
    first_day_after,
    in_force,
    in_force_q,
    in_force_sql,
)
from gis_app.places.models import AdminUnit, UnitName
from gis_app.registry.models import RecognitionRule, RuleSet

D = datetime.date


@pytest.mark.parametrize(("validity", "day", "expected"), [
    (UNTIL_BEFORE, D(2025, 6, 30), True), (UNTIL_BEFORE, D(2025, 7, 1), False),
    (UNTIL_END_OF, D(2025, 7, 1), True), (UNTIL_END_OF, D(2025, 7, 2), False),
    (UNTIL_BEFORE, D(2025, 1, 1), True), (UNTIL_BEFORE, D(2024, 12, 31), False),
])
def test_in_force_ends(validity, day, expected):
    row = {"valid_from": D(2025, 1, 1), "valid_to": D(2025, 7, 1)}
    assert in_force(row, day, validity) is expected


def test_open_end_and_first_day_after():
    assert in_force({"valid_from": D(2025, 1, 1), "valid_to": None}, D(2999, 1, 1), UNTIL_BEFORE)
    row = {"valid_from": D(2023, 2, 24), "valid_to": D(2026, 5, 21)}
    assert first_day_after(row, UNTIL_END_OF) == D(2026, 5, 22)
    assert first_day_after(row, UNTIL_BEFORE) == D(2026, 5, 21)
    assert first_day_after({"valid_from": D(2023, 2, 24), "valid_to": None}, UNTIL_END_OF) is None


def test_models_declare_their_convention():
    assert AdminUnit.VALIDITY is UNTIL_BEFORE and UnitName.VALIDITY is UNTIL_BEFORE
    assert RecognitionRule.VALIDITY is UNTIL_END_OF
    assert RuleSet.VALIDITY == Validity("effective_from", "effective_to", end_included=True)


def test_sql_fragment_binds_the_day():
    sql = in_force_sql("u", "day", UNTIL_BEFORE)
    assert sql == "(u.valid_from <= %(day)s AND (u.valid_to IS NULL OR u.valid_to > %(day)s))"
    assert ">= %(on)s" in in_force_sql("r", "on", UNTIL_END_OF)
    for bad in ("u; DROP TABLE x", "u.x"):
        with pytest.raises(ValueError):
            in_force_sql(bad, "day")
    with pytest.raises(ValueError):
        in_force_sql("u", "day)s OR true --")


def test_q_through_a_relation():
    q = in_force_q(D(2025, 7, 1), "commune__", UNTIL_BEFORE)
    assert ("commune__valid_from__lte", D(2025, 7, 1)) in q.children


BOUNDARY_DAYS = [D(2012, 5, 1), D(2012, 5, 2), D(2019, 8, 21), D(2023, 2, 23), D(2023, 2, 24), D(2025, 6, 30),
                 D(2025, 7, 1), D(2026, 5, 21), D(2026, 5, 22)]


@pytest.mark.django_db
@pytest.mark.parametrize("model", [AdminUnit, UnitName, RuleSet, RecognitionRule])
def test_python_q_and_sql_agree_on_boundary_days(model):
    validity, table = model.VALIDITY, model._meta.db_table
    rows = list(model.objects.all())
    assert rows
    for day in BOUNDARY_DAYS:
        python = {row.pk for row in rows if in_force(row, day)}
        orm = set(model.objects.filter(in_force_q(day, validity=validity)).values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT t.id FROM {table} t WHERE {in_force_sql('t', 'day', validity)}", {"day": day})
            sql = {pk for (pk,) in cursor.fetchall()}
        assert python == orm == sql, day
