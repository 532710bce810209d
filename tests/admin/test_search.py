"""Officers type without diacritics; the admin search still finds Vietnamese names."""
import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url,query,expected", [
    ("/admin/registry/producer/", "tuong binh hiep", "Tổ hợp tác sơn mài Hiệp An"),
    ("/admin/registry/product/", "son mai", "Tranh sơn mài phong cảnh Bình Dương"),
    ("/admin/registry/product/", "SƠN MÀI", "Hộp sơn mài đựng trà"),
    ("/admin/places/adminunit/", "tuong binh hiep", "Tương Bình Hiệp"),
    ("/admin/registry/craftvillage/", "lang nghe son mai", "Làng nghề sơn mài Tương Bình Hiệp"),
    ("/admin/registry/tourismsite/", "dau tieng", "Khu du lịch lòng hồ Dầu Tiếng"),
])
def test_admin_search_ignores_diacritics(admin_client, url, query, expected):
    page = admin_client.get(url, {"q": query}).content.decode()
    assert expected in page


@pytest.mark.django_db
def test_accentless_search_does_not_match_everything(admin_client):
    page = admin_client.get("/admin/registry/product/", {"q": "son mai"}).content.decode()
    assert "Sầu riêng Ri6 An Sơn" not in page
    assert "Bưởi da xanh" not in page
