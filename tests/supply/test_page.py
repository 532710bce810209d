"""The supply page is for staff: they get the map and the form, visitors are sent to log in."""
import pytest


@pytest.mark.django_db
def test_staff_get_the_supply_page_with_map_filters_and_exports(admin_client_vi):
    response = admin_client_vi.get("/supply/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="supplymap"' in html and "leaflet" in html
    assert "Gợi ý điểm thu gom" in html and "Xuất CSV" in html and "Nhóm hoặc phân nhóm sản phẩm" in html
    assert 'value="2023.CRAFT"' in html and "Thủ Dầu Một" in html
    assert "/api/v1/supply/clusters/export.csv" in html


@pytest.mark.django_db
def test_anonymous_visitors_are_redirected_to_log_in(client):
    response = client.get("/supply/")
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_logged_in_non_staff_users_do_not_get_the_page(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("farmer", password="x"))
    response = client.get("/supply/")
    assert response.status_code == 302 and "login" in response["Location"]
