"""Supply API (/api/v1/supply/): clusters, their export, collection points and catchments, for staff."""
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from gis_app.accounts.permissions import ProgrammeStaff
from gis_app.core.params import parse_choice
from gis_app.jobs.runner import enqueue
from gis_app.roads.graph import require_network

from . import jobs
from .catchment import catchment
from .clustering import cluster_producers
from .collection import collection_point
from .geojson import catchment_geojson, clustering_csv, clustering_geojson, collection_geojson
from .params import catchment_arguments, cluster_arguments, collection_arguments


def _param(name, kind, description, **extra):
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description, **extra)


FILTER_PARAMETERS = [
    _param("group", str, "Product group or sub-group code, either taxonomy (e.g. 2023.FOOD, 2019.SOUV.CRAFT); "
                          "equivalent sub-groups of the other taxonomy are included."),
    _param("min_stars", int, "Only producers with a product holding at least this many stars today (1–5)."),
    _param("unit", str, "Code of an administrative unit in force on `units_on`: one of today's wards and communes "
                        "by default, an old commune or district with units_on=2025-06-30 (e.g. 718). "
                        "Producers filed under an old commune count in the unit that took it over."),
    _param("units_on", OpenApiTypes.DATE, "The day the units are read on (YYYY-MM-DD or dd/mm/yyyy); default today."),
    _param("district", str, "Deprecated (use unit with units_on=2025-06-30): old (pre-2025) district code, e.g. 718.",
           deprecated=True),
]
CLUSTER_PARAMETERS = FILTER_PARAMETERS + [
    _param("method", str, "dbscan (default) or kmeans.", enum=["dbscan", "kmeans"]),
    _param("eps", float, "DBSCAN neighbourhood radius in metres, 0 < eps ≤ 50000 (default 2000)."),
    _param("min_points", int, "DBSCAN minimum points of a core neighbourhood (default 3)."),
    _param("k", int, "k-means: number of clusters, 1 ≤ k ≤ number of matching producers (required)."),
    _param("hull", str, "convex (default) or concave.", enum=["convex", "concave"]),
    _param("concavity", float, "Concave hull: 0 < concavity ≤ 1, 1 being the convex hull (default 0.5)."),
]
SNAP_PARAMETER = _param("max_snap_m", float, "Farthest a point may be from a road vertex, metres (default 2000).")
ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description='Bad parameter: {"error": {"field", "message"}}.'),
    403: OpenApiResponse(OpenApiTypes.OBJECT, description="Staff only."),
}
NO_NETWORK = {503: OpenApiResponse(OpenApiTypes.OBJECT, description="No road network is loaded.")}


class StaffAPIView(APIView):
    permission_classes = [ProgrammeStaff]


class ClustersView(StaffAPIView):
    @extend_schema(
        operation_id="supply_clusters", tags=["supply"], parameters=CLUSTER_PARAMETERS,
        summary="Clusters of producers (DBSCAN or k-means) with hulls and centroids",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="GeoJSON FeatureCollection: hulls "
                                        "(kind=cluster) and producers (kind=producer; cluster null = noise)."),
                   **ERRORS},
    )
    def get(self, request):
        selection, kwargs = cluster_arguments(request.query_params)
        return Response(clustering_geojson(cluster_producers(selection, **kwargs)))


class ClustersExportView(StaffAPIView):
    formats = {
        "geojson": ("application/geo+json", "geojson"),
        "csv": ("text/csv; charset=utf-8", "csv"),
    }
    export_format = "geojson"

    @extend_schema(
        tags=["supply"], parameters=CLUSTER_PARAMETERS,
        summary="Download the clusters (GeoJSON, or CSV in UTF-8 with BOM, one row per producer)",
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT, (200, "text/csv"): OpenApiTypes.STR,
                   **ERRORS},
    )
    def get(self, request):
        import json

        selection, kwargs = cluster_arguments(request.query_params)
        result = cluster_producers(selection, **kwargs)
        content_type, extension = self.formats[self.export_format]
        if self.export_format == "csv":
            body = clustering_csv(result).encode("utf-8")
        else:
            body = json.dumps(clustering_geojson(result), ensure_ascii=False).encode("utf-8")
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="supply-clusters-{result.method}.{extension}"'
        return response


class ClustersJobView(StaffAPIView):
    """Clusters of the whole province (a million producers) as a background job: its file, with progress."""

    @extend_schema(
        operation_id="supply_clusters_job", tags=["supply"], request=None,
        parameters=CLUSTER_PARAMETERS + [_param("output", str, "geojson (default) or csv: the file the job writes, "
                                                               "as the two exports.", enum=list(jobs.FORMATS))],
        summary="Start the clustering as a background job; poll GET /jobs/{id}/ for progress and the file",
        responses={202: OpenApiResponse(OpenApiTypes.OBJECT, description='{"job", "state", "status_url"}'),
                   **ERRORS},
    )
    def post(self, request):
        params = request.query_params.copy()
        # Not "format": DRF reads that one to choose a renderer.
        export_format = parse_choice("output", params.pop("output", [None])[-1], list(jobs.FORMATS),
                                     default="geojson")
        selection, _kwargs = cluster_arguments(params)  # bad parameters are refused now, not in the worker
        # The units of the day the job was asked for, even when the worker starts after midnight.
        params["units_on"] = selection.units_on.isoformat()
        job = enqueue("supply-clusters", "gis_app.supply.jobs.clusters", user=request.user,
                      params={"query": params.urlencode(), "format": export_format}, memory_mb=jobs.MEMORY_MB)
        return Response({"job": job.pk, "state": job.state, "status_url": reverse("jobs:status", args=[job.pk])},
                        status=202)


class CollectionPointsView(StaffAPIView):
    @extend_schema(
        operation_id="supply_collection_points", tags=["supply"],
        parameters=CLUSTER_PARAMETERS + [
            _param("margin_m", float, "Candidate vertices lie within this distance of a cluster's hull (default "
                                      "2000 m)."),
            SNAP_PARAMETER,
        ],
        summary="Per cluster, the road vertex with the least total travel time to its producers, "
                "compared with the centroid",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="GeoJSON FeatureCollection: hulls "
                                        "(kind=cluster), suggested points (kind=collection_point) and snapped "
                                        "centroids (kind=centroid), with total minutes and the saving."),
                   **ERRORS, **NO_NETWORK},
    )
    def get(self, request):
        selection, kwargs = cluster_arguments(request.query_params)
        options = collection_arguments(request.query_params)
        require_network()
        result = cluster_producers(selection, **kwargs)
        points = [collection_point(cluster, **options) for cluster in result.clusters]
        return Response(collection_geojson(result, points))


class CatchmentView(StaffAPIView):
    @extend_schema(
        operation_id="supply_catchment", tags=["supply"],
        parameters=[
            _param("point", str, "Start, as “longitude,latitude” (WGS84).", required=True),
            _param("minutes", float, "Travel time by road, 0 < minutes ≤ 240 (default 30)."),
            _param("buffer_m", float, "Width around reached roads drawn as the area (default 250 m)."),
            SNAP_PARAMETER,
        ] + FILTER_PARAMETERS,
        summary="Producers reachable by road within N minutes from a point, and the area reached",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="GeoJSON FeatureCollection: area "
                                        "(kind=area), start (kind=start), producers with their minutes."),
                   **ERRORS,
                   422: OpenApiResponse(OpenApiTypes.OBJECT, description="The point is too far from any road or "
                                        "not connected to the network."),
                   **NO_NETWORK},
    )
    def get(self, request):
        arguments = catchment_arguments(request.query_params)
        return Response(catchment_geojson(catchment(**arguments), arguments["lon"], arguments["lat"]))
