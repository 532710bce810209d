"""The overview page (Tổng quan) in Chromium: the programme cycle and the yearly targets against the results,
checked against counts made independently from the demo rows."""
from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from gis_app.registry.models import Evaluation, PlanTarget, Product, Stage, Status
from tests.browser import in_thread, session_cookie

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def officer_cookie(server):
    users = get_user_model().objects
    user, cookie = session_cookie(
        server, lambda: users.create_user("overview-officer", password="unused-in-test", is_staff=True))
    yield cookie
    in_thread(user.delete)


def expected_pipeline():
    return Counter(Product.objects.filter(status=Status.PUBLISHED).values_list("stage", flat=True))


def expected_actual(target):
    """Products recognised in the target's year inside its district, by a loop over the evaluations."""
    products = set()
    for e in Evaluation.objects.select_related("product__producer", "subgroup"):
        if (e.status == Status.PUBLISHED and e.valid_until and e.decision_date.year == target.year
                and e.product.status == Status.PUBLISHED and e.revoked_on is None
                and (target.stars is None or e.stars == target.stars) and e.stars >= 3
                and (target.group_id is None or e.subgroup.group_id == target.group_id
                     or e.subgroup.equivalents.filter(group_id=target.group_id).exists())
                and target.unit.geom.covers(e.product.producer.location)):
            products.add(e.product_id)
    return len(products)


def test_overview_shows_the_cycle_stages_and_targets_against_results(tab, officer_cookie):
    tab.context.add_cookies([officer_cookie])
    page = tab.goto("/dashboard/")
    assert page.locator("h1").inner_text() == "Tổng quan"
    pipeline = in_thread(expected_pipeline)
    for stage in Stage.values:
        row = page.locator(f"#pipeline-table tr[data-stage={stage}]")
        assert int(row.locator("td.count").inner_text()) == pipeline[stage]
    assert "Ý tưởng sản phẩm" in page.locator("#pipeline-table").inner_text()

    target = in_thread(lambda: PlanTarget.objects.select_related("unit").filter(year=2025, stars=3, group=None)
                       .order_by("unit__code").first())
    row = page.locator(f"table[data-year='2025'] tr[data-unit='{target.unit.code}'][data-stars='3'][data-group='']")
    assert int(row.locator("td.target").inner_text()) == target.target
    assert int(row.locator("td.actual").inner_text()) == in_thread(expected_actual, target)
    assert page.locator("table.targets-table").count() == 4  # 2023, 2024, 2025 and 2026 (today's units, #24)
    craft = in_thread(lambda: PlanTarget.objects.select_related("unit", "group").get(group__code="2023.CRAFT"))
    row = page.locator(f"table[data-year='2025'] tr[data-unit='{craft.unit.code}'][data-group='{craft.group.name_vi}']")
    assert int(row.locator("td.target").inner_text()) == craft.target
    assert int(row.locator("td.actual").inner_text()) == in_thread(expected_actual, craft)
    tab.screenshot("overview-cycle-targets")
    tab.assert_clean()


def test_officer_map_filters_producers_by_stage_of_the_cycle(tab, officer_cookie):
    from tests.web.test_maps_browser import api_count, producers_drawn

    tab.context.add_cookies([officer_cookie])
    page = tab.goto("/map/")
    producers_drawn(page)
    for stage in ("idea", "business_plan"):
        page.evaluate("document.body.dataset.producersLoaded = ''")
        page.select_option("select[name=stage]", stage)
        drawn = producers_drawn(page)
        expected = in_thread(lambda: Product.objects.filter(stage=stage, status=Status.PUBLISHED,
                                                            producer__status=Status.PUBLISHED)
                             .values("producer").distinct().count())
        assert drawn["rows"] == api_count(tab, f"/api/v1/producers/?stage={stage}") == expected > 0
    tab.assert_clean()
