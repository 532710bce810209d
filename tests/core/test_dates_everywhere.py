"""Dates as people type and read them, dd/mm/yyyy (or ISO) in Vietnamese and English, on every path (#22).

Before, Django's global %m/%d/%Y applied in both languages: 01/12/2026 (1 December) was saved as 12 January and
25/12/2026 was refused."""
import datetime

import pytest
from django import forms
from django.core.management import CommandError
from django.utils import timezone, translation
from django.utils.formats import date_format
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gis_app.core.dates import parse_date
from gis_app.core.importing import as_date
from gis_app.imports.values import as_date as cell_date

DATES = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31))
LANGUAGES = ["vi", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_issue_s_dates_in_both_languages(language):
    with translation.override(language):
        assert forms.DateField().clean("01/12/2026") == datetime.date(2026, 12, 1)
        assert forms.DateField().clean("25/12/2026") == datetime.date(2026, 12, 25)
        assert forms.DateField().clean("2026-12-01") == datetime.date(2026, 12, 1)
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean("12/31/2026")  # month first is never read
        assert date_format(datetime.date(2026, 12, 1), "SHORT_DATE_FORMAT") == "01/12/2026"
        assert date_format(datetime.date(2026, 12, 1)) == "01/12/2026"


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=DATES)
def test_a_date_shown_typed_and_read_back_is_the_same_day(language, day):
    """What a form shows (its widget's text), what a page shows, and the ISO form all read back as the same day,
    through forms (admin, public forms), importers and management commands alike."""
    with translation.override(language):
        field = forms.DateField()
        shown = field.widget.format_value(day)
        assert shown == day.strftime("%d/%m/%Y")
        assert field.clean(shown) == day
        assert field.clean(date_format(day, "SHORT_DATE_FORMAT")) == day
        assert field.clean(day.isoformat()) == day
        for read in (parse_date, as_date, cell_date):
            assert read(shown) == day
            assert read(day.isoformat()) == day


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moment=st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2090, 1, 1))
       .map(lambda m: m.replace(second=0, microsecond=0)))
def test_a_datetime_typed_day_first_is_that_wall_time_in_vietnam(language, moment):
    with translation.override(language):
        text = moment.strftime("%d/%m/%Y %H:%M")
        value = forms.DateTimeField().clean(text)
        assert timezone.localtime(value).replace(tzinfo=None) == moment
        assert str(timezone.localtime(value).tzinfo) == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize("language, message", [("vi", "không phải là ngày"), ("en", "is not a date")])
def test_an_unreadable_date_in_a_file_names_the_value_in_the_request_language(language, message):
    with translation.override(language), pytest.raises(ValueError) as error:
        cell_date("31/02/2026")
    assert message in str(error.value) and "31/02/2026" in str(error.value)


@pytest.mark.django_db
@pytest.mark.parametrize("language, message", [("vi", "không phải là ngày"), ("en", "is not a date")])
def test_the_api_speaks_iso_and_refuses_day_first_naming_the_parameter(client, language, message):
    ok = client.get("/api/v1/aggregates/units/?stars_on=2026-12-01", HTTP_ACCEPT_LANGUAGE=language)
    assert ok.status_code == 200
    response = client.get("/api/v1/aggregates/units/?stars_on=01/12/2026", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "stars_on"
    assert message in response.json()["error"]["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_takes_a_day_first_date_and_shows_it_back_day_first(admin_client, language):
    """An event typed in the admin as 01/12/2026–02/12/2026 is 1–2 December, and its change form shows it so."""
    from gis_app.events.models import Event

    page = admin_client.get("/admin/events/event/add/", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"starts_on": "01/12/2026", "ends_on": "02/12/2026"})
    bound = form.__class__(data=data)
    bound.is_valid()
    assert "starts_on" not in bound.errors and "ends_on" not in bound.errors
    assert bound.cleaned_data["starts_on"] == datetime.date(2026, 12, 1)
    assert bound.cleaned_data["ends_on"] == datetime.date(2026, 12, 2)
    event = Event(starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2026, 12, 2))
    assert form.__class__(instance=event)["starts_on"].value() == datetime.date(2026, 12, 1)
    assert 'value="01/12/2026"' in str(form.__class__(instance=event)["starts_on"])


@pytest.mark.parametrize("command, args, option", [
    ("gis_app.places.management.commands.import_units", ["file.shp", "--valid-from"], "valid_from"),
    ("gis_app.web.management.commands.load_demo", ["--today"], "today")])
def test_management_commands_read_dates_by_the_same_rule(command, args, option):
    import importlib

    parser = importlib.import_module(command).Command().create_parser("manage.py", command.rsplit(".", 1)[-1])
    assert getattr(parser.parse_args(args + ["01/12/2026"]), option) == datetime.date(2026, 12, 1)
    assert getattr(parser.parse_args(args + ["2026-12-01"]), option) == datetime.date(2026, 12, 1)
    with pytest.raises((CommandError, SystemExit)):  # argparse's error (CommandError under call_command): month first refused
        parser.parse_args(args + ["12/31/2026"])
