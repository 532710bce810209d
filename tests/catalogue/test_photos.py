"""Photos: what is refused (not an image, too large, a decompression bomb) and what is kept of an upload
(re-encoded without EXIF, upright, with a thumbnail). Files go to a temporary MEDIA_ROOT."""
import io
import struct
import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gis_app.photos.models import Photo
from gis_app.registry.models import Product

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

PhotoForm = forms.modelform_factory(Photo, fields=["product", "image", "caption", "credit", "illustrative"])


def jpeg_with_exif(width=300, height=200):
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    exif[0x9003] = "2026:11:01 08:00:00"  # DateTimeOriginal (in the main IFD here, enough to detect)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def gif():
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "GIF")
    return out.getvalue()


def png_header_only(width, height):
    """A PNG whose header claims `width` × `height` pixels with (almost) no data: a decompression bomb shape."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def submit(data, name="photo.jpg"):
    product = Product.objects.order_by("pk").first()
    return PhotoForm({"product": product.pk, "caption": "Ảnh", "credit": "Tester"},
                     {"image": SimpleUploadedFile(name, data)})


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()]


def test_an_upload_is_stored_without_exif_upright_and_with_a_thumbnail(media):
    form = submit(jpeg_with_exif())
    assert form.is_valid(), form.errors
    photo = form.save()
    stored = Image.open(photo.image.path)
    assert dict(stored.getexif()) == {}
    assert b"PhoneMaker" not in open(photo.image.path, "rb").read()
    assert stored.size == (200, 300)  # the EXIF orientation was applied before it was dropped
    thumb = Image.open(photo.thumbnail.path)
    assert max(thumb.size) <= 480 and thumb.size[0] < thumb.size[1]


@pytest.mark.parametrize("data, name, words", [
    (b"%PDF-1.4 not an image at all", "photo.jpg", "không phải là ảnh"),
    (gif(), "photo.gif", "chỉ nhận ảnh jpeg, png hoặc webp"),
    (png_header_only(30000, 30000), "bomb.png", "quá nhiều điểm ảnh"),
    (png_header_only(8000, 8000), "big.png", "quá nhiều điểm ảnh"),
])
def test_what_is_not_a_usable_photo_is_a_form_error_and_nothing_is_stored(media, data, name, words, settings):
    settings.LANGUAGE_CODE = "vi"
    before = Photo.objects.count()
    form = submit(data, name)
    assert not form.is_valid()
    assert words in " ".join(form.errors["image"]).lower(), form.errors["image"]
    assert Photo.objects.count() == before
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused(media, settings):
    settings.OCOP_PHOTO_MAX_BYTES = 1000
    form = submit(jpeg_with_exif(600, 400))
    assert not form.is_valid() and "image" in form.errors
    assert stored_files(media) == []


def test_a_photo_needs_exactly_one_owner():
    from django.db import IntegrityError, transaction

    product = Product.objects.order_by("pk").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.create(product=product, producer=product.producer, image="x.jpg")


def test_the_admin_offers_photo_uploads_on_products_producers_sites_and_villages(admin_client):
    from gis_app.registry.models import CraftVillage, Producer, TourismSite

    for model, prefix in ((Product, "gallery"), (Producer, "gallery"), (TourismSite, "gallery"),
                          (CraftVillage, "gallery")):
        obj = model.objects.order_by("pk").first()
        opts = model._meta
        page = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/").content.decode()
        assert f'name="{prefix}-TOTAL_FORMS"' in page, model


def test_illustrations_are_marked_as_such_on_the_product_page(client):
    photo = Photo.objects.filter(illustrative=True, product__isnull=False).first()
    assert photo is not None  # the demo ships generated illustrations
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    content = client.get(f"/products/{photo.product_id}/").content.decode()
    assert photo.thumbnail.url in content
    assert "ảnh minh họa, không phải ảnh chụp" in content
