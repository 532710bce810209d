"""Officers edit every record in the admin, geometries on a Leaflet map."""
import pytest

from gis_app.places.models import AdminUnit
from gis_app.registry.models import CraftVillage, Evaluation, Producer, Product, TourismSite


@pytest.mark.django_db
@pytest.mark.parametrize("model,field", [
    (Producer, "location"), (TourismSite, "location"), (CraftVillage, "area"), (AdminUnit, "geom"),
])
def test_change_page_shows_the_geometry_on_a_leaflet_map(admin_client, model, field):
    obj = model.objects.first()
    opts = model._meta
    page = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "leaflet.js" in html
    assert f'id="id_{field}-map"' in html or f"id_{field}-map" in html


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Product, Evaluation])
def test_change_pages_without_geometry_render(admin_client, model):
    obj = model.objects.first()
    opts = model._meta
    assert admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url,params,expected,absent", [
    ("/admin/registry/producer/", {"legal_form": "household"}, "Cơ sở sơn mài Hồng Lam", "Công ty TNHH Gốm Chánh Nghĩa"),
    ("/admin/registry/producer/", {"district": "720"}, "Công ty TNHH Điều Dầu Tiếng", "HTX Bưởi Bạch Đằng"),
    ("/admin/registry/product/", {"group": "2023.CRAFT"}, "Bình sơn mài khảm trứng", "Nước yến sào"),
    ("/admin/registry/product/", {"stars": "4"}, "Bộ ấm chén gốm Lái Thiêu", "Bòn bon Lái Thiêu"),
])
def test_list_filters_narrow_the_registry(admin_client, url, params, expected, absent):
    html = admin_client.get(url, params).content.decode()
    assert expected in html
    assert absent not in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/registry/product/?stars=abc", "/admin/registry/producer/?stars=9"])
def test_a_bad_filter_value_is_an_admin_notice_not_a_server_error(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 302 and response["Location"].endswith("?e=1")
