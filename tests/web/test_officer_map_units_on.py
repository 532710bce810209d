"""The officer map as of a date (#24): today's 36 wards and communes by default, the 91 communes and 9 districts
of 30/06/2025 one click away, each choice with its kind and parent; the day is the page's `units_on`."""
import json
import re

import pytest

from gis_app.places.dates import report_day

pytestmark = pytest.mark.django_db


def page(client, **params):
    response = client.get("/map/", params, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    return response.content.decode()


def options(html, name):
    select = html[html.index(f'<select name="{name}">'):]
    select = select[:select.index("</select>")]
    return re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select)


def config(html):
    return json.loads(re.search(r'<script id="officer-map-config" type="application/json">(.*?)</script>',
                                html, re.S).group(1))


def test_todays_units_by_default_with_the_old_ones_one_click_away(client):
    html = page(client)
    communes = options(html, "commune")
    assert len(communes) == 36 and options(html, "district") == []
    assert all(label.endswith("Thành phố Hồ Chí Minh") for _, label in communes)
    settings = config(html)
    assert settings["unitsOn"] == report_day().isoformat()
    assert f"units_on={report_day().isoformat()}" in settings["api"]["choropleth"]
    assert settings["api"]["districts"] is None  # no district after 1 July 2025
    assert 'id="units-on-switch" href="?units_on=2025-06-30"' in html
    assert f"Đơn vị hành chính tại ngày {report_day():%d/%m/%Y}." in html


def test_the_units_of_30_june_2025_with_kind_and_parent_and_no_two_alike(client):
    html = page(client, units_on="2025-06-30")
    communes, districts = options(html, "commune"), options(html, "district")
    assert (len(communes), len(districts)) == (91, 9)
    labels = [label for _, label in communes]
    assert len(set(labels)) == len(labels)
    assert any(label.startswith("xã An Bình, ") for label in labels)
    assert any(label.startswith("phường An Bình, ") for label in labels)
    settings = config(html)
    assert "units_on=2025-06-30" in settings["api"]["choropleth"] and "on=2025-06-30" in settings["api"]["districts"]
    assert 'name="units_on" value="2025-06-30"' in html  # kept in the address by the page's script
    assert 'id="units-on-switch" href="?"' in html


@pytest.mark.parametrize("language, words", [("vi", "không phải là ngày"), ("en", "is not a date")])
def test_a_bad_day_is_refused_naming_the_field(client, language, words):
    response = client.get("/map/", {"units_on": "2025-02-30"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    text = response.content.decode()
    assert text.startswith("units_on: ") and words in text
