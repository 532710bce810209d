"""A job that cannot start answers 503 with words, on every path that starts jobs (API, admin, pages)."""
from django.http import HttpResponse, JsonResponse

from gis_app.core.errors import error_body

from .runner import JobsUnavailable


class JobsUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, JobsUnavailable):
            return None
        message = str(JobsUnavailable())  # in the request's language, active here
        if request.path.startswith(("/api/", "/ogc/", "/export/")) or "json" in request.headers.get("Accept", ""):
            answer = JsonResponse(error_body(None, message), status=503)
        else:
            answer = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        answer["Retry-After"] = "60"
        return answer
