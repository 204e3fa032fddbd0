"""A small library system whose dashboard and annual figures are worked out by hand.

Imported by test_dashboard*.py and test_annual*.py; it holds no test of its own.

P1  Central, digital literacy, in branch, delivered, fiscal 2019; Seniors (reach 100) and
    People with disabilities (reach 10). Sessions 10 Mar 2019 (headcount 10, first-time 4) and
    10 Apr 2019 (20, 6). Actual spending 100 + 50 (planned 200). Satisfaction 5, 4, 3.
    One follow-up response (no answers). Objectives: attendance ≥ 25 (met: 30), 80 % agree
    (no linked answers: not enough evidence). One staff debrief.
P2  Eastside, job & career, online, approved, fiscal 2020; Newcomers (50), Seniors (20).
    Session 5 May 2019 (12, 12). Planned 80, no actual. Objective attendance ≥ 20 (not met: 12).
P3  Central, digital literacy, draft, session 15 Mar 2019 headcount 99: left out of outcomes.
P4  Central, digital literacy, cancelled, session 20 Mar 2019 headcount 77: left out.
Youth (population 500) has no program; Seniors 1,000; Newcomers 2,000; disabilities 10,000.
"""

import secrets
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from program_planner.evaluation.models import (
    Answer,
    Debrief,
    DebriefKind,
    OccurrenceReport,
    Question,
    QuestionCategory,
    QuestionType,
    Response,
    ResponseChannel,
    ResponseKind,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import (
    BudgetCategory,
    BudgetLine,
    FundingSource,
    ProgramTargetGroup,
    TargetGroup,
    TargetMetric,
)
from program_planner.programs.models import DeliveryMode, ProgramType, Status
from tests.factories import add_objective, make_program


def new_program(owner_id, branch_id, status, title, fiscal_year):
    """Add a program (flushed) of that status and fiscal year."""
    program = make_program(owner_id, branch_id, status=status, title=title)
    program.fiscal_year = fiscal_year
    return program


def add_session(program_id, day, headcount=None, first_time=0):
    """Add a session at 18:00 UTC on day, with a frontline report when headcount is given."""
    start = datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC)
    occurrence = Occurrence(
        program_id=program_id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        expected_attendance=15,
    )
    db.session.add(occurrence)
    db.session.flush()
    if headcount is not None:
        db.session.add(
            OccurrenceReport(
                occurrence_id=occurrence.id, headcount=headcount, first_time_count=first_time
            )
        )
    return occurrence


def add_budget(program_id, planned, actual=None):
    db.session.add(
        BudgetLine(
            program_id=program_id,
            category=BudgetCategory.MATERIALS,
            funding_source=FundingSource.OPERATING,
            planned=Decimal(planned),
            actual=None if actual is None else Decimal(actual),
        )
    )


def add_response(program_id, question=None, value=None, kind=ResponseKind.IMMEDIATE):
    response = Response(
        program_id=program_id,
        kind=kind,
        channel=ResponseChannel.PAPER,
        submission_key=secrets.token_hex(16),
    )
    db.session.add(response)
    db.session.flush()
    if question is not None:
        db.session.add(
            Answer(response_id=response.id, question_id=question.id, value_number=Decimal(value))
        )
    return response


def satisfaction_question():
    question = Question(
        code="satisfaction",
        text_en="Overall, how satisfied are you?",
        text_fr="Dans l'ensemble, êtes-vous satisfait ?",
        qtype=QuestionType.RATING,
        category=QuestionCategory.SATISFACTION,
        standard=True,
    )
    db.session.add(question)
    db.session.flush()
    return question


def build_portfolio(app, owner_id, branch_id, seniors_name="Seniors (65+)"):
    """Create the system described above; return the ids of its rows."""
    from program_planner.auth.models import Branch

    with app.app_context():
        east = Branch(name="Eastside Branch", code="EAS")
        db.session.add(east)
        db.session.flush()
        groups = {}
        for key, name, population in (
            ("seniors", seniors_name, 1000),
            ("newcomers", "Newcomers", 2000),
            ("youth", "Youth", 500),
            ("disabled", "People with disabilities", 10000),
        ):
            groups[key] = TargetGroup(name=name, population_estimate=population)
            db.session.add(groups[key])
        db.session.flush()
        question = satisfaction_question()

        p1 = new_program(owner_id, branch_id, status=Status.DELIVERED, title="P1", fiscal_year=2019)
        for key, reach in (("seniors", 100), ("disabled", 10)):
            db.session.add(
                ProgramTargetGroup(
                    program_id=p1.id, target_group_id=groups[key].id, expected_reach=reach
                )
            )
        add_session(p1.id, datetime(2019, 3, 10), 10, 4)
        add_session(p1.id, datetime(2019, 4, 10), 20, 6)
        add_budget(p1.id, 150, 100)
        add_budget(p1.id, 50, 50)
        for value in (5, 4, 3):
            add_response(p1.id, question, value)
        add_response(p1.id, kind=ResponseKind.FOLLOW_UP)
        add_objective(
            p1.id,
            "At least 25 attendances",
            target_metric=TargetMetric.TOTAL_ATTENDANCE,
            target_value=Decimal(25),
        )
        add_objective(p1.id, "80 % feel confident")
        db.session.add(Debrief(program_id=p1.id, kind=DebriefKind.STAFF, author_name="Sam"))

        p2 = new_program(
            owner_id,
            east.id,
            status=Status.APPROVED,
            title="P2",
            fiscal_year=2020,
        )
        p2.program_type = ProgramType.JOB_CAREER
        p2.delivery_mode = DeliveryMode.ONLINE
        for key, reach in (("newcomers", 50), ("seniors", 20)):
            db.session.add(
                ProgramTargetGroup(
                    program_id=p2.id, target_group_id=groups[key].id, expected_reach=reach
                )
            )
        add_session(p2.id, datetime(2019, 5, 5), 12, 12)
        add_budget(p2.id, 80)
        add_objective(
            p2.id,
            "At least 20 attendances",
            target_metric=TargetMetric.TOTAL_ATTENDANCE,
            target_value=Decimal(20),
        )

        p3 = new_program(owner_id, branch_id, status=Status.DRAFT, title="P3", fiscal_year=2019)
        db.session.add(
            ProgramTargetGroup(
                program_id=p3.id, target_group_id=groups["youth"].id, expected_reach=500
            )
        )
        add_session(p3.id, datetime(2019, 3, 15), 99, 99)
        p4 = new_program(owner_id, branch_id, status=Status.CANCELLED, title="P4", fiscal_year=2019)
        add_session(p4.id, datetime(2019, 3, 20), 77, 7)
        add_budget(p4.id, 1000, 1000)
        db.session.commit()
        return SimpleNamespace(
            p1=p1.id,
            p2=p2.id,
            p3=p3.id,
            p4=p4.id,
            east=east.id,
            central=branch_id,
            **{key: group.id for key, group in groups.items()},
        )
