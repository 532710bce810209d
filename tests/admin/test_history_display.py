"""History pages show values as the change form does: labels, "lon, lat", dd/mm/yyyy, a dash for nothing."""
import datetime

from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import translation

from gis_app.accounts.history_display import EMPTY, display_value
from gis_app.registry.models import Producer, TourismSite


def field(model, name):
    return model._meta.get_field(name)


def test_statuses_and_choices_show_their_labels_in_the_page_language():
    with translation.override("vi"):
        assert display_value(field(Producer, "status"), "published") == str(
            dict(field(Producer, "status").flatchoices)["published"])
        assert display_value(field(Producer, "status"), "published") != "published"
        services = display_value(field(TourismSite, "services"), ["parking", "lodging"])
        assert "parking" not in services and ", " in services


def test_points_read_as_lon_lat_and_areas_by_their_size_never_as_ewkt():
    assert display_value(field(Producer, "location"), Point(106.6523456, 10.9801234, srid=4326)) == \
        "106.652346, 10.980123"
    square = MultiPolygon(Polygon(((106.6, 10.9), (106.7, 10.9), (106.7, 11.0), (106.6, 10.9))), srid=4326)
    with translation.override("vi"):
        text = display_value(field(TourismSite, "area"), square)
    assert text.startswith("Vùng gồm 4 điểm quanh 106.6") and "SRID" not in text and "POLYGON" not in text.upper()


def test_nothing_is_a_dash_and_dates_are_day_month_year():
    assert display_value(field(Producer, "website"), "") == EMPTY
    assert display_value(field(Producer, "commune"), None) == EMPTY
    assert display_value(field(TourismSite, "opening_time"), None) == EMPTY
    assert display_value(field(TourismSite, "opening_time"), datetime.date(2026, 3, 1)) == "01/03/2026"
    assert display_value(field(Producer, "name"), True) in ("có", "yes")
