"""The public catalogue: product and producer pages, the catalogue's search and facets, QR labels, the sitemap.

Expected answers are computed independently of the pages: visibility and recognition from the demo rows in
plain Python, accents removed with unicodedata, QR codes decoded with zxing-cpp, XML parsed with ElementTree.
"""
import io
import json
import re
import unicodedata
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from gis_app.registry.models import Evaluation, Producer, Product, Status
from gis_app.registry.recognition import min_recognised_stars
from tests.recognition_helpers import stars_in_force

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


class Head(HTMLParser):
    """The <link rel=canonical>, <meta property=og:*> and JSON-LD scripts of a page."""

    def __init__(self):
        super().__init__()
        self.canonical, self.og, self.jsonld, self._in_jsonld = None, {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        if tag == "meta" and (attrs.get("property") or "").startswith("og:"):
            self.og[attrs["property"]] = attrs.get("content")
        self._in_jsonld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_jsonld = False


def head_of(response):
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def vi(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    return client


def public_products_in_python():
    return {p.pk for p in Product.objects.select_related("producer")
            if p.status == Status.PUBLISHED and p.producer.status == Status.PUBLISHED}


def state_today(product):
    """'in_force' / 'expired' / 'not_rated' from the product's evaluations, without the recognition module."""
    decisions = [e for e in Evaluation.objects.filter(product=product)
                 if e.stars >= min_recognised_stars() and e.decision_date <= TODAY]
    if not decisions:
        return "not_rated"
    return "in_force" if any(e.valid_until >= TODAY for e in decisions) else "expired"


def expired_product():
    """A public product whose only recognition decisions have all expired."""
    for product in Product.objects.filter(pk__in=public_products_in_python()).order_by("pk"):
        if state_today(product) == "expired":
            return product
    pytest.fail("the demo has no product whose recognition expired")


def in_force_product():
    for product in Product.objects.filter(pk__in=public_products_in_python()).order_by("pk"):
        if state_today(product) == "in_force":
            return product
    pytest.fail("the demo has no product with a recognition in force")


def plain(text):
    return "".join(c for c in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                   if not unicodedata.combining(c)).lower()


def decode_qr(png_bytes):
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)))]


# --- Product pages --------------------------------------------------------------------------------------------


def test_product_page_has_canonical_url_open_graph_and_product_json_ld(client):
    product = in_force_product()
    response = vi(client).get(f"/products/{product.pk}/")
    assert response.status_code == 200
    head = head_of(response)
    url = f"http://testserver/products/{product.pk}/"
    assert head.canonical == url
    assert head.og["og:url"] == url and head.og["og:type"] == "product"
    assert head.og["og:title"].startswith(product.name)
    [data] = head.jsonld
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == product.name and data["url"] == url
    assert data["brand"] == {"@type": "Brand", "name": product.producer.name}
    assert "aggregateRating" not in data and "review" not in data  # stars are a recognition, not a rating
    best = max(e.stars for e in product.evaluations.all() if e.decision_date <= TODAY <= e.valid_until)
    assert data["award"].startswith(f"OCOP {best}★")
    content = response.content.decode()
    assert f'href="/producers/{product.producer_id}/"' in content


def test_json_ld_cannot_be_closed_by_a_name(client):
    product = in_force_product()
    Product.objects.filter(pk=product.pk).update(name="Bánh </script><script>alert(1)</script>")
    response = client.get(f"/products/{product.pk}/")
    [data] = head_of(response).jsonld
    assert data["name"] == "Bánh </script><script>alert(1)</script>"
    assert "<script>alert(1)" not in response.content.decode()


def test_expired_product_page_says_recognition_expired_in_vietnamese(client):
    product = expired_product()
    response = vi(client).get(f"/products/{product.pk}/")
    content = response.content.decode()
    assert 'data-state="expired"' in content
    assert "hết hiệu lực công nhận" in content
    assert "award" not in head_of(response).jsonld[0]


@pytest.mark.parametrize("hide", ["draft product", "rejected product", "draft producer"])
def test_a_product_that_is_not_public_is_404_on_its_page_and_its_qr_codes(client, hide):
    product = in_force_product()
    if hide == "draft producer":
        Producer.objects.filter(pk=product.producer_id).update(status=Status.DRAFT)
    else:
        Product.objects.filter(pk=product.pk).update(status=hide.split()[0])
    for path in (f"/products/{product.pk}/", f"/products/{product.pk}/qr.svg", f"/products/{product.pk}/qr.png"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert product.name not in response.content.decode(errors="replace")
    assert client.get("/products/999999/").status_code == 404


def test_product_page_shows_english_texts_where_filled_and_vietnamese_otherwise(client):
    product = in_force_product()
    Product.objects.filter(pk=product.pk).update(name_en="Test pomelo", story="Câu chuyện", story_en="")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    content = client.get(f"/products/{product.pk}/").content.decode()
    assert "<h1>Test pomelo</h1>" in content and "Câu chuyện" in content
    content = vi(client).get(f"/products/{product.pk}/").content.decode()
    assert f"<h1>{product.name}</h1>" in content


# --- QR labels -----------------------------------------------------------------------------------------------


def test_qr_png_decodes_to_the_product_page_which_shows_its_recognition_today(client):
    product = expired_product()
    response = client.get(f"/products/{product.pk}/qr.png?size=600")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.width <= 600 and image.width >= 600 - 60
    assert image.info.get("dpi", (0, 0))[0] == pytest.approx(300, abs=1)
    [url] = decode_qr(response.content)
    assert url == f"http://testserver/products/{product.pk}/"
    page = vi(client).get(url.replace("http://testserver", ""))
    assert "hết hiệu lực công nhận" in page.content.decode()


def test_qr_svg_is_svg_with_the_url_and_honours_the_public_address_setting(client, settings):
    settings.OCOP_PUBLIC_URL = "https://ocop.binhduong.example"
    product = in_force_product()
    response = client.get(f"/products/{product.pk}/qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    svg = ET.fromstring(response.content)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    png = client.get(f"/products/{product.pk}/qr.png")
    assert decode_qr(png.content) == [f"https://ocop.binhduong.example/products/{product.pk}/"]


@pytest.mark.parametrize("size", ["abc", "10", "99999", "-5"])
def test_a_bad_qr_size_is_a_400_naming_it(client, size):
    response = client.get(f"/products/{in_force_product().pk}/qr.png?size={size}")
    assert response.status_code == 400


def test_label_sheet_has_one_label_per_public_product_of_the_producer(client):
    product = in_force_product()
    producer = product.producer
    response = client.get(f"/producers/{producer.pk}/labels/")
    content = response.content.decode()
    expected = {p.pk for p in Product.objects.filter(producer=producer) if p.pk in public_products_in_python()}
    assert {int(pk) for pk in re.findall(r'class="label" data-product-id="(\d+)"', content)} == expected
    assert content.count("<svg") == len(expected)


# --- Producer pages --------------------------------------------------------------------------------------------


def test_producer_page_lists_its_public_products_and_never_private_contacts(client):
    producer = Producer.objects.exclude(private_phone="").order_by("pk").first()
    hidden = Product.objects.filter(producer=producer).order_by("pk").first()
    Product.objects.filter(pk=hidden.pk).update(status=Status.DRAFT)
    content = client.get(f"/producers/{producer.pk}/").content.decode()
    listed = {int(pk) for pk in re.findall(r'class="product-card" data-product-id="(\d+)"', content)}
    assert listed == set(Product.objects.filter(producer=producer, status=Status.PUBLISHED).values_list("pk", flat=True))
    assert hidden.pk not in listed
    assert producer.private_phone not in content and producer.private_email not in content
    assert producer.get_legal_form_display() in content
    [data] = head_of(client.get(f"/producers/{producer.pk}/")).jsonld
    assert data["@type"] == "Organization" and data["name"] == producer.name
    assert {offer["itemOffered"]["@id"] for offer in data["makesOffer"]} == {
        f"http://testserver/products/{pk}/" for pk in listed}


def test_producer_page_names_the_craft_village_it_lies_in(client):
    from gis_app.registry.models import CraftVillage

    village = CraftVillage.objects.published().first()
    member = village.members().published().first()
    content = vi(client).get(f"/producers/{member.pk}/").content.decode()
    assert village.name in content


def test_a_producer_that_is_not_published_is_404(client):
    producer = Producer.objects.order_by("pk").first()
    Producer.objects.filter(pk=producer.pk).update(status=Status.SUBMITTED)
    assert client.get(f"/producers/{producer.pk}/").status_code == 404
    assert client.get(f"/producers/{producer.pk}/labels/").status_code == 404


# --- The catalogue -----------------------------------------------------------------------------------------


def listed(client, query=""):
    """Product ids the catalogue lists for `query`, over every page."""
    ids, page = [], 1
    while True:
        response = client.get(f"/products/?{query}&page={page}")
        assert response.status_code == 200, response.content[:500]
        ids += [int(pk) for pk in re.findall(r'class="product-card" data-product-id="(\d+)"', response.content.decode())]
        if 'rel="next"' not in response.content.decode():
            return ids
        page += 1


def test_catalogue_pages_through_every_public_product_once(client):
    ids = listed(client, "scope=all")
    assert len(ids) == len(set(ids))
    assert set(ids) == public_products_in_python()
    # By default the "Danh mục sản phẩm OCOP" lists OCOP products only: recognised and in force today (#23).
    ocop = listed(client)
    assert set(ocop) == set(stars_in_force(TODAY)) & public_products_in_python() and len(ocop) < len(ids)


def test_search_ignores_accents_and_case(client):
    expected = {p.pk for p in Product.objects.filter(pk__in=public_products_in_python()).select_related("producer")
                if "son mai" in plain(p.name) or "son mai" in plain(p.producer.name)}
    assert expected
    assert set(listed(client, "q=son+mai&scope=all")) == expected
    assert set(listed(client, "q=S%C6%A0N+M%C3%80I&scope=all")) == expected  # SƠN MÀI


def test_stars_facet_counts_products_with_that_many_stars_in_force(client):
    in_force = stars_in_force(TODAY)  # the decisions' rule computed by a plain loop (#13)
    expected = {pk for pk in public_products_in_python() if in_force.get(pk, 0) >= 4}
    assert set(listed(client, "min_stars=4")) == expected


def test_group_facet_accepts_either_classification(client):
    crafts_2023 = set(listed(client, "group=2023.CRAFT&scope=all"))
    souvenirs_2019 = set(listed(client, "group=2019.SOUV&scope=all"))
    assert crafts_2023 and souvenirs_2019
    # a 2019 souvenir product maps to the 2023 handicrafts group through its sub-group's equivalent
    old = Product.objects.filter(subgroup__code="2019.SOUV.CRAFT", pk__in=public_products_in_python()).first()
    assert old.pk in crafts_2023


def test_unit_facet_takes_old_district_and_new_commune_codes(client):
    from gis_app.places.models import AdminUnit

    district = AdminUnit.objects.get(code="718", level="district")
    expected = {p.pk for p in Product.objects.filter(pk__in=public_products_in_python()).select_related("producer")
                if district.geom.covers(p.producer.location)}
    assert set(listed(client, "unit=718&scope=all")) == expected
    new = AdminUnit.objects.filter(level="commune", valid_to__isnull=True, valid_from__gt="2025-06-30").first()
    inside = {p.pk for p in Product.objects.filter(pk__in=public_products_in_python()).select_related("producer")
              if new.geom.covers(p.producer.location)}
    assert set(listed(client, f"unit=new:{new.code}&scope=all")) == inside
    assert f"value=\"new:{new.code}\" selected" in client.get(f"/products/?unit=new:{new.code}").content.decode()


def test_facets_combine_and_stay_in_the_url(client):
    response = client.get("/products/?q=buoi&legal_form=cooperative&view=map")
    content = response.content.decode()
    assert 'value="buoi"' in content and 'value="cooperative" selected' in content
    assert 'id="catalogue-map"' in content
    config = json.loads(re.search(r'id="catalogue-map-config" type="application/json">(.*?)</script>', content).group(1))
    assert config["query"] == {"q": "buoi", "legal_form": "cooperative", "ocop": "true"}  # the map lists the same


@pytest.mark.parametrize("query, field", [("group=NOPE", "group"), ("min_stars=9", "min_stars"),
                                          ("unit=00000", "unit"), ("legal_form=pirate", "legal_form")])
def test_bad_facet_values_are_a_400_naming_the_field(client, query, field):
    response = client.get(f"/products/?{query}")
    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode() or 'data-field="' in response.content.decode()


def test_catalogue_speaks_english_when_asked(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "OCOP product catalogue" in client.get("/products/").content.decode()
    assert "Danh mục sản phẩm OCOP" in vi(client).get("/products/").content.decode()


# --- Sitemap -------------------------------------------------------------------------------------------------


def test_sitemap_parses_and_lists_every_public_page_and_no_draft(client):
    draft = in_force_product()
    Product.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert len(locations) == len(set(locations))
    products = {int(m.group(1)) for loc in locations if (m := re.fullmatch(r"http://testserver/products/(\d+)/", loc))}
    assert products == public_products_in_python() - {draft.pk}
    producers = {int(m.group(1)) for loc in locations
                 if (m := re.fullmatch(r"http://testserver/producers/(\d+)/", loc))}
    assert producers == set(Producer.objects.published().values_list("pk", flat=True))
    assert "http://testserver/events/" in locations


def test_villages_and_sites_have_english_names_in_the_demo_and_english_pages_use_them(client):
    from gis_app.registry.models import CraftVillage

    village = CraftVillage.objects.exclude(name_en="").first()
    member = village.members().published().first()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert village.name_en in client.get(f"/producers/{member.pk}/").content.decode()
    assert village.name in vi(client).get(f"/producers/{member.pk}/").content.decode()


def test_facet_counts_equal_what_choosing_each_value_lists(client):
    content = client.get("/products/?q=buoi").content.decode()
    options = re.findall(r'<option value="([^"]+)"(?: selected)? data-count="(\d+)"', content)
    assert options
    names = {"3": "min_stars", "4": "min_stars", "5": "min_stars"}
    checked = 0
    for value, count in options:
        facet = names.get(value) or ("group" if "." not in value and value.isupper() or value[:4].isdigit()
                                     else "legal_form")
        if facet == "group" and int(count) == 0 and checked > 6:
            continue
        assert len(listed(client, f"q=buoi&{facet}={value}")) == int(count), (facet, value)
        checked += 1
    assert checked >= 8


def test_catalogue_and_product_pages_take_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    # recognition, photos and producers come with the page's products (prefetch), not one query per product
    with django_assert_max_num_queries(32):  # 30 measured, the same for 4 or 24 rows
        assert client.get("/products/").status_code == 200
    product = in_force_product()
    with django_assert_max_num_queries(12):  # 11 measured: 7, and today's ward with the old commune (#24)
        assert client.get(f"/products/{product.pk}/").status_code == 200
