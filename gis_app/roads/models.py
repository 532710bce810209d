"""The road network used for routing (pgRouting): vertices and directed-cost edges.

Filled from OpenStreetMap by the import command (osm2pgrouting, then copied
here) or by generators for tests and benchmarks. Costs are travel times in
seconds; a negative cost means the direction is closed (one-way road), as
pgRouting expects.
"""
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class RoadVertex(models.Model):
    geom = models.PointField(srid=4326)

    class Meta:
        verbose_name = _("road vertex")
        verbose_name_plural = _("road vertices")


class RoadEdge(models.Model):
    osm_id = models.BigIntegerField(null=True, blank=True)
    name = models.CharField(_("name"), max_length=255, blank=True)
    road_class = models.CharField(_("road class"), max_length=32, blank=True, help_text=_("OSM highway tag"))
    source = models.ForeignKey(RoadVertex, on_delete=models.CASCADE, related_name="outgoing", db_index=True)
    target = models.ForeignKey(RoadVertex, on_delete=models.CASCADE, related_name="incoming", db_index=True)
    length_m = models.FloatField(_("length (m)"))
    speed_kmh = models.FloatField(_("speed (km/h)"))
    cost_s = models.FloatField(_("travel time source→target (s)"))
    reverse_cost_s = models.FloatField(_("travel time target→source (s)"))
    geom = models.LineStringField(srid=4326)

    class Meta:
        verbose_name = _("road edge")
        verbose_name_plural = _("road edges")

    def __str__(self):
        return self.name or f"edge {self.pk}"
