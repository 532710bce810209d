"""A journey in Chromium (issue 25, item 8): a producer logs in from the site's header, lands on their dossiers,
changes the password, logs out, and logs in again with the new password."""
import re

import pytest
from django.contrib.auth import get_user_model

from gis_app.accounts.models import Role
from gis_app.accounts.roles import assign_role
from tests.browser import in_thread, serious_violations
from tests.dossier_helpers import producer_with_commune

pytestmark = pytest.mark.browser
OLD, NEW = "mat-khau-cu-2026", "mat-khau-moi-2026"


@pytest.fixture
def producer_account(server):
    def make():
        user = get_user_model().objects.create_user("chu-the-hanh-trinh", "chu.the@example.vn", OLD,
                                                    first_name="Hoa", last_name="Trần")
        assign_role(user, Role.PRODUCER, producer=producer_with_commune())
        return user

    user = in_thread(make)
    yield user
    in_thread(get_user_model().objects.filter(pk=user.pk).delete)


def log_in_from_the_header(page, password):
    page.locator(".site-header").get_by_role("link", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", "chu-the-hanh-trinh")
    page.fill("#id_password", password)
    page.locator("#login-form").get_by_role("button", name="Đăng nhập").click()


def test_a_producer_logs_in_from_the_header_changes_the_password_and_logs_out(tab, server, producer_account):
    page = tab.goto("/products/")
    log_in_from_the_header(page, OLD)
    page.wait_for_url(re.compile(r"/dossiers/$"))  # a producer account lands on its dossiers
    header = page.locator(".site-header")
    assert header.locator(".account-name").inner_text() == "Hoa Trần"

    header.get_by_role("link", name="Đổi mật khẩu").click()
    page.wait_for_url(re.compile(r"/accounts/password/change/$"))
    assert page.locator("h1").inner_text() == "Đổi mật khẩu"
    assert serious_violations(page) == []
    page.fill("#id_old_password", OLD)
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    page.wait_for_url(re.compile(r"/accounts/password/change/done/$"))
    assert page.locator("h1").inner_text() == "Đã đổi mật khẩu"
    tab.screenshot("accounts-password-changed")

    # A page the offline worker kept while logged in (its header names the person) …
    page.evaluate("caches.open('ocop-pages').then(c => c.put('/products/', new Response('Hoa Trần')))")
    header.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/accounts/logout/$"))
    assert page.locator("h1").inner_text() == "Đã đăng xuất"
    assert header.locator(".account-name").count() == 0
    for _ in range(50):  # … is forgotten once logged out
        if not page.evaluate("caches.has('ocop-pages')"):
            break
        page.wait_for_timeout(100)
    assert not page.evaluate("caches.has('ocop-pages')")

    log_in_from_the_header(page, OLD)  # the old password no longer opens the account
    assert page.locator("#login-form [role=alert]").count() == 1
    assert serious_violations(page) == []
    page.fill("#id_password", NEW)
    page.locator("#login-form").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/dossiers/$"))
    assert header.locator(".account-name").inner_text() == "Hoa Trần"
    tab.screenshot("accounts-logged-in-again")
    assert in_thread(lambda: get_user_model().objects.get(pk=producer_account.pk).check_password(NEW))
    tab.assert_clean()
