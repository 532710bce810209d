"""/export/{layer}.{format}: a layer (with its filters and bbox) as a file GIS software and Excel open."""
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gis_app.core.errors import InputError, error_body
from gis_app.jobs.runner import enqueue

from ..catalogue import get_layer
from ..exports import SHAPEFILE_NOTE, export_bytes, get_format
from ..jobs import EXPORT_MEMORY_MB
from ..query import layer_queryset
from .errors import house_errors


@require_safe
@house_errors
def export(request, layer_id, suffix):
    layer = get_layer(layer_id)
    fmt = get_format(suffix)
    queryset = layer_queryset(layer, request.GET)
    cut = []
    response = HttpResponse(export_bytes(layer, queryset, suffix, cut_texts=cut), content_type=fmt.content_type)
    response["Content-Disposition"] = f'attachment; filename="{layer.id}.{fmt.suffix}"'
    if cut:  # texts longer than a shapefile's DBF holds: listed in the zip's note (layers/exports.py)
        response["OCOP-Texts-Cut"] = f'{len(cut)}; note="{SHAPEFILE_NOTE}"'
    return response


@require_POST
@house_errors
def export_job(request, layer_id, suffix):
    """POST /export/{layer}.{format}/job: the same export as a background job, for signed-in users (whole
    layers of a million rows: streamed, bounded memory). 202 with the job's status address (GET /jobs/<id>/)."""
    if not request.user.is_authenticated:
        return JsonResponse(error_body("user", _("Sign in to run an export in the background.")), status=403,
                            json_dumps_params={"ensure_ascii": False})
    layer = get_layer(layer_id)
    fmt = get_format(suffix)
    layer_queryset(layer, request.GET)  # bad parameters are refused now, not in the worker
    if request.POST:
        raise InputError(next(iter(request.POST)), _("Filters go in the query string."))
    job = enqueue("layer-export", "layers.jobs.export", user=request.user, memory_mb=EXPORT_MEMORY_MB,
                  params={"layer": layer.id, "suffix": fmt.suffix, "query": request.GET.urlencode()})
    return JsonResponse({"job": job.pk, "state": job.state, "status_url": reverse("jobs:status", args=[job.pk])},
                        status=202)
