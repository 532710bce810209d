"""Data versions of the tables behind the public layers (kept by PostgreSQL triggers, see versions.py)."""
from django.db import models


class DataVersion(models.Model):
    """A counter per table, bumped by a statement trigger on every write, from Django, psql or QGIS alike."""

    table_name = models.CharField(max_length=128, primary_key=True)
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        db_table = "layers_dataversion"
