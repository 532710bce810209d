"""One visibility rule for private fields (issue #25 item 6), through every path that could show them.

A household's own phone and e-mail (`Access.private` on Producer) are read by those who may change the record
(`accounts.rules.reads_private`): the producer account its own, commune and district officers inside their
area, provincial officers and administrators all, tourism planners and visitors none. Before, the API gave them
to every staff account province-wide, drafts included.
"""
import pytest
from django.db.models import Q

from gis_app.registry.models import Producer

pytestmark = pytest.mark.django_db

HOME_PHONE, HOME_EMAIL = "0911000111", "nha.minh@example.vn"
AWAY_PHONE, AWAY_EMAIL = "0922000222", "nha.khac@example.vn"
# role → (reads home's, reads away's)
RULE = {
    "anonymous": (False, False),
    "tourism_planner": (False, False),
    "producer": (True, False),
    "commune_officer": (True, False),
    "district_officer": (True, False),
    "provincial_officer": (True, True),
    "administrator": (True, True),
}


@pytest.fixture
def contacts(places):
    home, away = places
    Producer.objects.filter(pk=home.pk).update(private_phone=HOME_PHONE, private_email=HOME_EMAIL)
    Producer.objects.filter(pk=away.pk).update(private_phone=AWAY_PHONE, private_email=AWAY_EMAIL)
    # no other producer shares these values
    assert not Producer.objects.filter(Q(private_phone__in=[HOME_PHONE, AWAY_PHONE])).exclude(
        pk__in=[home.pk, away.pk]).exists()
    return home, away


def login(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])


@pytest.mark.parametrize("role", list(RULE))
def test_the_api_list_and_detail_give_private_contacts_by_area(client, users, contacts, role):
    home, away = contacts
    login(client, users, role)
    reads_home, reads_away = RULE[role]
    listing = client.get("/api/v1/producers/", {"page_size": 1000})
    assert listing.status_code == 200
    rows = {f["id"]: f["properties"] for f in listing.json()["features"]}
    text = listing.content.decode()
    assert (HOME_PHONE in text) is reads_home and (HOME_EMAIL in text) is reads_home
    assert (AWAY_PHONE in text) is reads_away and (AWAY_EMAIL in text) is reads_away
    if home.pk in rows:
        assert rows[home.pk].get("private_phone") == (HOME_PHONE if reads_home else None)
    if role == "anonymous":
        assert all("private_phone" not in p and "private_email" not in p for p in rows.values())
    for producer, phone, reads in ((home, HOME_PHONE, reads_home), (away, AWAY_PHONE, reads_away)):
        detail = client.get(f"/api/v1/producers/{producer.pk}/")
        assert detail.status_code in (200, 404)
        assert (phone in detail.content.decode()) is reads, (role, producer.pk)


@pytest.mark.parametrize("role", [r for r in RULE if r != "anonymous"])
def test_the_admin_and_its_history_follow_the_same_rule(client, users, contacts, role):
    home, away = contacts
    login(client, users, role)
    reads_home, reads_away = RULE[role]
    for producer, phone, reads in ((home, HOME_PHONE, reads_home), (away, AWAY_PHONE, reads_away)):
        for url in (f"/admin/registry/producer/{producer.pk}/change/",
                    f"/admin/registry/producer/{producer.pk}/history/"):
            response = client.get(url)
            shown = response.status_code == 200 and phone in response.content.decode()
            if url.endswith("/history/"):
                continue  # history lists changes, not values; being let in at all is what matters
            assert shown is reads, (role, url, response.status_code)
        history = client.get(f"/admin/registry/producer/{producer.pk}/history/")
        assert (history.status_code == 200) is reads, (role, producer.pk, history.status_code)
    listing = client.get("/admin/registry/producer/", {"q": ""})
    text = listing.content.decode() if listing.status_code == 200 else ""
    assert AWAY_PHONE not in text or reads_away


@pytest.mark.parametrize("role", list(RULE))
@pytest.mark.parametrize("url", ["/export/producers.csv", "/export/producers.geojson", "/producers/{home}/",
                                 "/map/", "/ogc/collections/producers/items?limit=1000"])
def test_exports_pages_and_ogc_never_carry_private_contacts(client, users, contacts, role, url):
    home, _away = contacts
    login(client, users, role)
    response = client.get(url.format(home=home.pk))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert HOME_PHONE not in text and AWAY_PHONE not in text and HOME_EMAIL not in text
