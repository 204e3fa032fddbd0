"""End to end in Chromium: the one-box review, the return reason above resubmit, bulk approve."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from program_planner.extensions import db
from program_planner.programs.models import Status
from tests.e2e.test_frontline_worklist import shoot
from tests.e2e.test_rapid_entry import assert_no_axe_violations, sign_in
from tests.factories import make_ready_program

pytestmark = pytest.mark.e2e


def assert_no_axe_violations_in(page, selector):
    """axe-core on one part of the page (the program page's tables at 320 px are another task)."""
    results = Axe().run(page, context=selector)
    assert results.violations_count == 0, results.generate_report()


def test_review_box_return_resubmit_and_bulk_approve(browser, site, clean_app, make_user, branch):
    owner = make_user("programmer")
    coordinator = make_user("coordinator")
    with clean_app.app_context():
        pid = make_ready_program(owner.id, branch, status=Status.SUBMITTED).id
        other = make_ready_program(owner.id, branch, status=Status.SUBMITTED, title="Job club").id
        draft = make_ready_program(owner.id, branch, title="A draft").id
        db.session.commit()

    review = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(review, site, coordinator)
    review.goto(f"{site}/programs/{pid}")
    box = review.locator("#transition-comment")
    expect(review.locator("textarea")).to_have_count(2)  # the review box and lessons learned
    # a return without a comment is refused; what is typed next stays in the one box
    review.get_by_role("button", name="Return with comments").click()
    expect(review.get_by_text("Please add a comment explaining why.")).to_be_visible()
    box.fill("Say how seniors at home will hear of it.")
    assert_no_axe_violations(review)
    shoot(review, "review-box-1280")
    review.set_viewport_size({"width": 320, "height": 800})
    assert_no_axe_violations_in(review, "#actions")
    shoot(review, "review-box-320")
    review.set_viewport_size({"width": 1280, "height": 900})
    review.get_by_role("button", name="Return with comments").click()
    expect(review.locator("#program-status")).to_have_text("Returned for changes")

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, site, owner)
    page.goto(f"{site}/programs/{pid}")
    reason = page.locator("#actions #return-comment")
    expect(reason).to_contain_text("Say how seniors at home will hear of it.")
    resubmit = page.get_by_role("button", name="Submit for approval")
    assert reason.bounding_box()["y"] < resubmit.bounding_box()["y"]
    shoot(page, "returned-programmer-1280")
    page.locator("#transition-comment").fill("Added phone calls to seniors at home.")
    resubmit.click()
    expect(page.locator("#program-status")).to_have_text("Submitted")

    review.goto(f"{site}/")
    expect(review.locator(".resubmitted")).to_have_count(1)
    review.goto(f"{site}/programs")
    for program_id in (pid, other, draft):
        review.locator(f"#select-{program_id}").check()
    assert_no_axe_violations(review)
    shoot(review, "program-list-bulk-1280")
    review.set_viewport_size({"width": 320, "height": 800})
    assert_no_axe_violations(review)
    shoot(review, "program-list-bulk-320")
    review.set_viewport_size({"width": 1280, "height": 900})
    review.get_by_role("button", name="Approve selected").click()
    expect(review.locator("#bulk-approved li")).to_have_count(2)
    expect(review.locator("#bulk-refused")).to_contain_text("A draft")
    expect(review.locator("#bulk-refused")).to_contain_text("cannot be")
    assert_no_axe_violations(review)
    shoot(review, "bulk-result-1280")
    review.goto(f"{site}/export")
    expect(review.locator("#stage")).to_have_value("published")
    expect(review.locator("#export-count")).to_contain_text("2 programs match")
    shoot(review, "export-default-1280")
