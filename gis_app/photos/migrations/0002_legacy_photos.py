"""The registry's first photo models (ProductPhoto, SitePhoto) kept uploads as they came, EXIF and GPS position
included: each becomes a photos.Photo of the same record, caption kept, through the cleaning every upload gets
(`gis_app.photos.processing.cleaned`: upright, re-encoded without metadata, a thumbnail, a content-hashed
name). The old file is deleted once the migration has committed. A file that is missing or not a JPEG/PNG/WebP
photo is left where it is (named on standard output): no row, and MEDIA_URL does not serve files of no photo.

registry/0010_remove_legacy_photos then drops the old models. Not reversible in data: going back leaves the
moved photos in photos.Photo.
"""
from django.core.exceptions import ValidationError
from django.db import migrations, transaction

from gis_app.photos.processing import cleaned

LEGACY = (("ProductPhoto", "product"), ("SitePhoto", "site"))


def move_one(old, owner, Photo):
    """The photos.Photo made of the legacy photo `old` (owned through its field `owner`), or None if its file
    cannot be read as a photo."""
    storage, name = old.image.storage, old.image.name
    if not name or not storage.exists(name):
        return None
    try:
        with storage.open(name, "rb") as file:
            photo, thumbnail = cleaned(file, name)
    except (ValidationError, OSError):
        return None
    new = Photo(**{f"{owner}_id": getattr(old, f"{owner}_id")}, caption=old.caption)
    new.image.save(photo.name, photo, save=False)
    new.thumbnail.save(thumbnail.name, thumbnail, save=False)
    new.save()
    transaction.on_commit(lambda: storage.delete(name))  # the original, EXIF and all, once the rows are safe
    return new


def move_legacy_photos(apps, schema_editor):
    Photo = apps.get_model("photos", "Photo")
    left = []
    for model_name, owner in LEGACY:
        for old in apps.get_model("registry", model_name).objects.order_by("pk"):
            if move_one(old, owner, Photo) is None:
                left.append(f"registry.{model_name} {old.pk}: {old.image.name or '(no file)'}")
    if left:
        print("\n  Legacy photos not moved (missing or not a JPEG/PNG/WebP photo):\n    " + "\n    ".join(left))


class Migration(migrations.Migration):

    dependencies = [
        ("photos", "0001_initial"),
        ("registry", "0008_merge_rule_sets_speed_indexes"),
    ]

    operations = [
        migrations.RunPython(move_legacy_photos, migrations.RunPython.noop),
    ]
