"""The tours catalogue in pages, with a count beside each filter option (issue #26 item 1, gaps): the count of an
option is the number of cards the catalogue lists when that option is chosen and the other filters stay."""
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from gis_app.registry.models import CraftVillage, Producer, TourismSite
from gis_app.tours.catalogue import PAGE_SIZE
from gis_app.tours.models import Tour
from tests.tours_helpers import make_tour

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """Cards, page links and each option's shown count of a catalogue page."""

    def __init__(self):
        super().__init__()
        self.cards, self.links, self.next, self.counts, self.flags = [], [], None, {}, {}
        self._select, self._nav, self._label_input = None, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "data-tour-id" in attrs:
            self.cards.append(int(attrs["data-tour-id"]))
        if tag == "select":
            self._select = attrs["name"]
        if tag == "option" and attrs.get("value"):
            self.counts.setdefault(self._select, {})[attrs["value"]] = attrs.get("data-count")
        if tag == "input" and attrs.get("type") == "checkbox":
            self._label_input = attrs["name"]
        if tag == "span" and "facet-count" in attrs.get("class", ""):
            self.flags[self._label_input] = attrs["data-count"]
        if tag == "nav" and "pagination" in attrs.get("class", ""):
            self._nav = True
        if tag == "a" and self._nav:
            self.links.append(attrs["href"])
            if attrs.get("rel") == "next":
                self.next = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav = False


def page_of(client, url, status=200, language="vi"):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status, response.content.decode()[:800]
    page = Page()
    page.feed(response.content.decode())
    return page, response.content.decode()


def every_card(client, url):
    """The cards of every page of `url`, following the pages' "next" links."""
    cards, pages = [], 0
    while url:
        page, _ = page_of(client, url)
        cards += page.cards
        url, pages = page.next, pages + 1
    return cards, pages


@pytest.fixture
def many_long_tours():
    """More long (over 150 km) tours than a page holds, among the demo's tours."""
    site = TourismSite.objects.published().order_by("pk")
    made = [make_tour(f"Tuyến dài {i:02d}", list(site[:2]), km=300 + i) for i in range(PAGE_SIZE + 3)]
    expected = list(Tour.objects.published().filter(distance_m__gt=150_000).order_by("name", "pk")
                    .values_list("pk", flat=True))
    assert {t.pk for t in made} <= set(expected) and len(expected) > PAGE_SIZE
    return expected


def test_page_two_holds_the_rest_and_the_links_keep_the_filters(client, many_long_tours):
    first, html = page_of(client, "/tours/?length=150-")
    assert first.cards == many_long_tours[:PAGE_SIZE]
    assert f'data-testid="tour-count" data-count="{len(many_long_tours)}"' in html  # the summary counts every page
    assert "Trang 1/2" in html and first.next == "/tours/?length=150-&page=2"
    assert all(parse_qs(urlsplit(link).query).get("length") == ["150-"] for link in first.links)
    second, html = page_of(client, first.next)
    assert second.cards == many_long_tours[PAGE_SIZE:]
    assert 'selected data-count' in html and 'value="150-" selected' in html  # the filter stays chosen
    assert "/tours/?length=150-" in second.links  # back to page 1, the filter kept, no page=1
    assert second.next is None


@pytest.mark.parametrize("page,status,words", [
    ("3", 404, ("Không có trang 3", "There is no page 3")),
    ("abc", 400, ("Số trang phải là số nguyên", "The page must be a whole number")),
    ("0", 400, ("Số trang phải là số nguyên", "The page must be a whole number")),
    ("-1", 400, ("Số trang phải là số nguyên", "The page must be a whole number")),
])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_bad_page_is_refused_in_words(client, many_long_tours, page, status, words, language):
    _, html = page_of(client, f"/tours/?length=150-&page={page}", status=status, language=language)
    assert 'data-field="page"' in html
    assert words[0 if language == "vi" else 1] in html


@pytest.fixture
def mixed_tours():
    """Tours differing in days, length, producers and craft villages, so that every count has something to say."""
    sites = list(TourismSite.objects.published().exclude(kind=TourismSite.Kind.CRAFT_VILLAGE).order_by("pk"))
    areas = [v.area for v in CraftVillage.objects.published()]
    plain = [s for s in sites if not any(a.covers(s.location.transform(4326, clone=True)) for a in areas)]
    village = TourismSite.objects.published().filter(kind=TourismSite.Kind.CRAFT_VILLAGE).first()
    producer = Producer.objects.published().order_by("pk").first()
    assert village and producer and len(plain) >= 3
    make_tour("Một ngày ngắn", plain[:2], km=20)
    make_tour("Một ngày có chủ thể", [plain[0], producer], km=60)
    make_tour("Hai ngày qua làng nghề", [plain[1], village, plain[2]], km=120, days=[1, 2, 2])
    make_tour("Ba ngày dài", [plain[0], producer, village, plain[2]], km=200, days=[1, 2, 3, 3])
    make_tour("Hai ngày có chủ thể", [producer, plain[2]], km=30, days=[1, 2])


BASES = ["", "producers=1", "days=2", "length=25-75", "craft_villages=1&days=1"]


def query(base, name, value):
    parts = dict(part.split("=") for part in base.split("&") if part)
    parts[name] = value
    return "/tours/?" + "&".join(f"{k}={v}" for k, v in parts.items())


@pytest.mark.parametrize("base", BASES)
def test_each_option_counts_the_cards_that_choosing_it_lists(client, mixed_tours, base):
    page, _ = page_of(client, f"/tours/?{base}")
    checked = 0
    for name in ("days", "length", "commune"):
        for value, shown in page.counts[name].items():
            cards, _pages = every_card(client, query(base, name, value))
            assert shown == str(len(cards)), (base, name, value)
            checked += bool(cards)
    for flag in ("producers", "craft_villages"):
        cards, _pages = every_card(client, query(base, flag, "1"))
        assert page.flags.get(flag) == str(len(cards)), (base, flag)
    assert checked >= 3  # the counts say something: options with tours, not zeros alone


def test_counts_use_the_languages_digit_grouping(client, monkeypatch):
    """Beyond a thousand, a count is written 1.234 on Vietnamese pages and 1,234 on English ones."""
    from gis_app.tours import catalogue

    real = catalogue.facet_counts

    def many(filters, communes, *themes):
        counts = real(filters, communes, *themes)
        counts["producers"] = 1234
        return counts

    monkeypatch.setattr(catalogue, "facet_counts", many)
    assert page_of(client, "/tours/")[0].flags["producers"] == "1.234"
    assert page_of(client, "/tours/", language="en")[0].flags["producers"] == "1,234"


def test_the_counts_take_a_fixed_number_of_queries(client, mixed_tours, django_assert_max_num_queries):
    """SQL counts (one query a filter), not a loop over the tours: more tours, no more queries."""
    with django_assert_max_num_queries(40) as few:
        page_of(client, "/tours/?producers=1")
    site = list(TourismSite.objects.published().order_by("pk")[:2])
    for i in range(10):
        make_tour(f"Thêm {i}", site, km=10 + i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page_of(client, "/tours/?producers=1")
