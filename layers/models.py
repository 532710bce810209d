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
