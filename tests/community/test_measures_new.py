"""Engagement measures fed by the community survey, new services designed and satisfaction."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from program_planner.community.survey.models import CommunitySurvey, SurveyResponse
from program_planner.evaluation.models import (
    Answer,
    Question,
    QuestionCategory,
    QuestionType,
    Response,
    ResponseChannel,
)
from program_planner.extensions import db
from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import ProgramType, Status
from tests.factories import make_program


def measure(page, key):
    return page.split(f'data-measure="{key}"')[1].split("</tr>")[0]


def test_survey_services_and_satisfaction(clean_app, client, login_as, branch):
    me = login_as("coordinator")
    now = datetime.now(UTC)
    with clean_app.app_context():
        survey = CommunitySurvey(title="Needs 2026", token="t" * 22, branch_id=branch)
        db.session.add(survey)
        db.session.flush()
        for i, user in enumerate([True, False, False, None]):
            db.session.add(
                SurveyResponse(
                    survey_id=survey.id,
                    channel=ResponseChannel.ONLINE,
                    submission_key=f"{i}" * 20,
                    library_user=user,
                )
            )
        seniors = TargetGroup(name="Seniors")
        db.session.add(seniors)
        old = make_program(me.id, branch, status=Status.DELIVERED, title="Old digital")
        old.created_at = now - timedelta(days=900)
        same = make_program(me.id, branch, status=Status.APPROVED, title="Same type")
        new_type = make_program(me.id, branch, status=Status.SUBMITTED, title="Résumés")
        new_group = make_program(me.id, branch, status=Status.APPROVED, title="For seniors")
        draft = make_program(me.id, branch, status=Status.DRAFT, title="Draft")
        new_type.program_type = ProgramType.JOB_CAREER
        draft.program_type = ProgramType.ARTS_CULTURE
        db.session.flush()
        db.session.add(ProgramTargetGroup(program_id=new_group.id, target_group_id=seniors.id))
        rating = Question(
            code="satisfaction_test",
            text_en="Overall, how satisfied are you?",
            text_fr="Dans l'ensemble, êtes-vous satisfait?",
            qtype=QuestionType.RATING,
            category=QuestionCategory.SATISFACTION,
        )
        db.session.add(rating)
        db.session.flush()
        for i, value in enumerate([5, 4, 2, 5]):
            db.session.add(
                Response(
                    program_id=old.id,
                    channel=ResponseChannel.ONLINE,
                    submission_key=f"r{i}" * 10,
                    answers=[Answer(question_id=rating.id, value_number=value)],
                )
            )
        db.session.commit()
        assert same.id and new_type.id
    page = client.get("/engagement").get_data(as_text=True)
    assert ">4<" in measure(page, "survey_responses")
    assert ">4<" in measure(page, "people_consulted")  # no consultations: the survey alone
    assert ">2<" in measure(page, "non_users")  # "unanswered" is not a non-user
    # a job & career program and one for seniors are new to the branch; a draft is not proposed
    assert "2 programs, 0 needs" in measure(page, "services_designed")
    assert "75 %" in measure(page, "satisfaction") and "(3/4)" in measure(page, "satisfaction")
    with clean_app.app_context():
        other = db.session.scalar(sa.select(sa.func.max(CommunitySurvey.branch_id))) + 1000
    page = client.get(f"/engagement?branch={other}").get_data(as_text=True)
    assert ">0<" in measure(page, "survey_responses")


def test_dashboard_people_consulted_are_the_engagement_figures(clean_app, client, login_as, branch):
    from tests.community.factories import make_consultation

    me = login_as("coordinator")
    with clean_app.app_context():
        make_consultation(me.id, branch, held_on=datetime.now(UTC).date(), people_total=30)
        make_program(me.id, branch, status=Status.APPROVED)  # the dashboard shows figures
        survey = CommunitySurvey(title="Needs 2026", token="u" * 22, branch_id=branch)
        db.session.add(survey)
        db.session.flush()
        db.session.add(
            SurveyResponse(
                survey_id=survey.id, channel=ResponseChannel.PAPER, submission_key="p" * 20
            )
        )
        db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    figure = page.split('id="figure-consulted"')[1].split("</div>")[0]
    assert ">31<" in figure.replace(" ", "")
    page = client.get("/engagement").get_data(as_text=True)
    assert ">31<" in measure(page, "people_consulted")
