"""The demo loader shifts its dates to the load day but never across a legal boundary, nor into the future:
a decision stays under the rule set, the authority and the map it was written for."""
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gis_app.registry.demo_dates import legal_boundaries, same_side, shift_keeping_side

D = datetime.date
# 148/2023 from 24/02/2023; the ministry's new name from 01/03/2025; no districts from 01/07/2025; 26/2026 from
# 22/05/2026 (../shared/DESIGN.md §7).
BOUNDARIES = [D(2023, 2, 24), D(2025, 3, 1), D(2025, 7, 1), D(2026, 5, 22)]
TODAY = D(2026, 12, 7)


@pytest.fixture(scope="module")
def boundaries(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return legal_boundaries()


def test_every_boundary_the_law_sets_is_among_the_loaders(boundaries):
    assert [day for day in BOUNDARIES if day not in boundaries] == []


@pytest.mark.parametrize(("written", "days", "loaded"), [
    (D(2023, 2, 20), 8, D(2023, 2, 20)),    # else under 148/2023
    (D(2023, 2, 24), -1, D(2023, 2, 24)),   # else under 1048/2019
    (D(2025, 2, 25), 8, D(2025, 2, 25)),    # else signed by a ministry of another name
    (D(2025, 3, 1), -1, D(2025, 3, 1)),
    (D(2025, 6, 25), 8, D(2025, 6, 25)),    # else after the districts ceased
    (D(2025, 7, 1), -1, D(2025, 7, 1)),
    (D(2026, 5, 14), 8, D(2026, 5, 14)),    # else under 26/2026
    (D(2026, 5, 22), -1, D(2026, 5, 22)),
    (D(2026, 4, 1), 8, D(2026, 4, 9)),      # no boundary in between: shifted
    (D(2023, 12, 27), 9, D(2023, 12, 27)),  # else in 2024: decisions are numbered per issuer per year
    (D(2026, 11, 29), 30, TODAY),           # shifted past the load day: the load day
    (D(2026, 6, 1), 300, TODAY),            # no boundary after 22/05/2026, but not past the load day
    (None, 8, None),
])
def test_a_shift_keeps_the_date_on_its_side(boundaries, written, days, loaded):
    assert shift_keeping_side(written, datetime.timedelta(days=days), boundaries, latest=TODAY) == loaded


@settings(max_examples=300, deadline=None)
@given(written=st.dates(min_value=D(2019, 8, 21), max_value=TODAY),
       days=st.integers(min_value=-800, max_value=800))
def test_no_shift_crosses_a_boundary_or_passes_the_load_day(written, days):
    loaded = shift_keeping_side(written, datetime.timedelta(days=days), BOUNDARIES, latest=TODAY)
    assert same_side(written, loaded, BOUNDARIES)
    assert loaded <= TODAY
