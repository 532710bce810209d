"""Exports of whole layers (a million rows) as background jobs (gis_app/jobs): streamed, bounded memory."""
import os
import tempfile

from django.core.files import File
from django.http import QueryDict
from django.utils.translation import gettext as _

from gis_app.core.text import grouped

from .catalogue import get_layer
from .exports import SHAPEFILE_NOTE, export_layer, get_format
from .query import layer_queryset

EXPORT_MEMORY_MB = 2048  # address-space limit of the job (and of ogr2ogr, its child): rows are streamed


def export(job, progress, layer, suffix, query=""):
    """Job: the layer's features (filters and bbox from `query`, a URL query string) as a file in `suffix`."""
    layer = get_layer(layer)
    fmt = get_format(suffix)
    queryset = layer_queryset(layer, QueryDict(query))
    total = queryset.count()
    words = _("Writing features")
    progress(0, total, words, force=True)
    with tempfile.TemporaryDirectory(prefix="ocop-export-job-") as work:
        path = os.path.join(work, f"{layer.id}.{fmt.suffix}")
        cut = []  # texts a shapefile could not hold whole, listed in its note
        export_layer(layer, queryset, suffix, path, progress=lambda n: progress(n, total, words), cut_texts=cut)
        progress(total, total, _("Converting the file"), force=True)
        with open(path, "rb") as handle:
            job.result_file.save(f"{layer.id}.{fmt.suffix}", File(handle), save=False)
    message = _("%(count)s features exported.") % {"count": grouped(total)}
    if cut:
        message += " " + _("%(cut)s texts are longer than a shapefile field holds and were shortened: see "
                           "%(note)s in the zip.") % {"cut": grouped(len(cut)), "note": SHAPEFILE_NOTE}
    return {"message": message, "texts_cut": len(cut),
            "count": total,
            "layer": layer.id, "format": fmt.suffix}
