"""One shape for every API error: {"error": {"field": ..., "message": ...}} with a 4xx status."""
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler


class InputError(APIException):
    """Bad input in a request: names the parameter (or field) and says what is wrong.

    Raise it with a message already translated (gettext), so that the answer
    follows the request's Accept-Language.
    """

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, field: str | None, message: object, status_code: int | None = None) -> None:
        self.field = field
        if status_code:
            self.status_code = status_code
        super().__init__(detail=message)


def error_body(field: str | None, message: object) -> dict[str, dict[str, Any]]:
    return {"error": {"field": field, "message": str(message)}}


def _first(detail):
    """The first (field, message) of a DRF error detail, however nested."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            field, message = _first(value)
            return (key if field in (None, "non_field_errors") else f"{key}.{field}"), message
    if isinstance(detail, list) and detail:
        return _first(detail[0])
    return None, str(detail)


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF exception handler producing the house error shape (all problems listed under "errors")."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, InputError):
        return Response(error_body(exc.field, exc.detail), status=exc.status_code)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Http404) or response.status_code == 404:
        field, message = None, _first(response.data)[1]
    else:
        field, message = _first(response.data)
    body = error_body(field, message)
    if isinstance(response.data, dict) and len(response.data) > 1:
        body["errors"] = response.data
    response.data = body
    return response
