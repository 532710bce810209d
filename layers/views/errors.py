"""Plain Django views answering bad input in the house error shape (DRF views get it from the handler)."""
import functools

from django.http import JsonResponse

from gis_app.core.errors import InputError, error_body


def house_errors(view):
    """Turn an InputError raised by `view` into {"error": {"field", "message"}} with its 4xx status."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except InputError as error:
            return JsonResponse(error_body(error.field, error.detail), status=error.status_code,
                                json_dumps_params={"ensure_ascii": False})

    return wrapped
