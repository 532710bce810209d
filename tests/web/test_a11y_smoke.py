"""The axe-core check itself: it finds a serious violation where one is planted, so a clean page means clean."""
import pytest

pytestmark = pytest.mark.browser


def test_axe_reports_a_button_without_a_name_as_serious(tab):
    from tests.browser import serious_violations

    page = tab.goto("/")
    assert not any(v.startswith("button-name") for v in serious_violations(page))
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<button id=planted></button>')")
    assert any(v.startswith("button-name") for v in serious_violations(page))
