"""factory_boy factories for the records tests make (issue 27 item 5).

Each factory builds a record that passes the model's own `full_clean()`: the legal facts of an
evaluation (council, authority, decision number, validity) are read from the rule rows in force on its
date, never restated here. Records are published unless a test asks otherwise (`status=Status.DRAFT`).
tests/code/test_factories.py checks that every factory's record is valid, so a model rule that changes
breaks the factory, not thirty tests at once.
"""
import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.utils import timezone

from gis_app.core.publishing import Status
from gis_app.registry.models import (
    Evaluation,
    Producer,
    Product,
    ProductSubgroup,
    RecognitionRule,
    RuleSet,
    TourismSite,
)
from gis_app.registry.rules import add_months
from gis_app.sales.models import PointOfSale

# Thủ Dầu Một, inside the demo province; a test moves a record with `location=Point(lon, lat, srid=4326)`.
LON, LAT = 106.6520, 10.9800

# Part scores giving each star level under every rule set (each part within the smallest weight it has).
SCORES = {1: (10, 8, 10), 2: (15, 10, 10), 3: (22, 14, 19), 4: (30, 20, 25), 5: (34, 24, 33)}


def near(i, lon=LON, lat=LAT):
    """The i-th point of a small grid around (lon, lat): records of one factory do not stack on one spot."""
    return Point(lon + (i % 10) * 0.001, lat + (i // 10) * 0.001, srid=4326)


class UserFactory(factory.django.DjangoModelFactory):
    """A user without a usable password; give a role with tests.roles_helpers.make_user or assign_role."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(None)  # unusable: tests log in with force_login


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    legal_form = Producer.LegalForm.HOUSEHOLD
    name = factory.Sequence(lambda n: f"Hộ kinh doanh Thử Nghiệm {n}")
    address = "Đường Thử, phường Thủ Dầu Một"
    location = factory.Sequence(near)
    status = Status.PUBLISHED


class ProductFactory(factory.django.DjangoModelFactory):
    """A product of the 2023 classification (the one the demo's products are filed under)."""

    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    name = factory.Sequence(lambda n: f"Sản phẩm thử {n}")
    subgroup = factory.LazyFunction(
        lambda: ProductSubgroup.objects.filter(group__version__code="2023").order_by("code").first())
    status = Status.PUBLISHED


def _rule_set(evaluation):
    return RuleSet.objects.in_force_on(evaluation.decision_date).get()


def _recognition(evaluation):
    """The recognition rule row for the evaluation's rule set, day and stars (None below 3★)."""
    rule = RecognitionRule.objects.applying(evaluation.rule_set, evaluation.decision_date, evaluation.stars_wanted)
    return rule.order_by("-valid_from").first()


class EvaluationFactory(factory.django.DjangoModelFactory):
    """An evaluation with `stars_wanted` stars, decided on `decision_date`, under the rule set then in force.

    From 3★ the council, authority, decision number and validity follow that day's recognition rule, so the
    record is a recognition in force for the rule set's months (`valid_until` may be given to end it).
    """

    class Meta:
        model = Evaluation
        exclude = ("rule",)

    class Params:
        stars_wanted = 3

    product = factory.SubFactory(ProductFactory)
    decision_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    rule_set = factory.LazyAttribute(_rule_set)
    subgroup = factory.LazyAttribute(
        lambda o: ProductSubgroup.objects.filter(group__version=o.rule_set.taxonomy).order_by("code").first())
    score_a = factory.LazyAttribute(lambda o: SCORES[o.stars_wanted][0])
    score_b = factory.LazyAttribute(lambda o: SCORES[o.stars_wanted][1])
    score_c = factory.LazyAttribute(lambda o: SCORES[o.stars_wanted][2])
    rule = factory.LazyAttribute(_recognition)
    council_level = factory.LazyAttribute(lambda o: o.rule.council_level if o.rule else "")
    issuing_authority = factory.LazyAttribute(lambda o: o.rule.issuing_authority if o.rule else "")
    decision_number = factory.LazyAttributeSequence(
        lambda o, n: f"{900 + n}/{o.rule.decision_marker or 'QĐ-UBND'}" if o.rule else "")
    valid_until = factory.LazyAttribute(
        lambda o: add_months(o.decision_date, o.rule_set.validity_months) if o.rule else None)
    status = Status.PUBLISHED


class TourismSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TourismSite

    kind = TourismSite.Kind.ORCHARD
    name = factory.Sequence(lambda n: f"Vườn thử {n}")
    location = factory.Sequence(lambda n: near(n, 106.70, 10.90))
    status = Status.PUBLISHED


class PointOfSaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PointOfSale

    kind = PointOfSale.Kind.SHOP
    name = factory.Sequence(lambda n: f"Cửa hàng thử {n}")
    location = factory.Sequence(lambda n: near(n, 106.66, 10.97))
    status = Status.PUBLISHED
