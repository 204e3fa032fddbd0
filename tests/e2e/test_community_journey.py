"""End to end in Chromium: a neighbourhood meeting raises two needs, a program answers one."""

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from program_planner.extensions import db
from program_planner.planning.models import TargetGroup
from tests.factories import make_ready_program

pytestmark = pytest.mark.e2e
NEED_A = "Seniors want daytime help with phones and tablets"
NEED_B = "Job seekers ask for help with résumés"
WIDTHS = (1280, 320)


def sign_in(page, site, user):
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/")


def no_axe_violations(page):
    """Check the page at a desktop and a phone width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        results = Axe().run(page)
        assert results.violations_count == 0, f"{width}px: {results.generate_report()}"
    page.set_viewport_size({"width": 1280, "height": 900})


def add_need(page, statement, group):
    page.get_by_role("link", name="Add a need").click()
    no_axe_violations(page)
    page.locator("#statement").fill(statement)
    page.get_by_label(group, exact=True).check()
    page.get_by_label("Add evidence: kind").select_option("consultation")
    page.get_by_label("What it shows").fill("Raised at the Eastside meeting.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(statement)
    page.get_by_role("link", name="Needs register").first.click()


def test_meeting_needs_program_and_coordinator_view(browser, site, clean_app, branch, make_user):
    with clean_app.app_context():
        db.session.add_all([TargetGroup(name="Seniors"), TargetGroup(name="Job seekers")])
        db.session.commit()
    outreach = make_user("programmer", full_name="Olu Outreach")
    programmer = make_user("programmer", full_name="Priya Natarajan")
    coordinator = make_user("coordinator", full_name="Chantal Côté")
    with clean_app.app_context():
        program_id = make_ready_program(programmer.id, branch, title="Tablet help mornings").id
        db.session.commit()

    o_ctx = browser.new_context()
    page = o_ctx.new_page()
    sign_in(page, site, outreach)
    page.get_by_role("link", name="Community needs").click()
    add_need(page, NEED_A, "Seniors")
    add_need(page, NEED_B, "Job seekers")
    expect(page.locator("#needs")).to_contain_text(NEED_A)
    no_axe_violations(page)

    page.get_by_role("link", name="Consultations", exact=True).click()
    page.get_by_role("link", name="Log a consultation").click()
    page.get_by_label("Type").select_option("meeting")
    page.get_by_label("Title").fill("Eastside neighbourhood meeting")
    page.get_by_label("Date").fill((date.today() + timedelta(days=2)).isoformat())
    page.get_by_label("People reached").fill("-3")
    page.get_by_label("Seniors", exact=True).fill("14")
    page.get_by_label("Job seekers", exact=True).fill("9")
    page.get_by_label(NEED_A).check()
    page.get_by_label(NEED_B).check()
    page.get_by_label("What we heard").fill("Daytime phone help; résumé clinics.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("cannot be logged before it happens")).to_be_visible()
    expect(page.get_by_text("Enter a whole number from 1 to 100000.")).to_be_visible()
    expect(page.get_by_label("What we heard")).to_have_value("Daytime phone help; résumé clinics.")
    no_axe_violations(page)  # the form with its errors
    page.get_by_label("Date").fill((date.today() - timedelta(days=2)).isoformat())
    page.get_by_label("People reached").fill("30")
    page.get_by_label("Of whom library users").fill("18")
    page.get_by_label("Of whom not (yet) library users").fill("12")
    page.locator("#actions-0-action").fill("Send notes to the seniors' centre")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#people-total")).to_have_text("30")
    expect(page.locator("#reach")).to_contain_text("Seniors")
    expect(page.locator("#consultation-needs")).to_contain_text(NEED_B)
    no_axe_violations(page)
    o_ctx.close()

    p_ctx = browser.new_context()
    page = p_ctx.new_page()
    sign_in(page, site, programmer)
    page.goto(f"{site}/programs/{program_id}")
    page.locator("a[href$='/program_needs/new']").first.click()
    page.get_by_label("Need from the register").select_option(label=NEED_A)
    page.get_by_label("How the program answers it").fill("Small groups, mornings.")
    no_axe_violations(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#needs")).to_contain_text(NEED_A)
    no_axe_violations(page)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("#program-status")).to_have_text("Submitted")
    p_ctx.close()

    c_ctx = browser.new_context()
    page = c_ctx.new_page()
    sign_in(page, site, coordinator)
    page.get_by_role("link", name="Community needs").click()
    row = page.locator("#needs tr", has_text=NEED_A)
    expect(row.locator(".need-status")).to_have_text("Being addressed")
    expect(row).to_contain_text("Tablet help mornings")
    page.get_by_role("link", name="Needs with no response yet").click()
    expect(page.locator("#needs")).to_contain_text(NEED_B)
    expect(page.locator("#needs")).not_to_contain_text(NEED_A)
    no_axe_violations(page)
    page.goto(f"{site}/community/needs")
    page.get_by_role("link", name=NEED_A).click()
    expect(page.locator("#need-status")).to_contain_text("Being addressed")
    expect(page.locator("#need-history")).to_contain_text("Being addressed")
    no_axe_violations(page)
    page.goto(f"{site}/community/consultations")
    no_axe_violations(page)
    page.get_by_role("link", name="Engagement measures").click()
    expect(page.locator("[data-measure=people_consulted]")).to_contain_text("30")
    expect(page.locator("[data-measure=non_users]")).to_contain_text("12")
    no_axe_violations(page)
    page.goto(f"{site}/community/needs/1/edit")
    no_axe_violations(page)
    page.goto(f"{site}/community/partners")
    no_axe_violations(page)
    c_ctx.close()
