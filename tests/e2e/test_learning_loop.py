"""In Chromium: the panel of similar past programs follows the type and target group chosen."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from program_planner.extensions import db
from program_planner.planning.models import ProgramTargetGroup
from program_planner.programs.models import ProgramType
from tests.reports.test_learning import past_program

pytestmark = pytest.mark.e2e


def test_choosing_a_type_shows_how_programs_of_that_type_did(
    page, site, clean_app, make_user, branch
):
    programmer = make_user("programmer")
    with clean_app.app_context():
        for title, kind, n in (
            ("Résumé clinic", ProgramType.JOB_CAREER, 1),
            ("Tablet basics", ProgramType.DIGITAL_LITERACY, 2),
        ):
            past = past_program(programmer.id, branch, title, kind, n=n)
            db.session.execute(
                sa.delete(ProgramTargetGroup).where(ProgramTargetGroup.program_id == past.id)
            )
        db.session.commit()
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(programmer.username)
    page.get_by_label("Password").fill(programmer.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/")
    page.goto(f"{site}/programs/new")
    panel = page.locator("#learning-slot")
    expect(panel).to_contain_text("How recent programs did")
    page.get_by_label("Program type").select_option("job_career")
    expect(panel).to_contain_text("How similar past programs did")
    expect(panel.locator("h3")).to_have_count(1)
    expect(panel.locator("h3")).to_contain_text("Résumé clinic")
    page.get_by_label("Program type").select_option("digital_literacy")
    expect(panel.locator("h3")).to_contain_text("Tablet basics")
    expect(panel).not_to_contain_text("Résumé clinic")


def test_choosing_a_target_group_shows_how_programs_for_it_did(
    page, site, clean_app, make_user, branch
):
    from tests.factories import make_ready_program
    from tests.reports.test_learning import seniors_program

    programmer = make_user("programmer")
    with clean_app.app_context():
        seniors_program(programmer.id, branch)
        draft = make_ready_program(programmer.id, branch, title="Job fair")
        draft.program_type = ProgramType.JOB_CAREER
        db.session.execute(
            sa.delete(ProgramTargetGroup).where(ProgramTargetGroup.program_id == draft.id)
        )
        db.session.commit()
        draft_id = draft.id
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(programmer.username)
    page.get_by_label("Password").fill(programmer.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/")
    page.goto(f"{site}/programs/{draft_id}/program_target_groups/new")
    panel = page.locator("#learning-slot")
    expect(panel).not_to_contain_text("Seniors tech café")
    page.get_by_label("Target group").select_option(label="Seniors")
    expect(panel.locator("h3")).to_have_count(1)
    expect(panel.locator("h3")).to_contain_text("Seniors tech café")
    expect(panel).to_contain_text("same target group")
