"""Where to buy OCOP products: points of sale (showrooms, shops, supermarkets, stalls, own shops, online shops)."""
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gis_app.places.models import AdminUnit
from gis_app.registry.models import COMMUNES, Producer, Product, Publishable, TourismSite, fill_commune
from gis_app.registry.validation import check_inside_province, check_lon_lat


class PointOfSale(Publishable):
    """A place (or an online shop) where OCOP products are sold, with the products it sells."""

    class Kind(models.TextChoices):
        SHOWROOM = "showroom", _("OCOP showroom")
        SHOP = "shop", _("Shop")
        SUPERMARKET = "supermarket", _("Supermarket")
        MARKET_STALL = "market_stall", _("Market stall")
        PRODUCER_SHOP = "producer_shop", _("Producer's own shop")
        ONLINE = "online", _("Online shop")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, null=True,
                                blank=True, limit_choices_to=COMMUNES, related_name="points_of_sale")
    # Online shops have no place; every other kind has one (checked by the database too).
    location = models.PointField(_("location"), geography=True, srid=4326, null=True, blank=True)
    site = models.ForeignKey(TourismSite, verbose_name=_("at tourism site"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="points_of_sale",
                             help_text=_("the OCOP showroom or site this point of sale is part of"))
    producer = models.ForeignKey(Producer, verbose_name=_("producer (own shop)"), on_delete=models.CASCADE,
                                 null=True, blank=True, related_name="points_of_sale")
    url = models.URLField(_("web address"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    opening_time = models.TimeField(_("opens at"), null=True, blank=True)
    closing_time = models.TimeField(_("closes at"), null=True, blank=True)
    open_weekdays = ArrayField(models.PositiveSmallIntegerField(), verbose_name=_("open on weekdays"),
                               default=list, blank=True, help_text=_("0 = Monday … 6 = Sunday; empty = every day"))
    opening_note = models.CharField(_("opening hours note"), max_length=255, blank=True)
    products = models.ManyToManyField(Product, verbose_name=_("products sold"), blank=True,
                                      related_name="points_of_sale")

    history = HistoricalRecords(m2m_fields=[products])

    class Meta:
        verbose_name = _("point of sale")
        verbose_name_plural = _("points of sale")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind="online") | Q(location__isnull=False),
                                   name="pointofsale_place_unless_online"),
            models.CheckConstraint(condition=~Q(kind="online") | ~Q(url=""), name="pointofsale_online_has_url"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check_lon_lat("location", self.location)
        check_inside_province("location", self.location)
        if self.kind == self.Kind.ONLINE and not self.url:
            raise ValidationError({"url": gettext("An online shop needs its web address.")})
        if self.kind and self.kind != self.Kind.ONLINE and self.location is None:
            raise ValidationError({"location": gettext("Place this point of sale on the map (only online shops "
                                                       "have no place).")})
        if any(day > 6 for day in self.open_weekdays or []):
            raise ValidationError({"open_weekdays": gettext("Weekdays are numbered 0 (Monday) to 6 (Sunday).")})
        fill_commune(self)

    def save(self, *args, **kwargs):
        fill_commune(self)
        super().save(*args, **kwargs)
