"""Database constraints that Django cannot evaluate in Python."""
from django.db import models


class GeometryCheckConstraint(models.CheckConstraint):
    """A CHECK on geometries, enforced by PostGIS only.

    Django's model validation evaluates check constraints in Python, which fails
    for spatial functions such as ST_IsValid. The models check the same rule in
    `clean()` with GEOS (and say why a shape is invalid); this constraint keeps
    data written from psql or QGIS just as valid.
    """

    def validate(self, *args, **kwargs):
        return None
