"""The site's own account pages: log in and out, change a password, reset a forgotten one by e-mail.

Django's auth views do the work; these subclasses only choose the templates, where a person lands after
logging in, and how often a reset may be asked for. Failed logins are throttled by the one rule of
gis_app/core/login_throttle.py, which covers this login form, the admin's and the API's Basic authentication.
"""
import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gis_app.core.ratelimit import FULL_COST, client_ip, hit, parse_rate

from .models import Role
from .rules import role_of

TEMPLATES = "accounts/"


def landing_page(user):
    """Where `user` works: producer accounts their dossiers, tourism planners the tour planner, officers and
    administrators the administration, anyone else the home page."""
    role = role_of(user)
    if role == Role.PRODUCER:
        return reverse("dossiers:list")
    if role == Role.TOURISM_PLANNER:
        return reverse("tours:planner")
    if role is not None or (user.is_active and user.is_staff):
        return reverse("admin:index")
    return "/"


class LoginView(auth_views.LoginView):
    """Django's login; ?next= is honoured only when it stays on this site (Django checks the host and
    scheme), otherwise the person lands where they work (`landing_page`)."""

    template_name = TEMPLATES + "login.html"

    def get_default_redirect_url(self):
        return landing_page(self.request.user)


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5); shows a page saying the person is logged out."""

    template_name = TEMPLATES + "logged_out.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = TEMPLATES + "password_change_form.html"


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = TEMPLATES + "password_change_done.html"


def public_base():
    """OCOP_PUBLIC_URL without its last slash, or "" (the e-mail then uses the request's scheme and host)."""
    return (getattr(settings, "OCOP_PUBLIC_URL", "") or "").rstrip("/")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request: the same answer whether or not the address belongs to an account. Requests are
    counted per client address and per address asked for (OCOP_PASSWORD_RESET_RATE, the rate limiter's
    counters); beyond the limit a 429 page and no e-mail."""

    template_name = TEMPLATES + "password_reset_form.html"
    email_template_name = TEMPLATES + "password_reset_email.txt"
    subject_template_name = TEMPLATES + "password_reset_subject.txt"

    def post(self, request, *args, **kwargs):
        limit, seconds = parse_rate(settings.OCOP_PASSWORD_RESET_RATE)
        if limit:
            email = (request.POST.get("email") or "").strip().lower()
            by_email = hashlib.sha256(email.encode()).hexdigest()
            counts = [hit(f"password-reset:ip:{client_ip(request)}", seconds),
                      hit(f"password-reset:email:{by_email}", seconds)]
            over = [retry for count, retry in counts if count > limit * FULL_COST]  # counters count tenths
            if over:
                response = render(request, TEMPLATES + "too_many.html", {
                    "message": _("Too many password reset requests. Try again in %(minutes)d minutes.") % {
                        "minutes": max(1, (max(over) + 59) // 60)}}, status=429)
                response["Retry-After"] = str(max(over))
                return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Read per request, not once as a class attribute: the public address and the link's lifetime.
        self.extra_email_context = {"public_url": public_base(),
                                    "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = TEMPLATES + "password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = TEMPLATES + "password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = TEMPLATES + "password_reset_complete.html"

