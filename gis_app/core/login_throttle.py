"""Admin login throttling: after OCOP_LOGIN_FAILURES failed attempts for one user name from one
address within OCOP_LOGIN_WINDOW seconds, further attempts get 429 until the window ends.

Failures are counted from the admin's own answer (the form shown again with an
error); a successful login clears the count.
"""
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .ratelimit import client_ip


def failure_key(request):
    username = (request.POST.get("username") or "").strip().lower()
    digest = hashlib.sha256(f"{username}\n{client_ip(request)}".encode()).hexdigest()
    return f"login-failures:{digest}"


class LoginThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path != reverse("admin:login") or not settings.OCOP_LOGIN_FAILURES:
            return self.get_response(request)
        cache = caches["ratelimit"]
        key = failure_key(request)
        window = settings.OCOP_LOGIN_WINDOW
        if cache.get(key, 0) >= settings.OCOP_LOGIN_FAILURES:
            response = HttpResponse(
                _("Too many failed logins for this user from your address. Try again in %(minutes)d minutes.")
                % {"minutes": max(1, window // 60)},
                status=429, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(window)
            return response
        response = self.get_response(request)
        if response.status_code == 200:  # the login form again: wrong credentials
            cache.add(key, 0, timeout=window)
            cache.incr(key)
        elif response.status_code in (301, 302):
            cache.delete(key)
        return response
