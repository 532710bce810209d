"""Login throttling: after OCOP_LOGIN_FAILURES failed attempts for one user name from one address within
OCOP_LOGIN_WINDOW seconds, further attempts with that name get 429 until the window ends.

Failures are counted from Django's `user_login_failed` signal, so the site's
login form (/accounts/login/), the admin's and HTTP Basic authentication of
the API share one count and one lock; a successful login clears it.
"""
import base64
import binascii
import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import caches
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .errors import error_body
from .ratelimit import client_ip


def failure_key(username: str | None, request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{(username or '').strip().lower()}\n{client_ip(request)}".encode()).hexdigest()
    return f"login-failures:{digest}"


# The login forms that post a user name and password: the site's and the admin's.
LOGIN_FORMS = ("login", "admin:login")


def attempted_username(request: HttpRequest) -> str | None:
    """The user name a request tries to log in with (a login form or HTTP Basic), or None."""
    if request.method == "POST" and request.path in {reverse(name) for name in LOGIN_FORMS}:
        return request.POST.get("username") or ""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:6].lower() == "basic ":
        try:
            return base64.b64decode(header[6:].strip()).decode("utf-8", "replace").partition(":")[0]
        except (binascii.Error, ValueError):
            return None
    return None


@receiver(user_login_failed)
def count_failure(sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is None or not settings.OCOP_LOGIN_FAILURES:
        return
    cache = caches["ratelimit"]
    key = failure_key(credentials.get("username"), request)
    cache.add(key, 0, timeout=settings.OCOP_LOGIN_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.OCOP_LOGIN_WINDOW)


@receiver(user_logged_in)
def clear_failures(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        caches["ratelimit"].delete(failure_key(user.get_username(), request))


class LoginThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.OCOP_LOGIN_FAILURES:
            username = attempted_username(request)
            if username is not None and (caches["ratelimit"].get(failure_key(username, request), 0)
                                         >= settings.OCOP_LOGIN_FAILURES):
                return self.locked(request)
        return self.get_response(request)

    @staticmethod
    def locked(request):
        window = settings.OCOP_LOGIN_WINDOW
        message = _("Too many failed logins for this user from your address. Try again in %(minutes)d minutes.") % {
            "minutes": max(1, window // 60)}
        if request.path.startswith("/api/"):
            response = JsonResponse(error_body(None, message), status=429)
        elif request.path == reverse("login"):
            response = render(request, "login_locked.html", {"message": message}, status=429)
        else:
            response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(window)
        return response
