"""Clusters of the whole province as a background job (gis_app/jobs): the API's document, streamed to a file.

Over HTTP, DBSCAN of a million producers took 24 s, answered 226 MB and left
the web worker at 1.6 GB. Here PostGIS labels every producer once into a
temporary table (dropped at commit), and the file is written from server-side
cursors a few thousand rows at a time: the job's memory does not grow with the
province. The document is the one `GET /api/v1/supply/clusters/` (or its CSV
export) gives for the same parameters.
"""
import json
import os
import tempfile

from django.core.files import File
from django.db import connection, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from gis_app.core import csvout, geojson
from gis_app.core.text import grouped

from .clustering import HULLS, cluster_sql
from .geojson import csv_header
from .params import cluster_arguments

ROWS = 5000  # rows fetched at a time from a server-side cursor
MEMORY_MB = 1024  # the job's address-space limit: rows are streamed, never all held
FORMATS = ("geojson", "csv")
CENTROID_GEOJSON = geojson.sql("ST_Transform(ST_Centroid(ST_Collect(t.xy)), 4326)", 7)
JOB_WORK_MEM = "128MB"


def _labelled_sql(selection, kwargs):
    """(CREATE TEMP TABLE … AS the labelled producers, params): the `labelled` step of clustering.CLUSTER_SQL."""
    ids_sql, ids_params = selection.ids_sql()
    method, hull = kwargs.get("method", "dbscan"), kwargs.get("hull", "convex")
    label_params = [kwargs.get("eps_m", 1000.0), kwargs.get("min_points", 3)] if method == "dbscan" \
        else [kwargs.get("k")]
    with_part = cluster_sql(ids_sql, method, hull)
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


def _batches_of_texts(sql, params):
    """Lists of the one-column texts of `sql`, a batch at a time, through a server-side cursor."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(ROWS):
            yield [row[0] for row in rows]


def _stream_texts(sql, params):
    for batch in _batches_of_texts(sql, params):
        yield from batch


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
            # Sorts by cluster in memory rather than in temporary files (a million rows: ~100 MB at most, in
            # the database server, once per job; the web's requests keep the server's default).
            cursor.execute("SET LOCAL work_mem = %s", [JOB_WORK_MEM])
            cursor.execute(f"CREATE TEMP TABLE {table} ON COMMIT DROP AS {labelled_sql}", labelled_params)
            cursor.execute(f"SELECT count(DISTINCT cid), count(*) FROM {table}")
            cluster_count, total = cursor.fetchone()
        # The summary is known before the file: the job's page shows it while the file is written (#28).
        writing = _("%(clusters)s clusters of %(producers)s producers found; writing the file") % {
            "clusters": grouped(cluster_count), "producers": grouped(total)}
        progress(0, total, writing, force=True)
        path = os.path.join(work, f"supply-clusters.{format}")
        written = 0
        with open(path, "w", encoding="utf-8", newline="") as out:
            if format == "csv":
                centroid_sql = (f"WITH c AS (SELECT t.cid, count(*) AS n, {CENTROID_GEOJSON} AS centroid "
                                f"FROM {table} t WHERE t.cid IS NOT NULL "
                                f"GROUP BY t.cid) SELECT t.cid, c.n, t.id, t.ref, t.name, ST_X(t.lonlat), "
                                f"ST_Y(t.lonlat), c.centroid FROM {table} t LEFT JOIN c USING (cid) "
                                f"ORDER BY t.cid NULLS LAST, t.id")

                def rows():
                    nonlocal written
                    last = (None, None)
                    for cid, size, pk, ref, name, lon, lat, centroid in _stream(centroid_sql, []):
                        if cid is None:
                            yield ["", "", pk, ref or "", name, lon, lat, "", ""]
                        else:
                            if last[0] != cid:
                                last = (cid, json.loads(centroid)["coordinates"])
                            yield [cid + 1, size, pk, ref or "", name, lon, lat, *last[1]]
                        written += 1
                        progress(written, total, writing)

                csvout.write(out, csv_header(), rows(), bom=True)
            else:
                noise = _stream_texts(f"SELECT t.id::text FROM {table} t WHERE t.cid IS NULL ORDER BY t.id", [])
                members = {"method": kwargs.get("method", "dbscan"), "parameters": _parameters(kwargs),
                           "cluster_count": cluster_count, "producer_count": total,
                           "noise": geojson.Raw("[" + ", ".join(noise) + "]")}
                # Each feature's JSON text is made by PostgreSQL and written as it comes: Python parsing and
                # re-encoding every member took more time than the clustering itself (#28).
                cluster_features = (
                    f"SELECT json_build_object('type', 'Feature', 'geometry', {geojson.sql(hull_sql, 7)}::json, "
                    f"'properties', json_build_object('kind', 'cluster', 'cluster', t.cid + 1, 'size', count(*), "
                    f"'member_ids', array_agg(t.id ORDER BY t.id), "
                    f"'centroid', ({CENTROID_GEOJSON}::json)->'coordinates'))::text "
                    f"FROM {table} t WHERE t.cid IS NOT NULL GROUP BY t.cid ORDER BY t.cid")
                # format() rather than json_build_object: half the time for a million rows; every value is
                # JSON already (numbers, to_json texts, null).
                member_features = (
                    "SELECT format('{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", "
                    "\"coordinates\": [%%s, %%s]}, \"properties\": {\"kind\": \"producer\", \"id\": %%s, "
                    "\"ref\": %%s, \"name\": %%s, \"cluster\": %%s}}', ST_X(t.lonlat), ST_Y(t.lonlat), t.id, "
                    "coalesce(to_json(t.ref)::text, 'null'), to_json(t.name)::text, "
                    f"coalesce((t.cid + 1)::text, 'null')) FROM {table} t ORDER BY t.cid NULLS LAST, t.id")

                def features():
                    nonlocal written
                    for batch in _batches_of_texts(cluster_features, hull_params):
                        yield geojson.Raw(", ".join(batch))
                    for batch in _batches_of_texts(member_features, []):
                        yield geojson.Raw(", ".join(batch))
                        written += len(batch)
                        progress(written, total, writing)

                out.writelines(geojson.chunks(features(), members))
        with open(path, "rb") as handle:
            job.result_file.save(f"supply-clusters-{kwargs.get('method', 'dbscan')}.{format}", File(handle),
                                 save=False)
    return {"message": _("%(clusters)s clusters of %(producers)s producers.")
            % {"clusters": grouped(cluster_count),
               "producers": grouped(total)},
            "cluster_count": cluster_count, "producer_count": total, "format": format}
