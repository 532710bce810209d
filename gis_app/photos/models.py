"""Photos of products, producers, tourism sites and craft villages: several per record, with caption and credit."""
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gis_app.core.access import ALL, Access
from gis_app.registry.models import CraftVillage, Producer, Product, TourismSite

from .processing import PhotoField, cleaned, validate_photo

OWNERS = ("product", "producer", "site", "village")
OWNER_MODELS = {"product": Product, "producer": Producer, "site": TourismSite, "village": CraftVillage}


class PhotoQuerySet(models.QuerySet):
    def published(self):
        """Photos whose record is public: each owner's own `published()` (a product also needs its producer)."""
        public = Q()
        for name, model in OWNER_MODELS.items():
            public |= Q(**{f"{name}__in": model.objects.published().values("pk")})
        return self.filter(public, awaiting_review=False)

    def shown(self):
        """The photos a page shows of a record it shows: all but those waiting with a pending change."""
        return self.filter(awaiting_review=False)

    def of_file(self, name):
        """The photo whose image or thumbnail is stored under `name` (a path inside MEDIA_ROOT)."""
        return self.filter(Q(image=name) | Q(thumbnail=name))


class Photo(models.Model):
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, null=True,
                                blank=True, related_name="gallery")
    producer = models.ForeignKey(Producer, verbose_name=_("producer"), on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="gallery")
    site = models.ForeignKey(TourismSite, verbose_name=_("tourism site"), on_delete=models.CASCADE, null=True,
                             blank=True, related_name="gallery")
    village = models.ForeignKey(CraftVillage, verbose_name=_("craft village"), on_delete=models.CASCADE,
                                null=True, blank=True, related_name="gallery")
    image = PhotoField(_("image"), upload_to="photos/%Y/", validators=[validate_photo],
                              help_text=_("JPEG, PNG or WebP, at most 5 MB; camera data (EXIF, GPS) is removed"))
    thumbnail = models.ImageField(_("thumbnail"), upload_to="photos/thumbs/%Y/", blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=200, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True, help_text=_("who took or made the image"))
    illustrative = models.BooleanField(_("illustration, not a photograph"), default=False,
                                       help_text=_("a generated or drawn image, marked as such on the pages"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # Added by a producer account to a published record: hidden until a moderator accepts the change that
    # holds it (gis_app/accounts/pending.py).
    awaiting_review = models.BooleanField(_("awaiting review"), default=False, db_default=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    access = Access(producer=ALL, area_officer=ALL)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]
        constraints = [
            # exactly one record owns a photo
            models.CheckConstraint(
                condition=(Q(product__isnull=False, producer__isnull=True, site__isnull=True, village__isnull=True)
                           | Q(product__isnull=True, producer__isnull=False, site__isnull=True, village__isnull=True)
                           | Q(product__isnull=True, producer__isnull=True, site__isnull=False, village__isnull=True)
                           | Q(product__isnull=True, producer__isnull=True, site__isnull=True, village__isnull=False)),
                name="photo_has_one_owner"),
        ]

    def __str__(self):
        return self.caption or self.image.name

    @property
    def owner(self):
        return next((getattr(self, name) for name in OWNERS if getattr(self, f"{name}_id")), None)

    @property
    def text(self):
        """The caption in the page's language (the Vietnamese one when no English is given)."""
        english = (get_language() or "vi").startswith("en")
        return (self.caption_en if english and self.caption_en else self.caption)

    def save(self, *args, **kwargs):
        # A new upload is re-encoded (metadata stripped) and gets its thumbnail before it is stored.
        upload = self.image and not getattr(self.image, "_committed", True)
        if upload:
            photo, thumb = cleaned(self.image.file, self.image.name)
            self.image.save(photo.name, photo, save=False)
            self.thumbnail.save(thumb.name, thumb, save=False)
        super().save(*args, **kwargs)
