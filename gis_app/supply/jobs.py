"""Clusters of the whole province as a background job (gis_app/jobs): the API's document, streamed to a file.

Over HTTP, DBSCAN of a million producers took 24 s, answered 226 MB and left
the web worker at 1.6 GB. Here PostGIS labels every producer once into a
temporary table (dropped at commit), and the file is written from server-side
cursors a few thousand rows at a time: the job's memory does not grow with the
province. The document is the one `GET /api/v1/supply/clusters/` (or its CSV
export) gives for the same parameters.
"""
import csv
import json
import os
import tempfile

from django.core.files import File
from django.db import connection, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from gis_app.core.text import grouped

from .clustering import CLUSTER_SQL, EPSG_METRIC, HULLS, LABELS
from .geojson import CSV_COLUMNS, _feature, _producer
from .params import cluster_arguments

ROWS = 5000  # rows fetched at a time from a server-side cursor
MEMORY_MB = 1024  # the job's address-space limit: rows are streamed, never all held
FORMATS = ("geojson", "csv")


def _labelled_sql(selection, kwargs):
    """(CREATE TEMP TABLE … AS the labelled producers, params): the `labelled` step of clustering.CLUSTER_SQL."""
    ids_sql, ids_params = selection.ids_sql()
    method, hull = kwargs.get("method", "dbscan"), kwargs.get("hull", "convex")
    label_params = [kwargs.get("eps_m", 1000.0), kwargs.get("min_points", 3)] if method == "dbscan" \
        else [kwargs.get("k")]
    with_part = CLUSTER_SQL.format(srid=EPSG_METRIC, ids=ids_sql, labels=LABELS[method], hull=HULLS[hull])
    with_part = with_part[:with_part.index("SELECT cid, count(*)")]
    return with_part + "SELECT * FROM labelled", [*ids_params, *label_params]


def _parameters(kwargs):
    method = kwargs.get("method", "dbscan")
    parameters = {"eps_m": kwargs.get("eps_m", 1000.0), "min_points": kwargs.get("min_points", 3)} \
        if method == "dbscan" else {"k": kwargs.get("k")}
    parameters.update(hull=kwargs.get("hull", "convex"),
                      **({"concavity": kwargs.get("concavity", 0.5)} if kwargs.get("hull") == "concave" else {}))
    return parameters


def _stream(sql, params):
    """Rows of `sql` a batch at a time, through a server-side cursor."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(ROWS):
            yield from rows


def clusters(job, progress, query="", format="geojson"):
    """Job: the clustering of the producers chosen by `query` (the API's parameters) as a GeoJSON or CSV file."""
    selection, kwargs = cluster_arguments(QueryDict(query))
    table = f"supply_job_{job.pk}"  # a name of digits only, never from the request
    hull_sql = HULLS[kwargs.get("hull", "convex")].replace("lonlat", "t.lonlat")
    hull_params = [kwargs.get("concavity", 0.5)] if kwargs.get("hull") == "concave" else []
    with tempfile.TemporaryDirectory(prefix="ocop-supply-job-") as work, transaction.atomic():
        progress(0, None, _("Clustering the producers"), force=True)
        labelled_sql, labelled_params = _labelled_sql(selection, kwargs)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE {table} ON COMMIT DROP AS {labelled_sql}", labelled_params)
            cursor.execute(f"SELECT count(DISTINCT cid), count(*) FROM {table}")
            cluster_count, total = cursor.fetchone()
        writing = _("Writing the result")
        path = os.path.join(work, f"supply-clusters.{format}")
        written = 0
        clusters_sql = (f"SELECT t.cid, count(*), array_agg(t.id ORDER BY t.id), ST_AsGeoJSON({hull_sql}, 7), "
                        f"ST_AsGeoJSON(ST_Transform(ST_Centroid(ST_Collect(t.xy)), 4326), 7) "
                        f"FROM {table} t WHERE t.cid IS NOT NULL GROUP BY t.cid ORDER BY t.cid")
        members_sql = (f"SELECT t.cid, t.id, t.ref, t.name, ST_X(t.lonlat), ST_Y(t.lonlat) FROM {table} t "
                       f"ORDER BY t.cid NULLS LAST, t.id")
        with open(path, "w", encoding="utf-8", newline="") as out:
            if format == "csv":
                out.write("\ufeff")
                writer = csv.writer(out)
                writer.writerow(CSV_COLUMNS)
                centroid_sql = (f"WITH c AS (SELECT t.cid, count(*) AS n, ST_AsGeoJSON(ST_Transform(ST_Centroid("
                                f"ST_Collect(t.xy)), 4326), 7) AS centroid FROM {table} t WHERE t.cid IS NOT NULL "
                                f"GROUP BY t.cid) SELECT t.cid, c.n, t.id, t.ref, t.name, ST_X(t.lonlat), "
                                f"ST_Y(t.lonlat), c.centroid FROM {table} t LEFT JOIN c USING (cid) "
                                f"ORDER BY t.cid NULLS LAST, t.id")
                last = (None, None)
                for cid, size, pk, ref, name, lon, lat, centroid in _stream(centroid_sql, []):
                    if cid is None:
                        writer.writerow(["", "", pk, ref or "", name, lon, lat, "", ""])
                    else:
                        if last[0] != cid:
                            last = (cid, json.loads(centroid)["coordinates"])
                        writer.writerow([cid + 1, size, pk, ref or "", name, lon, lat, *last[1]])
                    written += 1
                    progress(written, total, writing)
            else:
                head = {"type": "FeatureCollection", "method": kwargs.get("method", "dbscan"),
                        "parameters": _parameters(kwargs), "cluster_count": cluster_count, "producer_count": total}
                out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "noise": [')
                noise = _stream(f"SELECT id FROM {table} WHERE cid IS NULL ORDER BY id", [])
                out.write(", ".join(str(pk) for (pk,) in noise) + '], "features": [')
                separator = ""
                for cid, size, member_ids, hull, centroid in _stream(clusters_sql, hull_params):
                    feature = _feature(json.loads(hull), kind="cluster", cluster=cid + 1, size=size,
                                       member_ids=member_ids, centroid=json.loads(centroid)["coordinates"])
                    out.write(separator + json.dumps(feature, ensure_ascii=False))
                    separator = ", "
                for cid, pk, ref, name, lon, lat in _stream(members_sql, []):
                    member = {"id": pk, "ref": ref, "name": name, "lon": lon, "lat": lat}
                    out.write(separator + json.dumps(_producer(member, None if cid is None else cid + 1),
                                                     ensure_ascii=False))
                    separator = ", "
                    written += 1
                    progress(written, total, writing)
                out.write("]}")
        with open(path, "rb") as handle:
            job.result_file.save(f"supply-clusters-{kwargs.get('method', 'dbscan')}.{format}", File(handle),
                                 save=False)
    return {"message": _("%(clusters)s clusters of %(producers)s producers.")
            % {"clusters": grouped(cluster_count),
               "producers": grouped(total)},
            "cluster_count": cluster_count, "producer_count": total, "format": format}
