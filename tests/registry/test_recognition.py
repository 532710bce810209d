"""A product's recognition on a day, for one product and for many, agree with each other."""
import pytest

from gis_app.registry.models import Product
from gis_app.registry.recognition import Recognition


@pytest.mark.django_db
def test_recognition_of_each_product_agrees_with_the_queryset_annotation():
    annotated = {p.pk: p.current_stars for p in Product.objects.with_current_stars()}
    ocop = set(Product.objects.ocop().values_list("pk", flat=True))
    states = set()
    for product in Product.objects.prefetch_related("evaluations"):
        recognition = product.recognition()
        states.add(recognition.state)
        if recognition.in_force:
            assert annotated[product.pk] == recognition.stars and product.pk in ocop
            assert recognition.decision_date and recognition.valid_until
        else:
            assert product.pk not in ocop
    assert Recognition.IN_FORCE in states and len(ocop) > 0
