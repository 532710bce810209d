"""What users see when the server fails: never a stack trace (DEBUG is off), the house JSON error
shape under /api/, a plain page elsewhere."""
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from .errors import error_body


def server_error(request: HttpRequest) -> HttpResponse:
    message = _("Something went wrong on the server. The error has been logged; please try again later.")
    if request.path.startswith("/api/") or request.path.startswith("/ogc/"):
        return JsonResponse(error_body(None, message), status=500)
    return HttpResponseServerError(
        f"<!doctype html><html><head><meta charset='utf-8'><title>500</title></head>"
        f"<body><h1>{escape(_('Server error'))}</h1><p>{escape(message)}</p></body></html>")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for a URL that matches no route: the house JSON shape under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(None, _("Not found.")), status=404)
    return page_not_found(request, exception)
