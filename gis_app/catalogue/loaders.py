"""The catalogue's demo data (fixtures/catalogue.json): product descriptions and English names, points of sale,
promotion events and a few generated illustrations, marked as such. Idempotent: rows are matched by name."""
import datetime
import io
import json

from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from gis_app.core.importing import as_time
from gis_app.events.models import Event
from gis_app.photos.models import Photo
from gis_app.places.agencies import agency_on
from gis_app.registry.models import CraftVillage, Producer, Product, TourismSite
from gis_app.sales.models import PointOfSale

ILLUSTRATION_CREDIT = "OCOP-GIS — ảnh minh họa tạo tự động (demo)"


def illustration(colour, label):
    """A small generated PNG (concentric shapes in `colour`): an illustration, never passed off as a photo."""
    image = Image.new("RGB", (480, 320), (245, 240, 230))
    draw = ImageDraw.Draw(image)
    for n in range(6):
        shade = tuple(min(255, c + 25 * n) for c in colour)
        draw.ellipse([60 + 20 * n, 30 + 14 * n, 420 - 20 * n, 290 - 14 * n], fill=shade)
    draw.text((12, 296), label, fill=(40, 40, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return ContentFile(out.getvalue(), name=f"illustration-{label.lower()}.png")


def load_catalogue(fixtures, importer, today=None):
    data = json.loads((fixtures / "catalogue.json").read_text(encoding="utf-8"))
    today = today or timezone.localdate()
    products = {p.ref: p for p in Product.objects.filter(ref__isnull=False)}
    producers = {p.ref: p for p in Producer.objects.filter(ref__isnull=False)}
    sites = {s.name: s for s in TourismSite.objects.all()}

    for ref, fields in data["products"].items():
        if ref in products:
            Product.objects.filter(pk=products[ref].pk).update(**fields)  # descriptive fields only
    for name, name_en in data["sites_en"].items():
        TourismSite.objects.filter(name=name).update(name_en=name_en)
    for name, name_en in data["villages_en"].items():
        CraftVillage.objects.filter(name=name).update(name_en=name_en)

    for n, row in importer.rows("catalogue.json points_of_sale", data["points_of_sale"]):
        outlet = PointOfSale.objects.filter(name=row["name"]).first() or PointOfSale(name=row["name"])
        outlet.kind, outlet.status = row["kind"], row["status"]
        outlet.name_en, outlet.address, outlet.url = row.get("name_en", ""), row.get("address", ""), row.get("url", "")
        outlet.location = Point(row["lon"], row["lat"], srid=4326) if "lon" in row else None
        outlet.site = sites.get(row.get("site"))
        outlet.producer = producers.get(row.get("producer"))
        outlet.opening_time, outlet.closing_time = as_time(row.get("opening_time")), as_time(row.get("closing_time"))
        outlet.open_weekdays = row.get("open_weekdays", [])
        if importer.save("catalogue.json points_of_sale", n, outlet):
            outlet.products.set([products[ref] for ref in row["products"] if ref in products])

    for n, row in importer.rows("catalogue.json events", data["events"]):
        event = Event.objects.filter(name=row["name"]).first() or Event(name=row["name"])
        event.kind, event.status = row["kind"], row["status"]
        for field in ("name_en", "description", "description_en", "organiser", "venue", "url"):
            setattr(event, field, row.get(field, ""))
        event.starts_on = today + datetime.timedelta(days=row["start"])
        event.ends_on = today + datetime.timedelta(days=row["end"])
        if row.get("organiser_role"):  # the agency's name on the event's first day (places/agencies.py)
            event.organiser = f"{agency_on(event.starts_on, row['organiser_role']).name} (demo)"
        event.site = sites.get(row.get("site"))
        event.location = Point(row["lon"], row["lat"], srid=4326) if "lon" in row else None
        if importer.save("catalogue.json events", n, event):
            event.products.set([products[ref] for ref in row.get("products", []) if ref in products])
            event.producers.set([producers[ref] for ref in row.get("producers", []) if ref in producers])

    for row in data["illustrations"]:
        owner = {"product": products.get(row.get("product"))} if "product" in row else {"site": sites.get(row["site"])}
        if None in owner.values() or Photo.objects.filter(**owner, illustrative=True).exists():
            continue
        photo = Photo(**owner, caption=row["caption"], caption_en=row["caption_en"], credit=ILLUSTRATION_CREDIT,
                      illustrative=True)
        photo.image = illustration(row["colour"], row.get("product") or "site")
        photo.save()
