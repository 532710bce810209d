"""Where to buy OCOP products: points of sale (showrooms, shops, supermarkets, stalls, own shops, online shops)."""
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gis_app.core.access import EDIT, Access
from gis_app.core.bilingual import Bilingual
from gis_app.core.opening_hours import OpeningHours
from gis_app.core.publishing import Publishable
from gis_app.places.located import Located, commune_link
from gis_app.registry.models import Producer, Product, TourismSite


class PointOfSale(Located, Bilingual, OpeningHours, Publishable):
    """A place (or an online shop) where OCOP products are sold, with the products it sells.

    Online shops have no place (`location` NULL); every other kind has one (checked by the database too).
    """

    class Kind(models.TextChoices):
        SHOWROOM = "showroom", _("OCOP showroom")
        SHOP = "shop", _("Shop")
        SUPERMARKET = "supermarket", _("Supermarket")
        MARKET_STALL = "market_stall", _("Market stall")
        PRODUCER_SHOP = "producer_shop", _("Producer's own shop")
        ONLINE = "online", _("Online shop")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = commune_link("points_of_sale")
    site = models.ForeignKey(TourismSite, verbose_name=_("at tourism site"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="points_of_sale",
                             help_text=_("the OCOP showroom or site this point of sale is part of"))
    producer = models.ForeignKey(Producer, verbose_name=_("producer (own shop)"), on_delete=models.CASCADE,
                                 null=True, blank=True, related_name="points_of_sale")
    url = models.URLField(_("web address"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    products = models.ManyToManyField(Product, verbose_name=_("products sold"), blank=True,
                                      related_name="points_of_sale")

    history = HistoricalRecords(m2m_fields=[products])
    # Online shops have no place and no commune: only provincial officers change them (gis_app/core/access.py).
    access = Access(area=("commune", "location"), own_producer="producer_id", producer=EDIT, area_officer=EDIT)

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
        self.check_location()
        if self.kind == self.Kind.ONLINE and not self.url:
            raise ValidationError({"url": gettext("An online shop needs its web address.")})
        if self.kind and self.kind != self.Kind.ONLINE and self.location is None:
            raise ValidationError({"location": gettext("Place this point of sale on the map (only online shops "
                                                       "have no place).")})
        self.check_opening_hours()
        self.fill_commune()
