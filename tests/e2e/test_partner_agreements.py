"""End to end in Chromium: a coordinator records an agreement with a partner, mistypes its dates,
corrects them, and sees it among agreements ending soon; axe-core on every page it meets."""

import os
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from program_planner.extensions import db
from tests.e2e.test_community_journey import no_axe_violations, sign_in
from tests.people.factories import make_organisation

pytestmark = [pytest.mark.e2e, pytest.mark.sqlite_only]
SHOTS = os.environ.get("PARTNERS_SHOTS")  # a folder to keep screenshots in, when set


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_coordinator_records_an_agreement(browser, site, clean_app, make_user):
    with clean_app.app_context():
        org_id = make_organisation("Eastview Seniors' Centre").id
        db.session.commit()
    coordinator = make_user("coordinator", full_name="Chantal Côté")
    page = browser.new_context().new_page()
    sign_in(page, site, coordinator)
    page.goto(f"{site}/community/partners/{org_id}")
    no_axe_violations(page)
    page.get_by_role("link", name="Record an agreement").click()
    no_axe_violations(page)
    page.get_by_label("Kind of agreement").select_option("space_use")
    page.get_by_label("Title").fill("Tech help drop-ins in the lounge")
    starts = date.today() - timedelta(days=300)
    ends = date.today() + timedelta(days=30)
    page.get_by_label("Start date").fill(ends.isoformat())
    page.get_by_label("End date").fill(starts.isoformat())
    page.get_by_label("Note").fill("Renew with Ruth before it ends.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The end date is before the start date.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Tech help drop-ins in the lounge")
    expect(page.get_by_label("Note")).to_have_value("Renew with Ruth before it ends.")
    no_axe_violations(page)
    shot(page, "agreement-form-error")
    page.get_by_label("Start date").fill(starts.isoformat())
    page.get_by_label("End date").fill(ends.isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#partner-agreements")).to_contain_text("Expiring soon")
    no_axe_violations(page)
    shot(page, "partner-page")
    page.get_by_role("link", name="Partners").first.click()
    expect(page.locator("#expiring-agreements")).to_contain_text("Tech help drop-ins")
    no_axe_violations(page)
    shot(page, "partners-list")
    page.get_by_role("button", name="Français").click()
    page.goto(f"{site}/community/partners/{org_id}")
    expect(page.locator("#partner-agreements")).to_contain_text("Échéance proche")
    no_axe_violations(page)
    page.get_by_role("link", name="Consigner une entente").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Donnez un titre à l'entente.")).to_be_visible()
    no_axe_violations(page)
    shot(page, "agreement-form-fr")
