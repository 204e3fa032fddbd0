"""End to end in Chromium: a proposal submitted and returned, each hand-off told by email and in
the app; the mail is caught by a real SMTP server inside the test."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from program_planner.extensions import db
from tests.factories import make_ready_program
from tests.notifications.conftest import links_in, sending_to_smtp

pytestmark = pytest.mark.e2e
TITLE = "Tablet basics for seniors"
COMMENT = "Please say how you will reach seniors at home."


@pytest.fixture
def smtp(clean_app, monkeypatch):
    with sending_to_smtp(clean_app, monkeypatch) as inbox:
        yield inbox


def sign_in(page, site, user):
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/")


def no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_submission_and_its_return_are_told_by_email_and_in_the_app(
    browser, site, clean_app, branch, make_user, smtp
):
    programmer = make_user("programmer", full_name="Priya Natarajan")
    coordinator = make_user("coordinator", full_name="Chantal Côté")
    with clean_app.app_context():
        pid = make_ready_program(programmer.id, branch, title=TITLE).id
        db.session.commit()

    p_ctx = browser.new_context()
    page = p_ctx.new_page()
    sign_in(page, site, programmer)
    page.goto(f"{site}/programs/{pid}")
    page.locator("#transition-comment").fill("Ready for your review.")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("#program-status")).to_have_text("Submitted")

    # the coordinator's mail arrived, with a link that opens the proposal
    [message] = smtp.messages
    assert smtp.envelopes[0][1] == [f"{coordinator.username}@library.example"]
    assert message["Subject"] == f"“{TITLE}” was submitted for approval"
    text = smtp.parts(message)["text"]
    assert "Priya Natarajan submitted it" in text and "Comment: Ready for your review." in text
    [path] = links_in(text)

    c_ctx = browser.new_context()
    review = c_ctx.new_page()
    sign_in(review, site, coordinator)
    expect(review.locator("#unread-count")).to_have_text("1")
    review.locator("#notices-link").click()
    expect(review.get_by_role("heading", level=1)).to_have_text("My notices")
    expect(review.locator("#notices")).to_contain_text(f"“{TITLE}” was submitted for approval")
    no_axe_violations(review)
    review.get_by_role("button", name=re.compile("^Review the proposal")).click()
    review.wait_for_url(f"{site}{path}")
    expect(review.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(review.locator("#unread-count")).to_have_count(0)  # opening it marked it read
    review.locator("#transition-comment").fill(COMMENT)
    review.get_by_role("button", name="Return with comments").click()
    expect(review.locator("#program-status")).to_have_text("Returned for changes")

    # the programmer is told: by email, and in the app with the comment
    assert len(smtp.messages) == 2
    returned = smtp.messages[1]
    assert smtp.envelopes[1][1] == [f"{programmer.username}@library.example"]
    assert returned["Subject"] == f"“{TITLE}” was returned with comments"
    assert f"Comment: {COMMENT}" in smtp.parts(returned)["text"]
    assert links_in(smtp.parts(returned)["text"]) == [f"/programs/{pid}"]

    page.goto(f"{site}/")
    expect(page.locator("#unread-count")).to_have_text("1")
    page.locator("#notices-link").click()
    notice = page.locator("#notices li").first
    expect(notice).to_contain_text("Chantal Côté returned it for changes.")
    expect(notice).to_contain_text(COMMENT)
    page.get_by_role("button", name=re.compile("^Open the program")).click()
    page.wait_for_url(f"{site}/programs/{pid}")
    expect(page.locator("#return-comment")).to_contain_text("reach seniors at home")

    # and chooses a daily digest in French from now on
    page.locator("a", has_text="Preferences").click()
    no_axe_violations(page)
    page.get_by_label("Once a day, one email with the previous day's unread notices").check()
    page.get_by_label("Language of my email").select_option("fr")
    page.get_by_role("button", name="Save my preferences").click()
    expect(page.locator(".alert-success")).to_contain_text("Your preferences are saved.")
    expect(page.get_by_label("Language of my email")).to_have_value("fr")
    p_ctx.close()
    c_ctx.close()
