"""End to end in Chromium: a proposal is written, returned, fixed, approved and published."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from icalendar import Calendar
from playwright.sync_api import expect

from program_planner.extensions import db
from program_planner.planning.models import TargetGroup
from program_planner.venues.models import Venue, VenueKind

pytestmark = pytest.mark.e2e
TITLE = "Tablet basics for seniors"


def sign_in(page, site, user):
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/")


def no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def add_row(page, kind):
    """Open the add form of a part of the plan from the program page."""
    page.locator(f"a[href$='/{kind}/new']").first.click()


def test_proposal_return_resubmit_approve_calendar_and_ical(
    browser, site, clean_app, branch, make_user
):
    with clean_app.app_context():
        db.session.add(
            TargetGroup(
                name="Seniors",
                population_estimate=48500,
                population_source="Census 2021",
                population_year=2021,
            )
        )
        db.session.add(
            Venue(name="Program Room A", kind=VenueKind.BRANCH_ROOM, branch_id=branch, capacity=40)
        )
        db.session.commit()
    programmer = make_user("programmer", full_name="Priya Natarajan")
    coordinator = make_user("coordinator", full_name="Chantal Côté")

    p_ctx = browser.new_context()
    page = p_ctx.new_page()
    sign_in(page, site, programmer)
    page.get_by_role("link", name="Programs", exact=True).click()
    page.get_by_role("link", name="Propose a program").click()
    page.locator("#title").fill(TITLE)  # not "Title in French"
    page.locator("#description").fill("Hands-on tablet practice, four weeks.")
    page.get_by_label("Program type").select_option("digital_literacy")
    page.get_by_label("Delivery mode").select_option("in_branch")
    page.get_by_label("Community need").fill("Seniors cut off from online services.")
    page.get_by_label("Evidence of the need").fill("120 desk requests in 2025.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    program_url = page.url

    add_row(page, "program_target_groups")
    page.get_by_label("Target group").select_option(label="Seniors")
    page.get_by_label("Expected reach").fill("24")
    page.get_by_label("Accommodations planned").fill("Large-print handouts")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#target_groups")).to_contain_text("Seniors")

    add_row(page, "objectives")
    page.get_by_label("Objective").fill("Participants feel confident using a tablet.")
    page.get_by_label("Outcome type").select_option("confidence")
    page.get_by_label("Measured as").select_option("percent_agree")
    page.locator("#target_value").fill("")
    page.get_by_role("button", name="Save").click()  # no target: refused, text kept
    expect(page.get_by_text("Every objective needs a target")).to_be_visible()
    expect(page.get_by_label("Objective")).to_have_value(
        "Participants feel confident using a tablet."
    )
    page.locator("#target_value").fill("80")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#objectives")).to_contain_text("confident using a tablet")

    add_row(page, "budget")
    page.get_by_label("Category").select_option("materials")
    page.get_by_label("Funding source").select_option("operating")
    page.get_by_label("Description").fill("Large-print handouts")
    page.get_by_label("Planned amount").fill("-5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter an amount between 0 and 10,000,000.")).to_be_visible()
    page.get_by_label("Planned amount").fill("$120.50")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#budget")).to_contain_text("120.50")

    add_row(page, "occurrences")
    page.get_by_label("Starts").fill("2027-02-10T10:30")
    page.get_by_label("Ends").fill("2027-02-10T12:00")
    page.get_by_label("Venue").select_option(label="Program Room A")
    page.get_by_label("Expected attendance").fill("12")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#sessions")).to_contain_text("Program Room A")
    no_axe_violations(page)

    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("#program-status")).to_have_text("Submitted")

    c_ctx = browser.new_context()
    review = c_ctx.new_page()
    sign_in(review, site, coordinator)
    review.get_by_role("link", name=TITLE).click()
    review.locator("#transition-comment").fill("Please say how you will reach seniors at home.")
    review.get_by_role("button", name="Return with comments").click()
    expect(review.locator("#program-status")).to_have_text("Returned for changes")

    page.goto(program_url)
    expect(page.locator("#return-comment")).to_contain_text("reach seniors at home")
    page.get_by_role("link", name="Edit basics").click()
    page.locator("#description").fill(
        "Hands-on tablet practice, four weeks. Flyers at the seniors' centre and by phone."
    )
    page.get_by_role("button", name="Save").click()
    page.locator("#transition-comment").fill("Added outreach to seniors at home.")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("#program-status")).to_have_text("Submitted")

    review.goto(program_url)
    review.get_by_role("button", name="Approve").click()
    expect(review.locator("#program-status")).to_have_text("Approved")
    expect(review.locator("#history")).to_contain_text("Please say how you will reach seniors")
    no_axe_violations(review)

    review.goto(f"{site}/calendar?month=2027-02")
    expect(review.get_by_role("link", name=TITLE)).to_be_visible()
    no_axe_violations(review)

    feed = review.request.get(f"{site}/calendar.ics")
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    events = [e for e in Calendar.from_ical(feed.body()).walk("VEVENT")]
    assert [str(e["SUMMARY"]) for e in events] == [TITLE]
    assert "Program Room A" in str(events[0]["LOCATION"])
    p_ctx.close()
    c_ctx.close()
