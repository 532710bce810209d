"""The log of writes to the tables behind the public layers (kept by PostgreSQL triggers, see versions.py)."""
from django.db import models


class DataChange(models.Model):
    """One write statement on a table behind a layer, from Django, psql or QGIS alike.

    An append-only log rather than a counter per table: writers insert and never
    wait for each other (a counter row would be locked by a long import until it commits).
    """

    table_name = models.CharField(max_length=128)
    changed_at = models.DateTimeField()

    class Meta:
        db_table = "layers_datachange"
        indexes = [models.Index(fields=["table_name", "id"], name="layers_datachange_table_id")]


class TileGridBuild(models.Model):
    """The aggregated grid of a point layer's public features at one data version (see mvt.py).

    Low-zoom tiles of a large province aggregate every point; the grid is computed once per data
    version for all zooms up to mvt.PRECOMPUTED_MAX_ZOOM and tiles read their cells by index.
    """

    layer = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "layers_tilegridbuild"
        constraints = [models.UniqueConstraint(fields=["layer", "version"], name="layers_tilegridbuild_unique")]


class TileGridCell(models.Model):
    """One cell of a grid: its zoom and index (EPSG:3857 metres / cell size), point count, sums and first id."""

    build = models.ForeignKey(TileGridBuild, on_delete=models.CASCADE, db_index=False, related_name="cells")
    z = models.SmallIntegerField()
    cx = models.IntegerField()
    cy = models.IntegerField()
    n = models.IntegerField()
    sx = models.FloatField()
    sy = models.FloatField()
    min_id = models.BigIntegerField()

    class Meta:
        db_table = "layers_tilegridcell"
        indexes = [models.Index(fields=["build", "z", "cx", "cy"], name="layers_tilegridcell_lookup")]
