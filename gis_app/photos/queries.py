"""Who sees which photo: the records' one visibility rule, applied to the record a photo belongs to.

A photo is public while its record is (`Photo.objects.published()`); staff who see drafts see every photo
(`Publishable.visible_to`), and an account sees the photos of the records it may change (a producer account
its own draft products), as the API's write paths do. Photos have no moderation of their own: whoever may
change a record may add its photos, and they go public with it.
"""
from django.db.models import Q

from gis_app.accounts import rules

from .models import OWNER_MODELS, Photo


def visible_to(user, photos=None):
    """The photos (of `photos`, default all) that `user` may see."""
    photos = Photo.objects.all() if photos is None else photos
    if rules.sees_unpublished(user):
        return photos
    theirs = Q()
    for name, model in OWNER_MODELS.items():
        theirs |= Q(**{f"{name}__in": rules.editable(user, model.objects.all()).values("pk")})
    return photos.filter(Q(pk__in=Photo.objects.published().values("pk")) | theirs)
