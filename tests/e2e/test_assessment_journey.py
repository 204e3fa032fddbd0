"""End to end in Chromium: a coordinator writes an objective's assessment and finds it exported."""

import openpyxl
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from program_planner.demo import DEMO_ACCOUNTS, load_demo
from program_planner.extensions import db
from program_planner.planning.models import Objective
from program_planner.programs.models import Program
from program_planner.reports.models import ObjectiveAssessment
from tests.conftest import query

pytestmark = pytest.mark.e2e
TITLE = "Computer basics for seniors"
ASSESSMENT = "Met in practice: the debriefs show every participant sent an email on their own."


def test_coordinator_saves_an_assessment_and_finds_it_in_the_export(
    browser, site, clean_app, tmp_path
):
    with clean_app.app_context():
        assert load_demo()
        db.session.commit()
        program_id = db.session.scalar(sa.select(Program.id).where(Program.title == TITLE))
        objective = db.session.scalars(
            sa.select(Objective).where(Objective.program_id == program_id).order_by(Objective.id)
        ).first()
        objective_id, statement = objective.id, objective.statement
    password = next(p for u, p, *_rest in DEMO_ACCOUNTS if u == "coordinator")
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/")

    page.goto(f"{site}/programs/{program_id}/report")
    card = page.locator(f"#objective-{objective_id}")
    card.get_by_label(f"Your assessment of “{statement}”").fill(ASSESSMENT)
    card.get_by_role("button", name="Save assessment").click()
    page.wait_for_url(f"**/programs/{program_id}/report#objective-{objective_id}")
    expect(page.get_by_text("Assessment saved.")).to_be_visible()
    expect(page.locator(f"#objective-{objective_id} .assessment-text")).to_have_text(ASSESSMENT)
    assert query(
        clean_app,
        sa.select(ObjectiveAssessment.text).where(ObjectiveAssessment.objective_id == objective_id),
    ) == [ASSESSMENT]

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export to Excel").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = list(workbook["Objectives"].iter_rows(values_only=True))
    assert any(row[-1] == ASSESSMENT and statement in row for row in rows), rows
    context.close()
