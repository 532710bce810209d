"""Bad API input gets a 400 naming the parameter, in Vietnamese or English by Accept-Language; never a 500."""
import pytest

NUMBER = ("không phải là số", "is not a number")
RANGE = ("nằm ngoài phạm vi", "is out of range")
CHOICE = ("Hãy chọn một lựa chọn hợp lệ", "Select a valid choice")
DATE = ("Nhập một ngày hợp lệ", "Enter a valid date")

CASES = [
    ("/api/v1/producers/?nearest=abc,10", "nearest", NUMBER),
    ("/api/v1/producers/?nearest=200,10", "nearest", RANGE),
    ("/api/v1/products/?nearest=106.6,-91", "nearest", RANGE),
    ("/api/v1/producers/?nearest=nan,10", "nearest", ("không phải là số hữu hạn", "is not a finite number")),
    ("/api/v1/sites/?near=106.6,95&radius=100", "near", RANGE),
    ("/api/v1/sites/?near=106.6", "near", ("Cần nhập “kinh độ,vĩ độ”", "Expected “longitude,latitude”")),
    ("/api/v1/producers/?near=106.6,11&radius=0", "radius", RANGE),
    ("/api/v1/producers/?near=106.6,11&radius=-5", "radius", RANGE),
    ("/api/v1/producers/?near=106.6,11&radius=100001", "radius", RANGE),
    ("/api/v1/producers/?near=106.6,11&radius=abc", "radius", NUMBER),
    ("/api/v1/producers/?near=106.6,11", "radius", ("cần kèm bán kính", "needs a radius")),
    ("/api/v1/producers/?radius=500", "radius", ("cần có tâm", "needs a centre")),
    ("/api/v1/producers/?nearest=106.6,11&limit=101", "limit", RANGE),
    ("/api/v1/sites/?nearest=106.6,11&limit=0", "limit", RANGE),
    ("/api/v1/producers/?nearest=106.6,11&limit=x", "limit", ("không phải là số nguyên", "is not a whole number")),
    ("/api/v1/producers/?bbox=1,2,3", "bbox", ("Cần nhập", "Expected “minLon,minLat,maxLon,maxLat”")),
    # minLon > maxLon is a box across the antimeridian (OGC API, issue 18): only latitudes can be inverted.
    ("/api/v1/producers/?bbox=106.6,11.0,106.7,10.9", "bbox", ("đảo ngược", "inverted")),
    ("/api/v1/sites/?bbox=106.6,11.0,106.7,10.9", "bbox", ("đảo ngược", "inverted")),
    ("/api/v1/producers/?bbox=a,b,c,d", "bbox", NUMBER),
    ("/api/v1/producers/?bbox=106.6,10.9,186.6,11.0", "bbox", RANGE),
    ("/api/v1/producers/?unit=99999", "unit", ("Không có đơn vị hành chính", "Unknown administrative unit")),
    ("/api/v1/sites/?unit=abc", "unit", ("Không có đơn vị hành chính", "Unknown administrative unit")),
    ("/api/v1/products/?group=FOO", "group", ("Không có nhóm sản phẩm", "Unknown product group")),
    ("/api/v1/producers/?group=2023.NOPE", "group", ("Không có nhóm sản phẩm", "Unknown product group")),
    ("/api/v1/evaluations/?group=FOO", "group", ("Không có nhóm sản phẩm", "Unknown product group")),
    ("/api/v1/products/?subgroup=FOO", "subgroup", ("Không có phân nhóm", "Unknown product sub-group")),
    ("/api/v1/producers/?legal_form=xx", "legal_form", CHOICE),
    ("/api/v1/sites/?kind=xx", "kind", CHOICE),
    ("/api/v1/products/?min_stars=6", "min_stars", RANGE),
    ("/api/v1/products/?valid_on=2024-13-01", "valid_on", DATE),
    ("/api/v1/products/?expiring_within=-1", "expiring_within", RANGE),
    ("/api/v1/producers/?page_size=1001", "page_size", RANGE),
    ("/api/v1/producers/?page=0", "page", RANGE),
    ("/api/v1/aggregates/units/?level=province", "level", ("không thuộc các giá trị", "is not one of")),
    ("/api/v1/aggregates/units/?group=FOO", "group", ("Không có nhóm sản phẩm", "Unknown product group")),
    ("/api/v1/aggregates/units/?on=yesterday", "on", ("không phải là ngày", "is not a date")),
    ("/api/v1/aggregates/groups/?version=1999", "version", ("Không có phiên bản", "Unknown taxonomy version")),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url,field,texts", CASES)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_bad_parameter_gets_400_naming_it_in_the_callers_language(client, url, field, texts, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field
    assert texts[0 if language == "vi" else 1] in error["message"]


@pytest.mark.django_db
def test_unknown_parameters_are_ignored(client):
    assert client.get("/api/v1/producers/", {"colour": "red"}).status_code == 200


@pytest.mark.django_db
def test_unknown_record_is_a_404_in_the_house_shape(client):
    response = client.get("/api/v1/producers/999999/")
    assert response.status_code == 404
    assert "error" in response.json()
