"""The site's accounts (issue 25, item 8): a login link on every public page, the person's name, password change
and log-out once logged in, password reset by e-mail, landing pages, and the login throttle on the site's form.

Links in e-mails are read with a regular expression from django.core.mail.outbox; the throttle and the reset
limit are checked by counting answers, independently of the counters' implementation.
"""
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from gis_app.accounts.models import Role
from gis_app.accounts.roles import assign_role
from gis_app.registry.models import Producer, Product, Status

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-cu-2026"
NEW_PASSWORD = "mat-khau-moi-2026"
LOGIN = "/accounts/login/"


class Header(HTMLParser):
    """The links and forms of the page's <header class="site-header">."""

    def __init__(self):
        super().__init__()
        self.depth, self.links, self.forms, self.text = 0, {}, [], []
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "header" and "site-header" in (attrs.get("class") or ""):
            self.depth = 1
            return
        if not self.depth:
            return
        if tag == "a":
            self._link = attrs.get("href")
        if tag == "form":
            self.forms.append((attrs.get("action"), (attrs.get("method") or "get").lower()))

    def handle_endtag(self, tag):
        if tag == "header":
            self.depth = 0
        if tag == "a":
            self._link = None

    def handle_data(self, data):
        if self.depth and data.strip():
            self.text.append(data.strip())
            if self._link:
                self.links[data.strip()] = self._link


def header_of(response):
    assert response.status_code == 200, response.status_code
    parser = Header()
    parser.feed(response.content.decode())
    return parser


def public_pages():
    product = Product.objects.filter(status=Status.PUBLISHED, producer__status=Status.PUBLISHED).order_by("pk").first()
    return ["/", reverse("catalogue:product", args=[product.pk]), "/map/", "/products/", "/events/", "/tours/"]


def person(username="nguoi-dung", role=None, email="nguoi.dung@example.vn", **target):
    user = get_user_model().objects.create_user(username, email, PASSWORD, first_name="Lan", last_name="Nguyễn")
    if role:
        assign_role(user, role, **target)
    return user


def producer():
    return Producer.objects.filter(commune__isnull=False).order_by("pk").first()


def test_every_public_page_shows_a_login_link_to_visitors(client):
    for path in public_pages():
        header = header_of(client.get(path, HTTP_ACCEPT_LANGUAGE="vi"))
        assert header.links.get("Đăng nhập") == LOGIN, (path, header.links)
        assert "Đăng xuất" not in header.text, path


def test_the_login_link_is_in_english_when_the_page_is(client):
    header = header_of(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
    assert header.links.get("Log in") == LOGIN


def test_a_logged_in_person_sees_their_name_change_password_and_a_post_logout(client):
    client.force_login(person())
    for path in public_pages():
        header = header_of(client.get(path, HTTP_ACCEPT_LANGUAGE="vi"))
        assert "Lan Nguyễn" in header.text, path
        assert header.links.get("Đổi mật khẩu") == reverse("password_change")
        assert "Đăng xuất" in header.text and ("/accounts/logout/", "post") in header.forms, path
        assert "Đăng nhập" not in header.links


def test_logout_refuses_get_and_ends_the_session_on_post(client):
    client.force_login(person())
    assert client.get("/accounts/logout/").status_code == 405  # Django 5: a link cannot log anyone out
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200 and "Bạn đã đăng xuất" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert header_of(client.get("/", HTTP_ACCEPT_LANGUAGE="vi")).links.get("Đăng nhập") == LOGIN


def test_the_login_page_is_the_sites_own_in_vietnamese_with_a_reset_link(client):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="vi")
    page = response.content.decode()
    assert response.status_code == 200 and 'class="site-header"' in page
    assert "<h1>Đăng nhập</h1>" in page and 'href="/accounts/password/reset/"' in page and "Quên mật khẩu?" in page


@pytest.mark.parametrize("role, lands", [
    (Role.PRODUCER, "/dossiers/"), (Role.COMMUNE_OFFICER, "/admin/"), (Role.PROVINCIAL_OFFICER, "/admin/"),
    (Role.TOURISM_PLANNER, "/tours/plan/"), (None, "/")])
def test_after_login_people_land_where_they_work(client, role, lands):
    home = producer()
    target = {Role.PRODUCER: {"producer": home}, Role.COMMUNE_OFFICER: {"unit": home.commune}}.get(role, {})
    person(role=role, **target)
    response = client.post(LOGIN, {"username": "nguoi-dung", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == lands


@pytest.mark.parametrize("next_url, lands", [
    ("/products/", "/products/"), ("/events/?q=hoi-cho", "/events/?q=hoi-cho"),
    ("https://evil.example/phish", "/admin/"), ("//evil.example/", "/admin/"), ("javascript:alert(1)", "/admin/")])
def test_login_honours_next_only_on_this_site(client, next_url, lands):
    person(role=Role.PROVINCIAL_OFFICER)
    response = client.post(LOGIN, {"username": "nguoi-dung", "password": PASSWORD, "next": next_url})
    assert response.status_code == 302 and response["Location"] == lands


def test_a_page_that_needs_an_account_sends_visitors_to_the_site_login_and_back(client):
    response = client.get("/dossiers/")
    assert response.status_code == 302 and response["Location"] == f"{LOGIN}?next=/dossiers/"
    form = client.get(response["Location"]).content.decode()
    assert 'name="next" value="/dossiers/"' in form


def test_a_wrong_password_is_refused_on_the_form_in_vietnamese(client):
    person()
    response = client.post(LOGIN, {"username": "nguoi-dung", "password": "sai"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_person_changes_their_password(client):
    user = person(role=Role.PRODUCER, producer=producer())
    assert client.login(username="nguoi-dung", password=PASSWORD)
    form = client.get(reverse("password_change"), HTTP_ACCEPT_LANGUAGE="vi")
    assert form.status_code == 200 and "<h1>Đổi mật khẩu</h1>" in form.content.decode()
    wrong = client.post(reverse("password_change"), {
        "old_password": "khong-dung", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200 and 'data-field="old_password"' in wrong.content.decode()
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert "Đã đổi mật khẩu" in client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "_auth_user_id" in client.session  # the session that changed it stays logged in
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)


def test_password_change_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN + "?next=")


def reset_link(message):
    match = re.search(r"https?://\S+/accounts/password/reset/[^/\s]+/[^/\s]+/", message.body)
    assert match, message.body
    return match.group(0)


def test_a_password_reset_mails_a_link_that_sets_a_new_password(client):
    person(role=Role.PRODUCER, producer=producer(), email="Chu.The@Example.vn")
    response = client.post(reverse("password_reset"), {"email": "chu.the@example.vn"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert "Kiểm tra hộp thư" in client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Chu.The@example.vn"] and message.subject == "Đặt mật khẩu mới cho OCOP-GIS"
    assert "Xin chào nguoi-dung," in message.body and message.from_email == django_settings.DEFAULT_FROM_EMAIL
    link = reset_link(message)

    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="vi")  # Django swaps the token for a session key
    assert form.status_code == 200 and 'id="password-set-form"' in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")

    assert client.post(LOGIN, {"username": "nguoi-dung", "password": PASSWORD}).status_code == 200  # old: refused
    assert client.post(LOGIN, {"username": "nguoi-dung", "password": NEW_PASSWORD})["Location"] == "/dossiers/"
    client.post("/accounts/logout/")
    used = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "không còn dùng được" in used and 'id="password-set-form"' not in used  # the link works once


def test_a_reset_for_an_unknown_address_reveals_nothing(client):
    person(email="co.that@example.vn")
    known = client.post(reverse("password_reset"), {"email": "co.that@example.vn"})
    unknown = client.post(reverse("password_reset"), {"email": "khong.co@example.vn"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["co.that@example.vn"]]


def test_the_reset_link_uses_the_public_address_when_it_is_set(client, settings):
    settings.OCOP_PUBLIC_URL = "https://ocop.binhduong.example.vn/"
    person()
    client.post(reverse("password_reset"), {"email": "nguoi.dung@example.vn"})
    assert reset_link(mail.outbox[0]).startswith("https://ocop.binhduong.example.vn/accounts/password/reset/")


def test_the_site_login_is_throttled_like_the_admin_login(client, settings):
    settings.OCOP_LOGIN_FAILURES = 3
    person()
    for _ in range(3):
        assert client.post(LOGIN, {"username": "nguoi-dung", "password": "sai"}).status_code == 200
    locked = client.post(LOGIN, {"username": "nguoi-dung", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="vi")
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    assert "Quá nhiều lần thử" in locked.content.decode() and "_auth_user_id" not in client.session
    # One count: the admin's form is locked for this name too, and the site's form for another name is not.
    assert client.post(reverse("admin:login"), {"username": "nguoi-dung", "password": PASSWORD}).status_code == 429
    person(username="nguoi-khac", email="khac@example.vn")
    assert client.post(LOGIN, {"username": "nguoi-khac", "password": PASSWORD}).status_code == 302


def test_admin_login_failures_lock_the_site_login(client, settings):
    settings.OCOP_LOGIN_FAILURES = 2
    person()
    for _ in range(2):
        client.post(reverse("admin:login"), {"username": "nguoi-dung", "password": "sai"})
    assert client.post(LOGIN, {"username": "nguoi-dung", "password": PASSWORD}).status_code == 429


def test_password_reset_requests_are_rate_limited(client, settings):
    settings.OCOP_PASSWORD_RESET_RATE = "2/3600"
    person()
    answers = [client.post(reverse("password_reset"), {"email": "nguoi.dung@example.vn"}, HTTP_ACCEPT_LANGUAGE="vi")
               for _ in range(3)]
    assert [a.status_code for a in answers] == [302, 302, 429] and int(answers[2]["Retry-After"]) > 0
    assert "Quá nhiều yêu cầu đặt lại mật khẩu" in answers[2].content.decode()
    assert len(mail.outbox) == 2


def test_the_admin_login_offers_the_sites_password_reset(client):
    page = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'href="/admin/password-reset/"' in page
    assert client.get("/admin/password-reset/")["Location"] == reverse("password_reset")


def settings_with(**env):
    code = "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    environ.update(DJANGO_SETTINGS_MODULE="gis_app.settings", **env)
    return subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], env=environ,
                          cwd=django_settings.BASE_DIR, capture_output=True, text=True, check=True).stdout.split()


def test_mail_goes_to_the_console_without_an_smtp_host_and_through_smtp_with_one():
    assert settings_with()[0] == "django.core.mail.backends.console.EmailBackend"
    assert settings_with(EMAIL_HOST="smtp.example.vn", EMAIL_PORT="2525", EMAIL_USE_TLS="0") == [
        "django.core.mail.backends.smtp.EmailBackend", "smtp.example.vn", "2525", "False"]
