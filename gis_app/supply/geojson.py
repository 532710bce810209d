"""GeoJSON and CSV renderings of clusterings, collection points and catchments."""
from django.utils.translation import gettext_lazy as _

from gis_app.core import csvout, geojson


def _point(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


def _feature(geometry, **properties):
    return geojson.feature(geometry, properties)


def _producer(member, cluster_id, **extra):
    return _feature(_point(member["lon"], member["lat"]), kind="producer", id=member["id"], ref=member["ref"],
                    name=member["name"], cluster=cluster_id, **extra)


def clustering_geojson(result):
    """FeatureCollection: one hull feature per cluster (kind "cluster") and one point per producer (kind "producer",
    cluster null for noise); `noise` lists the ids DBSCAN left out."""
    features = []
    for cluster in result.clusters:
        features.append(_feature(cluster.hull, kind="cluster", cluster=cluster.id, size=cluster.size,
                                 member_ids=cluster.member_ids, centroid=cluster.centroid["coordinates"]))
    for cluster in result.clusters:
        features.extend(_producer(m, cluster.id) for m in cluster.members)
    features.extend(_producer(m, None) for m in result.noise)
    return geojson.collection(features, method=result.method, parameters=result.parameters,
                              cluster_count=len(result.clusters), producer_count=result.producer_count,
                              noise=[m["id"] for m in result.noise])


# The CSV's columns, headed in the request's language (a job's: the language of the request that started it).
CSV_COLUMNS = [_("Cluster"), _("Cluster size (producers)"), _("Producer ID"), _("Registry code"), _("Name"),
               _("Longitude"), _("Latitude"), _("Cluster centroid longitude"), _("Cluster centroid latitude")]


def csv_header():
    """The CSV's header row in the active language."""
    return [str(title) for title in CSV_COLUMNS]


def clustering_csv(result):
    """UTF-8 CSV with a BOM (so Excel reads Vietnamese right): one row per producer, noise with an empty cluster."""
    def rows():
        for cluster in result.clusters:
            cx, cy = cluster.centroid["coordinates"]
            for m in cluster.members:
                yield [cluster.id, cluster.size, m["id"], m["ref"] or "", m["name"], m["lon"], m["lat"], cx, cy]
        for m in result.noise:
            yield ["", "", m["id"], m["ref"] or "", m["name"], m["lon"], m["lat"], "", ""]

    return csvout.text(csv_header(), rows(), bom=True)


def _site(site):
    return None if site is None else {"vertex": site.vertex, "lon": site.lon, "lat": site.lat,
                                      "members_reached": site.reached, "total_minutes": site.total_s / 60}


def collection_geojson(result, points):
    """FeatureCollection of the clusters' hulls, suggested collection points (kind "collection_point") and the
    snapped centroids they are compared with (kind "centroid"), each point carrying both totals and the saving."""
    features = []
    for cluster, point in zip(result.clusters, points):
        summary = {"cluster": cluster.id, "size": cluster.size}
        if point is not None:
            summary.update(
                best=_site(point.best), centroid=_site(point.centroid),
                saving_minutes=None if point.saving_s is None else point.saving_s / 60,
                saving_pct=point.saving_pct, member_ids_at_best=point.member_ids_at_best,
                unreachable_ids=point.unreachable_ids, off_network_ids=point.off_network_ids,
            )
        else:
            summary.update(best=None, off_network_ids=cluster.member_ids)
        features.append(_feature(cluster.hull, kind="cluster", **summary))
        if point is not None:
            features.append(_feature(_point(point.best.lon, point.best.lat), kind="collection_point", **summary))
            if point.centroid is not None:
                features.append(_feature(_point(point.centroid.lon, point.centroid.lat), kind="centroid",
                                         centroid_lonlat=list(point.centroid_lonlat), **summary))
    return geojson.collection(features, method=result.method, parameters=result.parameters,
                              noise=[m["id"] for m in result.noise])


def catchment_geojson(found, lon, lat):
    """FeatureCollection: the reached area (kind "area"), the start (kind "start") and the producers reached."""
    features = []
    if found.area:
        features.append(_feature(found.area, kind="area", minutes=found.minutes))
    features.append(_feature(_point(lon, lat), kind="start", vertex=found.start_vertex, snap_m=found.start_snap_m,
                             road_lon=found.start_road[0] if found.start_road else None,
                             road_lat=found.start_road[1] if found.start_road else None))
    features.extend(_feature(_point(p["lon"], p["lat"]), kind="producer", id=p["id"], ref=p["ref"], name=p["name"],
                             minutes=p["minutes"], snap_m=p["snap_m"]) for p in found.producers)
    return geojson.collection(features, minutes=found.minutes, producer_count=len(found.producers),
                              producer_ids=[p["id"] for p in found.producers])
