"""Tour themes (issue #26, Must show: /tours/ filtered by theme): reference data loaded by load_demo, chosen when a
tour is saved, shown on the tour page and in the API, and a `theme` filter of the catalogue with its counts."""
import pytest

from gis_app.registry.models import Producer, TourismSite
from gis_app.tours.models import Tour, TourTheme
from tests.tours.test_catalogue_pages import every_card, page_of
from tests.tours_helpers import make_tour

pytestmark = pytest.mark.django_db

LAI_THIEU, TBH, BACH_DANG = "Vườn trái cây Lái Thiêu", "Làng nghề sơn mài Tương Bình Hiệp", "Vườn bưởi cù lao Bạch Đằng"


def themed(name, places, codes, **extra):
    tour = make_tour(name, places, **extra)
    tour.themes.set(TourTheme.objects.filter(code__in=codes))
    return tour


@pytest.fixture
def themed_tours():
    """Published tours with and without themes, one draft with a theme (never listed), one with two themes."""
    sites = list(TourismSite.objects.published().order_by("pk")[:3])
    producer = Producer.objects.published().order_by("pk").first()
    return {
        "orchards": themed("Miệt vườn Lái Thiêu", sites[:2], ["orchards"], km=20),
        "both": themed("Vườn và đặc sản", [sites[0], producer], ["orchards", "ocop-food"], km=60, days=[1, 2]),
        "crafts": themed("Làng nghề sơn mài", sites[1:3], ["craft-villages"], km=30),
        "none": make_tour("Không chủ đề", sites[:2], km=40),
        "draft": themed("Bản nháp miệt vườn", sites[:2], ["orchards"], status="draft"),
    }


def test_the_demo_loads_the_five_themes_in_both_languages():
    themes = {t.code: (t.name_vi, t.name_en) for t in TourTheme.objects.all()}
    assert themes["craft-villages"] == ("Làng nghề truyền thống", "Traditional craft villages")
    assert set(themes) == {"craft-villages", "orchards", "ocop-food", "eco-agri", "heritage"}
    assert all(vi and en for vi, en in themes.values())


@pytest.mark.parametrize("code,expected", [("orchards", ["both", "orchards"]), ("ocop-food", ["both"]),
                                           ("craft-villages", ["crafts"]), ("heritage", [])])
def test_the_theme_filter_keeps_exactly_the_published_tours_with_that_theme(client, themed_tours, code, expected):
    cards, _pages = every_card(client, f"/tours/?theme={code}")
    with_theme = Tour.objects.published().filter(themes__code=code).order_by("name", "pk")
    assert cards == list(with_theme.values_list("pk", flat=True))
    assert sorted(cards) == sorted(themed_tours[key].pk for key in expected)
    assert themed_tours["draft"].pk not in cards and themed_tours["none"].pk not in cards


@pytest.mark.parametrize("base", ["", "days=1", "length=25-75", "producers=1"])
def test_each_theme_counts_the_cards_that_picking_it_lists(client, themed_tours, base):
    page, _ = page_of(client, f"/tours/?{base}")
    assert set(page.counts["theme"]) == set(TourTheme.objects.values_list("code", flat=True))
    nonzero = 0
    for code, shown in page.counts["theme"].items():
        cards, _pages = every_card(client, f"/tours/?{base}&theme={code}")
        assert shown == str(len(cards)), (base, code)
        nonzero += bool(cards)
    assert base == "length=25-75" or nonzero >= 1


def test_a_picked_theme_narrows_the_other_counts_and_stays_in_the_page_links(client, themed_tours):
    page, html = page_of(client, "/tours/?theme=orchards")
    assert page.counts["days"] == {"1": "1", "2": "1", "3": "0"}  # "both" is two days, "orchards" one
    assert 'value="orchards" selected' in html
    page, _ = page_of(client, "/tours/?theme=craft-villages&days=1")
    assert page.counts["theme"]["orchards"] == "1"  # the theme's own count ignores the theme picked


def test_the_page_links_keep_the_theme(client, themed_tours):
    from gis_app.tours.catalogue import PAGE_SIZE

    sites = list(TourismSite.objects.published().order_by("pk")[:2])
    for i in range(PAGE_SIZE + 1):
        themed(f"Di tích {i:02d}", sites, ["heritage"])
    page, _ = page_of(client, "/tours/?theme=heritage")
    assert page.next == "/tours/?theme=heritage&page=2"
    assert all("theme=heritage" in link for link in page.links)


@pytest.mark.parametrize("language,words", [("vi", "Không có chủ đề tuyến tham quan nào có mã “lac-loai”."),
                                            ("en", "No tour theme has the code “lac-loai”.")])
def test_an_unknown_theme_is_a_400_naming_theme(client, themed_tours, language, words):
    _, html = page_of(client, "/tours/?theme=lac-loai", status=400, language=language)
    assert 'data-field="theme"' in html and words in html
    assert 'data-tour-id' not in html


def test_cards_and_the_tour_page_show_the_themes_in_the_pages_language(client, themed_tours):
    _, html = page_of(client, "/tours/?theme=ocop-food")
    assert "Ẩm thực – đặc sản OCOP" in html
    _, html = page_of(client, "/tours/?theme=ocop-food", language="en")
    assert "Food and OCOP specialities" in html
    tour = themed_tours["both"]
    html = client.get(f"/tours/{tour.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-theme="orchards"' in html and "Orchards and fruit" in html
    html = client.get(f"/tours/{tour.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Miệt vườn – trái cây" in html


def test_the_api_gives_each_tours_themes_with_codes_and_names(client, themed_tours):
    tour = themed_tours["both"]
    detail = client.get(f"/api/v1/tours/{tour.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [t["code"] for t in detail["themes"]] == ["orchards", "ocop-food"]  # in the themes' order
    assert detail["themes"][0] == {"code": "orchards", "name": "Orchards and fruit",
                                   "name_vi": "Miệt vườn – trái cây", "name_en": "Orchards and fruit"}
    vi = client.get(f"/api/v1/tours/{tour.pk}/", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert vi["themes"][0]["name"] == "Miệt vườn – trái cây"
    listed = {t["id"]: t for t in client.get("/api/v1/tours/").json()}
    assert [t["code"] for t in listed[tour.pk]["themes"]] == ["orchards", "ocop-food"]
    assert listed[themed_tours["none"].pk]["themes"] == []
    themes = client.get("/api/v1/tours/themes/").json()
    assert [t["code"] for t in themes] == ["craft-villages", "orchards", "ocop-food", "eco-agri", "heritage"]


def _stops(*names):
    sites = dict(TourismSite.objects.values_list("name", "pk"))
    return [{"site": sites[n]} for n in names]


def test_a_planner_saves_and_changes_a_tours_themes(admin_client):
    data = {"name": "Vườn và sơn mài", "stops": _stops(LAI_THIEU, TBH, BACH_DANG), "themes": ["orchards", "heritage"]}
    response = admin_client.post("/api/v1/tours/", data, content_type="application/json")
    assert response.status_code == 201, response.content
    tour = Tour.objects.get(pk=response.json()["id"])
    assert sorted(tour.themes.values_list("code", flat=True)) == ["heritage", "orchards"]
    response = admin_client.put(f"/api/v1/tours/{tour.pk}/", {**data, "themes": ["craft-villages"]},
                                content_type="application/json")
    assert response.status_code == 200 and [t["code"] for t in response.json()["themes"]] == ["craft-villages"]
    del data["themes"]
    response = admin_client.put(f"/api/v1/tours/{tour.pk}/", data, content_type="application/json")
    assert [t["code"] for t in response.json()["themes"]] == ["craft-villages"]  # left out: kept
    html = admin_client.get(f"/tours/{tour.pk}/edit/").content.decode()
    assert 'value="craft-villages" checked' in html and 'value="orchards">' in html


@pytest.mark.parametrize("language,words", [("vi", "Không có chủ đề tuyến tham quan nào có mã “lac-loai”."),
                                            ("en", "No tour theme has the code “lac-loai”.")])
def test_saving_an_unknown_theme_is_a_400_naming_themes_and_saves_nothing(admin_client, language, words):
    before = Tour.objects.count()
    data = {"name": "Sai chủ đề", "stops": _stops(LAI_THIEU, TBH), "themes": ["orchards", "lac-loai"]}
    response = admin_client.post("/api/v1/tours/", data, content_type="application/json",
                                 HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"].startswith("themes") and error["message"] == words
    assert Tour.objects.count() == before
