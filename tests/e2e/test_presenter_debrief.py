"""End to end in Chromium: a programmer sends a debrief link; the presenter answers through it."""

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from program_planner.evaluation.debriefs.service import hash_token
from program_planner.evaluation.models import Achievement, Debrief, DebriefLink, DebriefObjective
from program_planner.extensions import db
from tests.conftest import query
from tests.factories import add_objective, make_program
from tests.people.factories import add_presenter

pytestmark = pytest.mark.e2e


def no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_presenter_answers_a_private_debrief_link(browser, site, clean_app, branch, make_user):
    programmer = make_user("programmer", full_name="Priya Natarajan")
    with clean_app.app_context():
        program = make_program(programmer.id, branch, title="Email for beginners")
        confident = add_objective(program.id, "Participants feel confident sending email").id
        aware = add_objective(program.id, "Participants know the library's e-resources").id
        add_presenter(program.id, name="Dana Fisher")
        db.session.commit()
        pid = program.id

    staff = browser.new_context()
    page = staff.new_page()
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(programmer.username)
    page.get_by_label("Password").fill(programmer.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/")
    page.goto(f"{site}/programs/{pid}")
    page.get_by_role("link", name="Send a presenter a debrief link").click()
    page.get_by_label("Presenter").select_option(label="Dana Fisher")
    page.get_by_role("button", name="Create the private link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Debrief link for Dana Fisher")
    no_axe_violations(page)
    url = page.get_by_label("Private link").input_value()
    token = url.rsplit("/", 1)[1]
    assert url == f"{site}/debrief/{token}" and len(token) >= 43
    assert query(clean_app, sa.select(DebriefLink.token_hash)) == [hash_token(token)]
    staff.close()

    presenter = browser.new_context()  # a fresh browser: no staff session
    page = presenter.new_page()
    page.goto(url)
    page.wait_for_url(f"{site}/debrief")
    assert token not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Presenter debrief: Email for beginners"
    )
    no_axe_violations(page)
    page.get_by_role("button", name="Send my debrief").click()  # nothing answered: refused
    expect(page.locator(f"#o{confident}_achieved-error")).to_be_visible()
    page.locator(f"#o{confident}_achieved-0").check()  # yes
    page.locator(f"#o{aware}_achieved-3").check()  # can't say
    page.get_by_label("Why? What makes you say so?").first.fill("All sent an email.")
    page.get_by_label("What worked well?").fill("Learners in pairs.")
    page.get_by_label("What would you change next time?").fill("A second session.")
    page.get_by_label("Technical or venue problems").fill("Wi-Fi dropped twice.")
    page.get_by_role("radio", name="Maybe").check()
    no_axe_violations(page)
    page.get_by_role("button", name="Send my debrief").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you — your debrief was received"
    )

    [debrief] = query(clean_app, sa.select(Debrief))
    assert (debrief.author_name, debrief.what_worked, debrief.what_to_change) == (
        "Dana Fisher",
        "Learners in pairs.",
        "A second session.",
    )
    assert (debrief.problems, debrief.would_return, debrief.lessons_learned) == (
        "Wi-Fi dropped twice.",
        "maybe",
        "",
    )
    rows = query(
        clean_app,
        sa.select(
            DebriefObjective.objective_id, DebriefObjective.achieved, DebriefObjective.why
        ).order_by(DebriefObjective.objective_id),
    )
    assert [tuple(r) for r in rows] == [
        (confident, Achievement.YES, "All sent an email."),
        (aware, Achievement.UNSURE, ""),
    ]
    page.goto(url)  # the link works once
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    presenter.close()
