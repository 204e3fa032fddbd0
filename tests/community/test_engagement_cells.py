"""Stored engagement figures and survey results equal freshly computed ones after every write.

The measures page and the survey results read cells (sums by branch and month, by survey);
writers only mark. After each kind of write — a consultation logged through the form, a
community survey answered through the public link, a session report, a program proposed,
moved to another branch and deleted — the cells brought up to date must equal the cells
computed from the source rows, and the page's measures must equal the measures computed by
their definitions from the source rows, for every branch and for all branches.
"""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from program_planner.auth.models import Branch
from program_planner.community.survey import cells as survey_cells
from program_planner.community.survey.models import CommunitySurvey
from program_planner.community.survey.service import computed_survey_results, survey_results
from program_planner.evaluation.models import OccurrenceReport
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import Program, Status
from program_planner.reports.engagement import cells
from program_planner.reports.engagement.cells import month_period
from program_planner.reports.engagement.measures import computed_measures, engagement_measures
from tests.community.factories import make_consultation
from tests.factories import make_program


def assert_fresh(app, branches):
    """Bring the cells up to date as the pages do; compare them with fresh figures."""
    with app.app_context():
        db.session.rollback()
        cells.bring_engagement_up_to_date()
        survey_cells.bring_surveys_up_to_date()
        db.session.commit()
        assert cells.stored_cells() == cells.expected_cells(), "engagement cells are stale"
        surveys = list(db.session.scalars(sa.select(CommunitySurvey.id)))
        expected = survey_cells.current_cells(surveys)
        stored = [
            {k: getattr(c, k) for k in ("survey_key", "code", "value", "group_key", "n")}
            for c in db.session.scalars(
                sa.select(survey_cells.SurveyCell).where(survey_cells.SurveyCell.survey_key != 0)
            )
        ]
        assert sorted(stored, key=repr) == sorted(expected, key=repr), "survey cells are stale"
        today = date.today()
        for start, end in ((today - timedelta(days=400), today), (today, today)):
            start, end = month_period(start, end)
            for branch_id in (None, *branches):
                assert engagement_measures(start, end, branch_id) == computed_measures(
                    start, end, branch_id
                ), (start, end, branch_id)
        for branch_id in (None, *branches):
            got = survey_results("en", branch_id=branch_id)
            want = computed_survey_results("en", branch_id=branch_id)
            assert got == want
        db.session.rollback()


def _second_branch(app):
    from program_planner.admin.service import save_branch

    with app.app_context():
        other = save_branch(
            None, None, name="Eastside", code="EST", address="2 East St", active=True
        )
        db.session.commit()
        return other.id


def test_cells_follow_every_write(clean_app, client, login_as, branch):
    me = login_as("coordinator")
    other = _second_branch(clean_app)
    with clean_app.app_context():
        group = TargetGroup(name="Newcomers")
        db.session.add(group)
        survey = CommunitySurvey(title="Needs 2026", token="tok-" + "y" * 20, branch_id=branch)
        db.session.add(survey)
        db.session.commit()
        group_id, token = group.id, survey.token
    assert_fresh(clean_app, [branch, other])

    # a consultation logged through the form
    data = {
        "kind": "meeting",
        "title": "Eastside meeting",
        "held_on": (date.today() - timedelta(days=3)).isoformat(),
        "branch_id": str(branch),
        "people_total": "25",
        "library_users": "15",
        "non_users": "10",
        f"reach_{group_id}": "8",
    }
    page = client.post("/community/consultations/new", data=data)
    assert page.status_code == 302, page.get_data(as_text=True)[:2000]
    assert_fresh(clean_app, [branch, other])

    # a community survey answered on the public link
    client.get(f"/c/{token}?lang=en")
    form = {
        "submission_key": "k" * 32,
        "q1": ["digital"],
        "q2": ["transport"],
        "q5": "never",
        "groups": [str(group_id)],
    }
    assert client.post(f"/c/{token}?lang=en", data=form).status_code == 302
    assert_fresh(clean_app, [branch, other])

    # a program proposed, its session reported with first-timers
    with clean_app.app_context():
        program = make_program(me.id, branch, status=Status.SUBMITTED, title="Talk circle")
        db.session.add(ProgramTargetGroup(program_id=program.id, target_group_id=group_id))
        start = datetime.now(UTC) - timedelta(days=2)
        occurrence = Occurrence(
            program_id=program.id,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            expected_attendance=10,
            capacity=20,
        )
        db.session.add(occurrence)
        db.session.commit()
        program_id, occurrence_id = program.id, occurrence.id
    assert_fresh(clean_app, [branch, other])
    with clean_app.app_context():
        db.session.add(
            OccurrenceReport(occurrence_id=occurrence_id, headcount=12, first_time_count=5)
        )
        db.session.commit()
    assert_fresh(clean_app, [branch, other])
    with clean_app.app_context():
        figures = engagement_measures(date.today() - timedelta(days=30), date.today(), branch)
        assert figures.first_time == 5 and figures.people_consulted == 26
        assert figures.first_time_by_group == [("Newcomers", 5)]

    # the program moved to another branch (by id, then by relationship), then deleted
    with clean_app.app_context():
        db.session.get(Program, program_id).branch_id = other
        db.session.commit()
    assert_fresh(clean_app, [branch, other])
    with clean_app.app_context():
        db.session.get(Program, program_id).branch = db.session.get(Branch, branch)
        db.session.commit()
    assert_fresh(clean_app, [branch, other])
    with clean_app.app_context():
        db.session.delete(db.session.get(Program, program_id))
        db.session.commit()
    assert_fresh(clean_app, [branch, other])


def test_measures_page_reads_whole_months(clean_app, client, login_as, branch):
    login_as("coordinator")
    page = client.get("/engagement?start=2026-03-17&end=2026-05-02").get_data(as_text=True)
    assert 'value="2026-03-01"' in page and 'value="2026-05-31"' in page
    assert 'id="whole-months"' in page


def test_refresh_command_recomputes_every_cell(clean_app, login_as, branch):
    me = login_as("coordinator")
    with clean_app.app_context():
        consultation = make_consultation(me.id, branch, held_on=date.today())
        db.session.commit()
        cells.refresh_all_engagement()  # as if the consultation came in by a bulk load …
        db.session.execute(sa.delete(cells.EngagementCell))
        db.session.commit()
        assert consultation.id
    result = clean_app.test_cli_runner().invoke(args=["reports", "refresh-results"])
    assert result.exit_code == 0, result.output
    assert "engagement figures" in result.output
    assert_fresh(clean_app, [branch])
