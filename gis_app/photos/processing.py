"""What an uploaded photo must be and what is kept of it: a JPEG/PNG/WebP within the size limits, re-encoded
without its metadata (EXIF: camera, date, GPS position), turned upright, with a thumbnail.

Pillow's own decompression-bomb guard is kept: the pixel count is read from the header and refused before any
pixel is decoded.
"""
import hashlib
import io
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_PX = 480


def max_bytes():
    return getattr(settings, "OCOP_PHOTO_MAX_BYTES", 5 * 1024 * 1024)


def max_pixels():
    return getattr(settings, "OCOP_PHOTO_MAX_PIXELS", 40_000_000)


def _open(file):
    """The Pillow image of `file` (header read only), or a ValidationError saying why it is not a usable photo."""
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes():
        raise ValidationError(_("The file is too large (%(size)s MB; at most %(limit)s MB).")
                              % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                                 "limit": max_bytes() // (1024 * 1024)}, code="too_large")
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(_("The file is not an image (JPEG, PNG or WebP)."), code="not_an_image")
    if image.format not in FORMATS:
        raise ValidationError(_("Only JPEG, PNG or WebP photos are accepted (this one is %(format)s).")
                              % {"format": image.format or "?"}, code="format")
    width, height = image.size
    if width * height > max_pixels():
        raise ValidationError(_("The image has too many pixels (%(width)s × %(height)s).")
                              % {"width": width, "height": height}, code="too_many_pixels")
    return image


def validate_photo(file):
    """Model-field validator: raise ValidationError unless `file` is a photo within the limits."""
    image = _open(file)
    try:
        image.load()  # a truncated or corrupt body fails here, not later when saving
    except (OSError, ValueError, SyntaxError):
        raise ValidationError(_("The image file is damaged."), code="damaged")
    finally:
        file.seek(0)


def _encode(image, fmt):
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    else:
        image.save(out, fmt)  # no exif= / pnginfo= given: no metadata written
    return out.getvalue()


def _named(content, stem, fmt):
    """A ContentFile named "<stem>-<16 hex of its SHA-256>.<ext>": the name changes when the content does, so
    the file may be cached as immutable (gis_app/photos/serving.py)."""
    digest = hashlib.sha256(content).hexdigest()[:16]
    return ContentFile(content, name=f"{stem}-{digest}.{FORMATS[fmt]}")


def cleaned(file, name):
    """(photo, thumbnail) as ContentFiles: upright, re-encoded without metadata, named by their content; the
    thumbnail at most THUMBNAIL_PX on its long side."""
    image = _open(file)
    fmt = image.format
    image = ImageOps.exif_transpose(image)  # keep what the camera meant, then drop the EXIF
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)  # a fresh image carries no info/exif/icc from the upload
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:40] or "photo"  # the hashed names stay within 100
    thumb = clean.copy()
    thumb.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
    file.seek(0)
    return _named(_encode(clean, fmt), stem, fmt), _named(_encode(thumb, fmt), f"{stem}-thumb", fmt)


class PhotoFormField(forms.ImageField):
    """The form field of photos: our checks (and their precise messages) before Django's generic image check."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            validate_photo(upload)
        return super().to_python(data)


class PhotoField(models.ImageField):
    """An ImageField whose forms (the admin's included) check type, size and pixel count first."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhotoFormField, **kwargs})
