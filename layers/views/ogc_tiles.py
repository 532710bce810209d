"""/ogc/tileMatrixSets[/WebMercatorQuad] and /ogc/collections/{id}/tiles[/WebMercatorQuad] (OGC API – Tiles)."""
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gis_app.core.errors import InputError

from .. import ogc_tiles
from ..catalogue import get_layer
from ..features import extent
from .errors import house_errors
from .ogc import _check_format, _links, _respond, _url


def _tms_link(request):
    return {"href": _url(request, f"/tileMatrixSets/{ogc_tiles.TMS_ID}"), "rel": ogc_tiles.TILING_SCHEME_REL,
            "type": "application/json", "title": ogc_tiles.TMS_ID}


@require_safe
@house_errors
def tile_matrix_sets(request):
    _check_format(request)
    return _respond(request, {"title": _("tile matrix sets"), "links": _links(request, "/tileMatrixSets"),
                              "tileMatrixSets": [{"id": ogc_tiles.TMS_ID, "title": "WebMercatorQuad",
                                                  "uri": ogc_tiles.TMS_URI, "links": [
                                                      {**_tms_link(request), "rel": "self"}]}]})


@require_safe
@house_errors
def tile_matrix_set(request, tms_id):
    _check_format(request)
    if tms_id != ogc_tiles.TMS_ID:
        raise InputError("tileMatrixSetId", _("Unknown tile matrix set “%(id)s”. Known: %(known)s.")
                         % {"id": tms_id, "known": ogc_tiles.TMS_ID}, status_code=404)
    return _respond(request, {**ogc_tiles.tile_matrix_set(),
                              "links": _links(request, f"/tileMatrixSets/{tms_id}")})


def _tileset(request, layer):
    return ogc_tiles.tileset(layer, {
        "self": _url(request, f"/collections/{layer.id}/tiles/{ogc_tiles.TMS_ID}"),
        "tms": _url(request, f"/tileMatrixSets/{ogc_tiles.TMS_ID}"),
        "tiles": request.build_absolute_uri(f"/tiles/{layer.id}/") + "{tileMatrix}/{tileCol}/{tileRow}.pbf",
        "tilejson": request.build_absolute_uri(f"/tiles/{layer.id}.json"),
    }, extent(layer) or [-180, -85.0511, 180, 85.0511])


@require_safe
@house_errors
def collection_tilesets(request, layer_id):
    _check_format(request)
    layer = get_layer(layer_id, field="collectionId")
    full = _tileset(request, layer)
    summary = {key: full[key] for key in ("title", "dataType", "crs", "tileMatrixSetURI")}
    summary["links"] = [full["links"][0], full["links"][1]]
    return _respond(request, {"title": layer.title, "links": _links(request, f"/collections/{layer.id}/tiles"),
                              "tilesets": [summary]})


@require_safe
@house_errors
def collection_tileset(request, layer_id, tms_id):
    _check_format(request)
    layer = get_layer(layer_id, field="collectionId")
    if tms_id != ogc_tiles.TMS_ID:
        raise InputError("tileMatrixSetId", _("Unknown tile matrix set “%(id)s”. Known: %(known)s.")
                         % {"id": tms_id, "known": ogc_tiles.TMS_ID}, status_code=404)
    document = _tileset(request, layer)
    document["links"] = [*_links(request, f"/collections/{layer.id}/tiles/{tms_id}"), *document["links"][1:]]
    return _respond(request, document)
