"""End to end in Chromium: a programmer adds a weekly series; the clashes are listed first."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from tests.conftest import query
from tests.e2e.test_frontline_worklist import shoot
from tests.e2e.test_rapid_entry import assert_no_axe_violations, sign_in
from tests.occurrences.factories import add_occurrence
from tests.occurrences.helpers import setup_programs

pytestmark = pytest.mark.e2e


def test_a_weekly_series_with_a_clash_is_listed_then_added(
    page, site, clean_app, make_user, branch
):
    owner = make_user("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    with clean_app.app_context():
        add_occurrence(ids["other"], datetime(2027, 3, 17, 22, 0, tzinfo=UTC), venue_id=ids["room"])
        db.session.commit()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site, owner)
    page.goto(f"{site}/programs/{ids['program']}")
    page.get_by_role("link", name="Add repeating sessions").click()
    page.get_by_label("First session starts").fill("2027-03-03T18:30")
    page.get_by_label("First session ends").fill("2027-03-03T20:00")
    page.get_by_label("Every week").check()
    page.get_by_label("Number of sessions").fill("6")
    page.get_by_label("Venue").select_option(label="Riverside Room")
    page.get_by_label("Notes").fill("Bring a laptop")
    page.get_by_role("button", name="Add the sessions").click()
    clashes = page.locator("#series-clashes li")
    expect(clashes).to_have_count(1)
    expect(clashes.first).to_contain_text("Riverside Room is booked")
    expect(clashes.first).to_contain_text("Job search workshop")
    expect(page.get_by_label("Notes")).to_have_value("Bring a laptop")
    expect(page.get_by_label("Number of sessions")).to_have_value("6")
    assert (
        query(clean_app, sa.select(Occurrence.id).where(Occurrence.program_id == ids["program"]))
        == []
    )
    assert_no_axe_violations(page)
    shoot(page, "series-clash-1280")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_axe_violations(page)
    shoot(page, "series-clash-320")
    assert page.evaluate("document.querySelector('form').scrollWidth") <= 320

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Venue").select_option(label="Eastview Centre")
    page.get_by_role("button", name="Add the sessions").click()
    expect(page.get_by_text("6 sessions added.")).to_be_visible()
    expect(page.locator("#sessions tbody tr")).to_have_count(6)
    shoot(page, "series-added-1280")
