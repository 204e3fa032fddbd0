"""End to end in Chromium: frontline staff report sessions from their home page, keyboard only."""

import os

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from program_planner.evaluation.models import OccurrenceReport
from tests.conftest import query
from tests.e2e.test_rapid_entry import assert_no_axe_violations, sign_in
from tests.evaluation.test_frontline_worklist import setup_worklist

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PP_SCREENSHOTS")  # a folder to keep screenshots in, when set


def shoot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def tabs_to(page, href_part: str, limit=40) -> int:
    """Press Tab until the focused element's href contains href_part; return how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if href_part in href:
            return presses
    raise AssertionError(f"{href_part} not reached in {limit} Tab presses")


def into_main(page):
    """The skip link, then Enter: focus is on the main content (2 key presses)."""
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")


def test_frontline_reports_sessions_from_home_with_the_keyboard(
    page, site, clean_app, make_user, branch
):
    ids = setup_worklist(clean_app, make_user("programmer").id, branch)
    clerk = make_user("frontline")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site, clerk)
    expect(page.locator("#worklist li")).to_have_count(3)
    assert_no_axe_violations(page)
    shoot(page, "home-frontline-1280")

    # the newest session's headcount form: skip link, Enter, one Tab, Enter
    into_main(page)
    assert tabs_to(page, f"/occurrences/{ids['no_headcount_new']}/report") == 1
    page.keyboard.press("Enter")
    headcount = page.get_by_label("Headcount")
    expect(headcount).to_be_focused()
    assert_no_axe_violations(page)
    shoot(page, "headcount-1280")
    page.keyboard.type("14")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("0")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/")
    expect(page.get_by_text("Session report saved.")).to_be_visible()
    expect(page.locator("#worklist li")).to_have_count(2)
    assert query(
        clean_app,
        sa.select(OccurrenceReport.headcount, OccurrenceReport.first_time_count).where(
            OccurrenceReport.occurrence_id == ids["no_headcount_new"]
        ),
    ) == [(14, 2)]

    # every link of the list is one Tab after the one before it
    into_main(page)
    assert tabs_to(page, f"/occurrences/{ids['forms_to_key']}/report") == 1
    assert tabs_to(page, f"/occurrences/{ids['forms_to_key']}/paper-entry") == 1
    assert tabs_to(page, f"/occurrences/{ids['no_headcount_old']}/report") == 1
    assert tabs_to(page, f"/occurrences/{ids['no_headcount_old']}/paper-entry") == 1
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Key in paper forms")).to_be_visible()
    expect(page.locator(f"#q{ids['question']}")).to_be_focused()

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{site}/")
    assert_no_axe_violations(page)
    shoot(page, "home-frontline-320")
    # the worklist itself never needs sideways scrolling (the navigation is another matter)
    assert (
        page.evaluate(
            "Math.max(...[...document.querySelectorAll('#worklist li')].map(e => e.scrollWidth))"
        )
        <= 320
    )


def test_a_session_that_has_not_started_is_refused_in_the_browser(
    page, site, clean_app, make_user, branch
):
    ids = setup_worklist(clean_app, make_user("programmer").id, branch)
    sign_in(page, site, make_user("frontline"))
    page.goto(f"{site}/occurrences/{ids['future']}/report")
    expect(page.locator("#not-started")).to_contain_text("has not started yet")
    assert_no_axe_violations(page)
    shoot(page, "headcount-not-started-1280")
