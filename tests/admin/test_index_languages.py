"""The admin speaks the page's language (#26 item 7: the index showed "IMPORTS", "TOURS", "Show counts"): every
app and every model the index lists is named in Vietnamese on a Vietnamese page and in English on an English one,
and the change list's "Show counts" follows the language too."""
import html

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.text import capfirst

pytestmark = pytest.mark.django_db


def index(client, admin_user, language):
    client.force_login(admin_user)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response, html.unescape(response.content.decode())


def names(app, language):
    """(app name, [model names]) of an index entry, as the app and models declare them in `language`."""
    config = apps.get_app_config(app["app_label"])
    with translation.override(language):
        return str(config.verbose_name), [capfirst(str(m["model"]._meta.verbose_name_plural)) for m in app["models"]]


def test_every_app_and_model_of_the_admin_index_is_named_in_vietnamese(client, admin_user):
    response, page = index(client, admin_user, "vi")
    app_list = response.context["app_list"]
    assert len(app_list) >= 10
    untranslated = []
    for app in app_list:
        (vi_app, vi_models), (en_app, en_models) = names(app, "vi"), names(app, "en")
        assert app["name"] == vi_app and vi_app in page
        if vi_app == en_app:
            untranslated.append(en_app)
        for vietnamese, english in zip(vi_models, en_models):
            assert vietnamese in page
            if vietnamese == english:
                untranslated.append(f"{en_app}: {english}")
    assert untranslated == []
    for english in ("Imports", "Data imports", "Tours", "Tour routes", "Authentication and Authorization"):
        assert f">{english}<" not in page


def test_the_english_admin_index_names_them_in_english(client, admin_user):
    response, page = index(client, admin_user, "en")
    for app in response.context["app_list"]:
        en_app, en_models = names(app, "en")
        assert app["name"] == en_app and en_app in page
        assert all(name in page for name in en_models)
    assert "Nhập dữ liệu" not in page


@pytest.mark.parametrize("language, show, hide, other", [
    ("vi", "Hiện số lượng", "Ẩn số lượng", "Show counts"),
    ("en", "Show counts", "Hide counts", "Hiện số lượng"),
])
def test_show_counts_follows_the_language_on_every_change_list(client, admin_user, language, show, hide, other):
    client.force_login(admin_user)
    for url in ("/admin/registry/producer/", "/admin/events/event/", "/admin/tours/tour/",
                "/admin/imports/importrun/"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert show in page and other not in page, url
        page = client.get(url, {"_facets": "True"}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert hide in page, url
