"""The whole library's month in a browser: a count per day, a day's sessions, axe-clean."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from program_planner.extensions import db
from program_planner.programs.models import Status
from tests.e2e.test_roles_in_browser import sign_in
from tests.occurrences.test_calendar import add_program_session, local


def no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [1280, 320])
def test_whole_library_month_leads_to_a_days_sessions(
    page, site, clean_app, branch, make_user, width
):
    with clean_app.app_context():
        from program_planner.admin.service import save_branch

        east = save_branch(None, None, name="Eastside", code="EAS", address="2 E", active=True).id
        db.session.commit()
    add_program_session(clean_app, branch, "Central talk", Status.APPROVED, local(2027, 2, 9, 14))
    add_program_session(clean_app, east, "Eastside talk", Status.SCHEDULED, local(2027, 2, 9, 18))
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, site, make_user("coordinator"))
    page.goto(f"{site}/calendar?month=2027-02&branch=all")
    no_axe_violations(page)
    page.get_by_role("button", name="Français").click()
    expect(page.locator("#summary-note")).to_contain_text("Toutes les succursales")
    no_axe_violations(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("#summary-note")).to_contain_text("All branches")
    page.locator("a.cal-count:visible").first.click()
    heading = page.locator("#day-title")
    expect(heading).to_have_text("Sessions on Tuesday, February 9, 2027")
    expect(page.locator("#day-sessions")).to_contain_text("Central talk")
    expect(page.locator("#day-sessions")).to_contain_text("Eastside talk")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    no_axe_violations(page)
