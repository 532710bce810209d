"""NUL characters in request input: refused at the door, naming where they were.

PostgreSQL text cannot hold U+0000, so any parameter carrying one would reach
the database as an error (a 500) wherever a view forgot to check. Forms and DRF
fields already refuse it (ProhibitNullCharactersValidator); query parameters and
HTTP Basic credentials are checked here, for every URL, before any view.
"""
import base64
import binascii

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from .errors import error_body


def nul_parameter(request: HttpRequest) -> str | None:
    """The name of the first query parameter whose name or value holds a NUL character, or None."""
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return key.replace("\x00", "\\0")
    return None


def basic_credentials_have_nul(request: HttpRequest) -> bool:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if "\x00" in header:
        return True
    if header[:6].lower() != "basic ":
        return False
    try:
        return b"\x00" in base64.b64decode(header[6:].strip(), validate=False)
    except (binascii.Error, ValueError):
        return False


class NulByteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = nul_parameter(request)
        if name is not None:
            return self.refuse(request, name, _("The value contains a NUL character (\\0), which is not allowed."),
                               400)
        if basic_credentials_have_nul(request):
            # 403, as the API answers any refused credentials (session authentication comes first in DRF)
            return self.refuse(request, "Authorization", _("Invalid username/password."), 403)
        return self.get_response(request)

    @staticmethod
    def refuse(request, field, message, status):
        if request.path.startswith(("/api/", "/ogc/", "/export/", "/tiles/")):  # the layers answer JSON errors too
            return JsonResponse(error_body(field, message), status=status)
        return HttpResponse(f"{field}: {message}", status=status, content_type="text/plain; charset=utf-8")
