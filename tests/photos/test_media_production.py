"""Media in production (#25 item 3): photo files are served with DEBUG off by a view that applies the records'
visibility rule, cached long when public, handed to nginx with X-Accel-Redirect when configured; the legacy
registry photo models are gone, their photos moved into gis_app.photos without their EXIF."""
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from gis_app.accounts.models import Role
from gis_app.core.publishing import Status
from gis_app.photos.models import Photo
from gis_app.registry.models import Product
from tests.roles_helpers import make_user

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 3600


@pytest.fixture(autouse=True)
def production(settings, tmp_path):
    """DEBUG off, as `make serve` runs, and photo files in a temporary MEDIA_ROOT."""
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path
    settings.OCOP_MEDIA_ACCEL_REDIRECT = ""
    return tmp_path


def png(colour=(200, 30, 30)):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "PNG")
    return out.getvalue()


def photo_of(product, colour=(200, 30, 30), name="thu.png"):
    photo = Photo(product=product, caption="Ảnh thử")
    photo.image = ContentFile(png(colour), name=name)
    photo.save()
    return photo


@pytest.fixture
def published_product():
    return Product.objects.published().select_related("producer").order_by("pk").first()


@pytest.fixture
def draft_product(published_product):
    Product.objects.filter(pk=published_product.pk).update(status=Status.DRAFT)
    published_product.refresh_from_db()
    return published_product


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_published_records_photo_is_served_with_debug_off_and_cached_long(client, published_product, production):
    photo = photo_of(published_product)
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert body(response) == photo.image.open("rb").read()
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == f"public, max-age={YEAR}, immutable"  # the name holds the content hash
    stat = (production / photo.image.name).stat()
    assert response["ETag"] == f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'  # nginx's ETag of the same file
    assert response["Last-Modified"].endswith(" GMT")
    assert "Cookie" not in response.get("Vary", "")  # the same answer for everybody: shared caches may keep it


def test_a_published_records_thumbnail_is_served_too(client, published_product):
    photo = photo_of(published_product)
    response = client.get(photo.thumbnail.url)
    assert response.status_code == 200 and body(response) == photo.thumbnail.open("rb").read()


def test_a_client_holding_the_current_copy_gets_304(client, published_product):
    photo = photo_of(published_product)
    first = client.get(photo.image.url)
    again = client.get(photo.image.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(photo.image.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_photo_stored_under_a_name_without_hash_is_cached_long_but_not_immutable(client, published_product,
                                                                                    production):
    (production / "products").mkdir()
    (production / "products" / "old.png").write_bytes(png())
    Photo.objects.bulk_create([Photo(product=published_product, image="products/old.png")])  # no re-encoding
    response = client.get("/media/products/old.png")
    assert response.status_code == 200
    assert response["Cache-Control"] == f"public, max-age={YEAR}"
    assert response["ETag"] and response["Last-Modified"]


def test_a_drafts_photo_is_404_anonymously_and_200_for_its_producer_and_officers(
        client, draft_product, django_user_model):
    photo = photo_of(draft_product)
    assert client.get(photo.image.url).status_code == 404
    assert client.get(photo.thumbnail.url).status_code == 404
    producer = make_user(django_user_model, Role.PRODUCER, "own-producer", producer=draft_product.producer)
    officer = make_user(django_user_model, Role.COMMUNE_OFFICER, "officer", unit=draft_product.producer.commune)
    other = Product.objects.exclude(producer=draft_product.producer).order_by("pk").first()
    stranger = make_user(django_user_model, Role.PRODUCER, "other-producer", producer=other.producer)
    for user in (producer, officer):
        client.force_login(user)
        response = client.get(photo.image.url)
        assert response.status_code == 200, user
        assert body(response) == photo.image.open("rb").read()
        assert response["Cache-Control"] == "private, no-cache"  # never in a shared cache
        assert "Cookie" in response["Vary"]
    client.force_login(stranger)
    assert client.get(photo.image.url).status_code == 404


def test_a_product_is_not_public_while_its_producer_is_a_draft_and_neither_are_its_photos(
        client, published_product):
    photo = photo_of(published_product)
    type(published_product.producer).objects.filter(pk=published_product.producer_id).update(status=Status.DRAFT)
    assert client.get(photo.image.url).status_code == 404


def test_files_under_media_root_that_are_no_photo_are_never_served(client, production):
    (production / "imports").mkdir()
    (production / "imports" / "households.csv").write_text("name,phone\nA,0900000000\n")
    assert client.get("/media/imports/households.csv").status_code == 404
    assert client.get("/media/../gis_app/settings.py").status_code == 404


def test_behind_nginx_the_view_answers_x_accel_redirect_with_an_empty_body(client, published_product, settings):
    photo = photo_of(published_product)
    settings.OCOP_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{photo.image.name}"
    assert response.content == b""
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == f"public, max-age={YEAR}, immutable"


def test_a_vietnamese_file_name_is_served_and_handed_to_nginx_percent_encoded(client, published_product, settings):
    photo = photo_of(published_product, name="ảnh vườn bưởi.png")
    assert "%" in photo.image.url  # the page links the name percent-encoded
    assert client.get(photo.image.url).status_code == 200
    settings.OCOP_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    accel = client.get(photo.image.url)["X-Accel-Redirect"]
    assert accel.isascii() and accel == photo.image.url.replace("/media/", "/protected-media/", 1)


def test_head_answers_the_headers_without_the_file(client, published_product):
    photo = photo_of(published_product)
    response = client.head(photo.image.url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("public")
    assert client.post(photo.image.url).status_code == 405


def test_behind_nginx_a_drafts_photo_is_still_refused(client, draft_product, settings):
    photo = photo_of(draft_product)
    settings.OCOP_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    response = client.get(photo.image.url)
    assert response.status_code == 404 and "X-Accel-Redirect" not in response


# The legacy photo models, as the data migration sees them (tables made inside the test's transaction).

def jpeg_with_gps():
    image = Image.new("RGB", (90, 60), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (10.0, 58.0, 30.5), 3: "E", 4: (106.0, 39.0, 12.25)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


@pytest.fixture
def legacy_apps(django_db_blocker):
    """The models as photos/0002_legacy_photos sees them, with the legacy tables created (rolled back after)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection).project_state(("photos", "0002_legacy_photos"), at_end=False)
    apps = state.apps
    with connection.schema_editor() as editor:
        for name in ("ProductPhoto", "SitePhoto"):
            editor.create_model(apps.get_model("registry", name))
    return apps


def test_the_migration_moves_legacy_photos_into_photos_without_their_gps_exif(
        legacy_apps, production, published_product, django_capture_on_commit_callbacks):
    from importlib import import_module

    from gis_app.registry.models import TourismSite

    migration = import_module("gis_app.photos.migrations.0002_legacy_photos")
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)[2] == (10.0, 58.0, 30.5), "a GPS position"
    (production / "products").mkdir()
    (production / "products" / "field.jpg").write_bytes(original)
    (production / "sites").mkdir()
    (production / "sites" / "gate.png").write_bytes(png((10, 160, 60)))
    site = TourismSite.objects.published().order_by("pk").first()
    ProductPhoto = legacy_apps.get_model("registry", "ProductPhoto")
    SitePhoto = legacy_apps.get_model("registry", "SitePhoto")
    ProductPhoto.objects.create(product_id=published_product.pk, image="products/field.jpg", caption="Cánh đồng")
    SitePhoto.objects.create(site_id=site.pk, image="sites/gate.png", caption="Cổng vườn")
    ProductPhoto.objects.create(product_id=published_product.pk, image="products/missing.jpg", caption="")
    before = set(Photo.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        migration.move_legacy_photos(legacy_apps, None)

    moved = {p.caption: p for p in Photo.objects.exclude(pk__in=before)}
    assert set(moved) == {"Cánh đồng", "Cổng vườn"}  # the missing file makes no row
    field, gate = moved["Cánh đồng"], moved["Cổng vườn"]
    assert field.product_id == published_product.pk and gate.site_id == site.pk
    stored = (production / field.image.name).read_bytes()
    assert dict(Image.open(io.BytesIO(stored)).getexif()) == {}
    assert Image.open(io.BytesIO(stored)).getexif().get_ifd(0x8825) == {} and b"PhoneMaker" not in stored
    # the picture itself is kept: same size, same colours (JPEG re-encoded at high quality)
    assert Image.open(io.BytesIO(stored)).size == (90, 60)
    pixel = Image.open(io.BytesIO(stored)).convert("RGB").getpixel((45, 30))
    assert all(abs(a - b) <= 6 for a, b in zip(pixel, (30, 120, 200)))
    assert Image.open(production / gate.image.name).convert("RGB").getpixel((5, 5)) == (10, 160, 60)  # lossless
    assert field.thumbnail and gate.thumbnail
    # the originals, EXIF and all, are gone from MEDIA_ROOT
    assert not (production / "products" / "field.jpg").exists() and not (production / "sites" / "gate.png").exists()


def test_a_moved_legacy_photo_shows_on_the_site_page_and_is_served(legacy_apps, production, client,
                                                                   django_capture_on_commit_callbacks):
    from importlib import import_module

    from gis_app.registry.models import TourismSite

    migration = import_module("gis_app.photos.migrations.0002_legacy_photos")
    site = TourismSite.objects.published().order_by("pk").first()
    (production / "sites").mkdir()
    (production / "sites" / "gate.jpg").write_bytes(jpeg_with_gps())
    legacy_apps.get_model("registry", "SitePhoto").objects.create(site_id=site.pk, image="sites/gate.jpg",
                                                                  caption="Cổng vườn")
    with django_capture_on_commit_callbacks(execute=True):
        migration.move_legacy_photos(legacy_apps, None)
    photo = Photo.objects.get(site=site, caption="Cổng vườn")
    page = client.get(f"/sites/{site.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert photo.thumbnail.url in page and "/media/sites/" not in page
    served = client.get(photo.image.url)
    assert served.status_code == 200
    assert Image.open(io.BytesIO(body(served))).getexif().get_ifd(0x8825) == {}


def test_the_legacy_photo_models_are_gone():
    from django.apps import apps

    assert not any(model.__name__ in ("ProductPhoto", "SitePhoto") for model in apps.get_models())


def test_a_real_production_server_serves_the_demos_public_photos(settings):
    """gunicorn with DEBUG off (`make serve`'s settings), over the session's committed demo province."""
    import urllib.request

    from tests.ops.test_gunicorn_workers import get, gunicorn

    settings.MEDIA_ROOT = settings.BASE_DIR / "var" / "media"  # where load_demo stored the illustrations
    photo = Photo.objects.published().filter(site__isnull=False).order_by("pk").first()
    assert photo is not None, "the demo ships an illustration of a published site"
    with gunicorn(workers=1) as base:
        with urllib.request.urlopen(base + photo.image.url, timeout=30) as response:
            assert response.status == 200
            assert response.read() == photo.image.open("rb").read()
            assert response.headers["Cache-Control"].startswith(f"public, max-age={YEAR}")
            assert response.headers["ETag"] and response.headers["Last-Modified"]
        assert get(base + "/media/imports/nothing.csv")[0] == 404
