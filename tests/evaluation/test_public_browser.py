"""The public form in Chromium: a phone, the keyboard, axe-core, and printing to PDF."""

import re

import pytest
import sqlalchemy as sa

from program_planner.evaluation.models import Response
from program_planner.extensions import db
from tests.conftest import PASSWORD, query
from tests.e2e import conftest as e2e
from tests.evaluation.factories_public import add_question, make_public_form

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
# the browser fixtures of tests/e2e: Debian's chromium, a live server, CSRF on
browser_type_launch_args = e2e.browser_type_launch_args
live_server = e2e.live_server
site = e2e.site


@pytest.fixture
def form(clean_app, make_user, branch):
    owner = make_user("programmer")
    return make_public_form(clean_app, owner.id, branch)


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return results.violations_count, results.generate_report()


def test_attendee_answers_on_a_phone_with_the_keyboard(clean_app, site, page, form):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}/f/{form.token}")
    count, report = axe_violations(page)
    assert count == 0, report
    page.get_by_role("button", name="Send my answers").click()  # nothing answered yet
    assert page.locator("#error-summary").is_visible()
    count, report = axe_violations(page)
    assert count == 0, report
    page.locator("#error-summary a").first.click()
    page.keyboard.press("Space")  # the first option of the first question had the focus
    page.locator(f"#{form.names['rating']}-1").check()  # the rating: 4
    page.get_by_label("Any other comments?").fill("Lovely session")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/thanks**")
    assert "Thank you!" in page.content()
    count, report = axe_violations(page)
    assert count == 0, report
    assert len(query(clean_app, sa.select(Response.id))) == 1


def test_french_form_and_closed_page_pass_axe(clean_app, site, page, form):
    page.goto(f"{site}/f/{form.token}")
    page.get_by_role("link", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    count, report = axe_violations(page)
    assert count == 0, report
    page.goto(f"{site}/f/unknown-token")
    count, report = axe_violations(page)
    assert count == 0, report


def test_paper_form_prints_on_two_pages_at_most(clean_app, site, page, form, make_user):
    with clean_app.app_context():
        for n in range(5):  # about twelve questions, as the standard form has
            add_question(form.program_id, f"more-{n}", "agreement", f"Statement {n}", f"Énoncé {n}")
        db.session.commit()
    user = make_user("frontline")
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{site}/programs/{form.program_id}/paper-form")
    count, report = axe_violations(page)
    assert count == 0, report
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert 1 <= pages <= 2, (paper, pages)
