"""schema.org `Product` JSON-LD of a product page: facts only (no ratings invented from stars)."""
import json

from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from .text import localized


def product_jsonld(product, page_url, image_urls, recognition, offers_from=()):
    """The JSON-LD dict: name, description, image, brand/manufacturer (the OCOP producer), category, the
    recognition in force as an award, and an Offer when a reference price is known."""
    producer = product.producer
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "@id": page_url,
        "url": page_url,
        "name": localized(product, "name"),
        "category": localized(product.subgroup.group, "name") if hasattr(product.subgroup.group, "name_en")
        else str(product.subgroup.group),
        "brand": {"@type": "Brand", "name": producer.name},
        "manufacturer": {"@type": "Organization", "name": producer.name,
                         **({"address": producer.address} if producer.address else {}),
                         **({"url": producer.website} if producer.website else {})},
    }
    description = localized(product, "description")
    if description:
        data["description"] = description
    if product.ref:
        data["sku"] = product.ref
    if image_urls:
        data["image"] = list(image_urls)
    if recognition.in_force:
        award = f"OCOP {recognition.stars}★"
        if recognition.decision_number:
            award += f" ({recognition.decision_number})"
        data["award"] = award
    if product.price_vnd:
        data["offers"] = {"@type": "Offer", "price": product.price_vnd, "priceCurrency": "VND", "url": page_url,
                          **({"availableAtOrFrom": [{"@type": "Place", "name": name} for name in offers_from]}
                             if offers_from else {})}
    return data


def as_script(data):
    """`<script type="application/ld+json">…</script>` with <, > and & escaped (a name cannot close the tag)."""
    text = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def producer_jsonld(producer, page_url, product_urls=()):
    """schema.org `Organization` of a producer page: public contacts only (never the private ones), place."""
    data = {"@context": "https://schema.org", "@type": "Organization", "@id": page_url, "url": page_url,
            "name": producer.name,
            "location": {"@type": "Place", "geo": {"@type": "GeoCoordinates", "latitude": round(producer.location.y, 6),
                                                   "longitude": round(producer.location.x, 6)}}}
    if producer.address:
        data["address"] = producer.address
    if producer.public_phone:
        data["telephone"] = producer.public_phone
    if producer.public_email:
        data["email"] = producer.public_email
    if producer.website:
        data["sameAs"] = producer.website
    if product_urls:
        data["makesOffer"] = [{"@type": "Offer", "itemOffered": {"@type": "Product", "@id": url}}
                              for url in product_urls]
    return data
