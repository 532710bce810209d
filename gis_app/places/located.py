"""Records placed by a point in the province, filed under the commune that point lies in.

`Located` holds the point and the behaviour every such record shares: the coordinates are checked
(range, inside the province) and a commune left blank is filled from the point (`territory.fill_commune`,
preferring the writing officer's unit). The commune link is declared by each model with `commune_link`,
because its reverse name (`unit.events`, `unit.points_of_sale`, …) is the model's own.
"""
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from .models import AdminUnit
from .territory import check_inside_province, check_lon_lat, fill_commune

COMMUNES = {"level": AdminUnit.Level.COMMUNE}


def commune_link(related_name: str) -> models.ForeignKey:
    """The optional link to the commune a record is filed under (filled from its location when blank)."""
    return models.ForeignKey(AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, null=True,
                             blank=True, limit_choices_to=COMMUNES, related_name=related_name)


class Located(models.Model):
    """A point in the province (optional here: models whose every row has a place redeclare it NOT NULL)."""

    location = models.PointField(_("location"), geography=True, srid=4326, null=True, blank=True)

    class Meta:
        abstract = True

    def check_location(self):
        """Raise a ValidationError on `location` for coordinates out of range or outside the province."""
        check_lon_lat("location", self.location)
        check_inside_province("location", self.location)

    def fill_commune(self):
        fill_commune(self)

    def save(self, *args, **kwargs):
        fill_commune(self)
        super().save(*args, **kwargs)
