"""A job's state as JSON for the page that started it, and its result file: only for who started it."""
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from .models import Job
from .runner import settle


def visible_job(request, pk):
    """The job if `request.user` started it or is a superuser; 404 otherwise (no hint that it exists)."""
    job = get_object_or_404(Job, pk=pk)
    user = request.user
    if not user.is_authenticated or not (user.is_superuser or job.created_by_id == user.pk):
        raise Http404
    return job


def as_data(job):
    return {
        "id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "progress": job.progress,
        "message": job.message,
        "result": job.result,
        "result_url": reverse("jobs:result", args=[job.pk]) if job.result_file else None,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


def status(request, pk):
    return JsonResponse(as_data(settle(visible_job(request, pk))))


def result(request, pk):
    job = visible_job(request, pk)
    if not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True,
                        filename=job.result_file.name.rsplit("/", 1)[-1])
