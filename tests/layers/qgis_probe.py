"""What QGIS itself reads from a running OCOP-GIS server; run by tests/layers/test_qgis.py with Debian's Python.

QGIS's Python bindings (Debian's python3-qgis) live in /usr/bin/python3, not in the project's .venv, so the
tests run this file as a subprocess, headless (QT_QPA_PLATFORM=offscreen, a temporary HOME and QGIS profile):

    /usr/bin/python3 qgis_probe.py oapif BASE_URL COLLECTION...   # OGC API – Features through the OAPIF provider
    /usr/bin/python3 qgis_probe.py tiles BASE_URL IMAGE.png       # the vector tiles with /tiles/style.json

It prints one JSON document on stdout. Only the standard library and QGIS are imported here.
"""
import json
import sys
import urllib.request


def start_qgis(profile):
    from qgis.core import QgsApplication

    app = QgsApplication([], False, profile)
    app.initQgis()
    return app


def plain(value):
    """A QGIS attribute as JSON: NULL as null, dates as ISO 8601 text."""
    from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QVariant

    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    if isinstance(value, (QDate, QDateTime)):
        return value.toString(Qt.ISODate) if value.isValid() else None
    return value


def oapif(base, collections):
    """Each collection read whole through QGIS's OAPIF provider with its default options."""
    from qgis.core import QgsFeatureRequest, QgsVectorLayer

    out = {}
    for collection in collections:
        # QGIS 3.22's uri: QgsDataSourceUri key='value' pairs; nothing but the address and the collection.
        layer = QgsVectorLayer(f"url='{base}/ogc' typename='{collection}'", collection, "OAPIF")
        entry = {"valid": layer.isValid(), "error": layer.error().summary() if not layer.isValid() else ""}
        if layer.isValid():
            names = [f.name() for f in layer.fields()]
            rows = [{name: plain(value) for name, value in zip(names, feature.attributes())}
                    for feature in layer.getFeatures(QgsFeatureRequest())]
            entry.update(feature_count=layer.featureCount(), fields=names, rows=rows,
                         geometry_type=layer.wkbType(), crs=layer.crs().authid(),
                         provider_errors=[str(e) for e in layer.dataProvider().errors()])
        out[collection] = entry
    return out


def fetch_json(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


def tiles(base, image_path):
    """The style converted by QgsMapBoxGlStyleConverter; one QgsVectorTileLayer per style source; a render."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsDataSourceUri,
        QgsMapBoxGlStyleConversionContext,
        QgsMapBoxGlStyleConverter,
        QgsMapRendererSequentialJob,
        QgsMapSettings,
        QgsRectangle,
        QgsVectorTileLayer,
    )
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    style = fetch_json(f"{base}/tiles/style.json")
    context = QgsMapBoxGlStyleConversionContext()
    converter = QgsMapBoxGlStyleConverter()
    result = converter.convert(style, context)
    renderer = converter.renderer()
    styles = renderer.styles() if renderer is not None else []
    out = {
        "result": int(result), "success": result == QgsMapBoxGlStyleConverter.Success,
        "error": converter.errorMessage(), "warnings": list(context.warnings()),
        "styles": [{"name": s.styleName(), "layer": s.layerName(), "geometry": int(s.geometryType()),
                    "enabled": s.isEnabled(), "min_zoom": s.minZoomLevel(), "max_zoom": s.maxZoomLevel()}
                   for s in styles],
        "layers": {},
    }
    # QGIS 3.22 takes one xyz address per layer and does not read a style's sources (3.28 does): each source's
    # TileJSON gives its tile address and zooms, as QGIS 3.28 would read them.
    map_layers = []
    for source_id, source in style["sources"].items():
        if source.get("type") != "vector":
            continue
        tilejson = fetch_json(source["url"])
        uri = QgsDataSourceUri()
        uri.setParam("type", "xyz")
        uri.setParam("url", tilejson["tiles"][0])
        uri.setParam("zmin", str(tilejson.get("minzoom", 0)))
        uri.setParam("zmax", str(tilejson.get("maxzoom", 14)))
        uri.setParam("styleUrl", f"{base}/tiles/style.json")  # as QGIS's connection dialog's "Style URL"
        layer = QgsVectorTileLayer(bytes(uri.encodedUri()).decode(), source_id)
        entry = {"uri": layer.source(), "valid": layer.isValid()}
        if layer.isValid():
            # QGIS's own path: the layer fetches the style and converts it (QgsMapBoxGlStyleConverter again).
            error, loaded = layer.loadDefaultStyle()
            layer_renderer = layer.renderer()
            entry.update(style_loaded=loaded, style_error=error,
                         loaded_styles=[s.styleName() for s in layer_renderer.styles()])
            # Drawn: this source's styles only. The style's background is the map's own; a background style in
            # every layer would paint over the layers beneath.
            layer_renderer.setStyles([s for s in layer_renderer.styles() if s.layerName() == source_id])
            entry["styles"] = [s.styleName() for s in layer_renderer.styles()]
            entry["source_zoom"] = [layer.sourceMinZoom(), layer.sourceMaxZoom()]
            map_layers.insert(0, layer)  # the style draws its layers bottom up; QgsMapSettings lists them top down
        out["layers"][source_id] = entry

    background = QColor("#f8f9fa")
    lon, lat = style["center"]
    settings = QgsMapSettings()
    settings.setLayers(map_layers)
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    settings.setOutputSize(QSize(400, 400))
    settings.setBackgroundColor(background)
    # A box of about 30 km around the style's centre (Web Mercator metres).
    from qgis.core import QgsCoordinateTransform, QgsPointXY, QgsProject

    to_mercator = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                         QgsCoordinateReferenceSystem("EPSG:3857"), QgsProject.instance())
    centre = to_mercator.transform(QgsPointXY(lon, lat))
    half = 15000
    settings.setExtent(QgsRectangle(centre.x() - half, centre.y() - half, centre.x() + half, centre.y() + half))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(image_path, "PNG")
    # Each pixel that is not the background, counted for the style layer whose colour (over the background,
    # at its opacity) is nearest, within a small distance.
    inks = {}
    for style_layer in style["layers"]:
        paint = style_layer.get("paint", {})
        for kind in ("circle", "fill", "line"):
            if f"{kind}-color" in paint:
                alpha = paint.get(f"{kind}-opacity", 1)
                ink = QColor(paint[f"{kind}-color"])
                inks[style_layer["id"]] = tuple(alpha * c + (1 - alpha) * b for c, b in zip(
                    (ink.red(), ink.green(), ink.blue()), (background.red(), background.green(), background.blue())))
    drawn, by_layer = 0, {}
    for x in range(image.width()):
        for y in range(image.height()):
            colour = QColor(image.pixel(x, y))
            rgb = (colour.red(), colour.green(), colour.blue())
            if colour == background:
                continue
            drawn += 1
            distance, nearest = min((sum((a - b) ** 2 for a, b in zip(rgb, ink)) ** 0.5, name)
                                    for name, ink in inks.items())
            if distance < 30:
                by_layer[nearest] = by_layer.get(nearest, 0) + 1
    out["render"] = {"width": image.width(), "height": image.height(), "drawn_pixels": drawn, "pixels_by_style_layer": by_layer,
                     "errors": [f"{e.layerID}: {e.message}" for e in job.errors()]}
    return out


def main(argv):
    import os
    import tempfile

    from qgis.core import Qgis

    command, base = argv[1], argv[2].rstrip("/")
    app = start_qgis(os.environ.get("OCOP_QGIS_PROFILE") or tempfile.mkdtemp(prefix="qgis-profile-"))
    try:
        report = oapif(base, argv[3:]) if command == "oapif" else tiles(base, argv[3])
        report["qgis_version"] = Qgis.version()
    finally:
        app.exitQgis()
    json.dump(report, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv)
