"""The recognition rule of Decisions 1048/148/1489 computed by a plain loop over the evaluations, for tests to
compare the database's answers with (gis_app/registry/recognition.py is the code under test)."""
from django.utils import timezone

from gis_app.registry.models import Evaluation, Status


def stars_in_force(day=None):
    """{product id: stars} of the products whose latest published recognition decision on `day` is in force."""
    day = day or timezone.localdate()
    latest = {}
    for e in Evaluation.objects.all():
        if e.status != Status.PUBLISHED or e.valid_until is None or e.stars < 3 or e.decision_date > day:
            continue
        if e.product_id not in latest or (e.decision_date, e.pk) > (latest[e.product_id].decision_date,
                                                                     latest[e.product_id].pk):
            latest[e.product_id] = e
    return {pk: e.stars for pk, e in latest.items()
            if e.valid_until >= day and not (e.revoked_on and e.revoked_on <= day)}


def decisions_in_force(day=None):
    """{product id: evaluation} of the decisions in force on `day`."""
    day = day or timezone.localdate()
    stars = stars_in_force(day)
    result = {}
    for e in Evaluation.objects.filter(product_id__in=stars, valid_until__isnull=False, status=Status.PUBLISHED):
        if e.decision_date <= day and (e.product_id not in result or (e.decision_date, e.pk) > (
                result[e.product_id].decision_date, result[e.product_id].pk)):
            result[e.product_id] = e
    return result
