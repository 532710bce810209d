"""manage.py suspicious_dates lists what the #22 bugs may have stored wrong, for an officer; it changes nothing."""
import datetime
import io

import pytest
from django.contrib.gis.geos import LineString
from django.core.management import call_command
from django.utils import timezone

from gis_app.registry.models import Evaluation
from gis_app.registry.rules import add_months
from gis_app.tours.models import Tour


def run(*args):
    out = io.StringIO()
    call_command("suspicious_dates", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return (list(Evaluation.objects.order_by("pk").values_list("pk", "decision_date", "valid_until")),
            list(Tour.objects.order_by("pk").values_list("pk", "start_at")))


@pytest.mark.django_db
def test_swapped_decision_dates_odd_validities_and_shifted_departures_are_listed_and_nothing_changes():
    recognised = list(Evaluation.objects.filter(stars__gte=3).select_related("rule_set").order_by("pk")[:3])
    today = timezone.localdate()
    # 1. Typed 12/01 (12 January) in a month-first form: stored 1 December, after the row was entered.
    meant = datetime.date(today.year - 1, 1, 12)
    stored = datetime.date(today.year - 1, 12, 1)
    Evaluation.objects.filter(pk=recognised[0].pk).update(
        decision_date=stored, valid_until=add_months(meant, recognised[0].rule_set.validity_months))
    Evaluation.objects.filter(pk=recognised[0].pk).update(
        created_at=timezone.make_aware(datetime.datetime(today.year - 1, 2, 1, 9, 0)))
    # 2. A validity of 10 years.
    Evaluation.objects.filter(pk=recognised[1].pk).update(
        valid_until=add_months(recognised[1].decision_date, 120))
    # 3. A tour saved for 08:00, reopened and saved once: 01:00.
    start = timezone.make_aware(datetime.datetime(2026, 12, 1, 1, 0))
    tour = Tour.objects.create(name="Lệch giờ", route=LineString((106.6, 11.0), (106.7, 11.1), srid=4326),
                               start_at=start, end="fixed", distance_m=1, drive_seconds=1, visit_seconds=0,
                               total_seconds=1)
    before = snapshot()
    text = run("--language", "en")
    assert snapshot() == before  # read-only
    lines = text.splitlines()
    first = next(line for line in lines if line.startswith(f"evaluation | {recognised[0].pk} | decision_date"))
    assert stored.strftime("%d/%m/%Y") in first and meant.strftime("%d/%m/%Y") in first
    assert "swapped date plus the rule set's months" in first and "after the day the row was entered" in first
    second = next(line for line in lines if line.startswith(f"evaluation | {recognised[1].pk} | valid_until"))
    assert "not the decision date plus the rule set's months" in second
    third = next(line for line in lines if line.startswith(f"tour | {tour.pk} | start_at"))
    assert "01/12/2026 01:00" in third and "01/12/2026 08:00" in third
    assert not any(line.startswith(f"evaluation | {recognised[2].pk} |") for line in lines)
    assert "Nothing was changed" in text
    vi = run()
    assert "Không thay đổi gì" in vi
    csv_text = run("--csv", "--all-ambiguous", "--language", "en")
    assert csv_text.splitlines()[0].startswith("record,id,field,stored,perhaps meant")
