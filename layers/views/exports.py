"""/export/{layer}.{format}: a layer (with its filters and bbox) as a file GIS software and Excel open."""
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from ..catalogue import get_layer
from ..exports import export_bytes, get_format
from ..query import layer_queryset
from .errors import house_errors


@require_safe
@house_errors
def export(request, layer_id, suffix):
    layer = get_layer(layer_id)
    fmt = get_format(suffix)
    queryset = layer_queryset(layer, request.GET)
    response = HttpResponse(export_bytes(layer, queryset, suffix), content_type=fmt.content_type)
    response["Content-Disposition"] = f'attachment; filename="{layer.id}.{fmt.suffix}"'
    return response
