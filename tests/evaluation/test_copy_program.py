"""Copying a program into a new draft through HTTP: what is copied, what never is, and who may."""

import pytest
import sqlalchemy as sa

from program_planner.evaluation.models import (
    Debrief,
    OccurrenceReport,
    ProgramQuestion,
    Question,
    Response,
    program_question_objectives,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.people.models import Presenter, ProgramPartner
from program_planner.planning.models import (
    BudgetLine,
    CollectionTieIn,
    ITRequest,
    ITStatus,
    Objective,
    ProgramTargetGroup,
    PromotionItem,
)
from program_planner.programs.models import Program, Status, StatusChange
from tests.conftest import query
from tests.factories import make_samples

PLAN = (ProgramTargetGroup, Objective, ITRequest, PromotionItem, CollectionTieIn, ProgramPartner)
NEVER = (Occurrence, Response, Debrief)


def count(app, model, program_id):
    return query(
        app, sa.select(sa.func.count()).select_from(model).where(model.program_id == program_id)
    )[0]


def copy_id(app, source_id):
    ids = query(app, sa.select(Program.id).where(Program.id != source_id).order_by(Program.id))
    return ids[-1]


def link_questions_to_objectives(app, program_id):
    """Link every form question of the program to its first objective; return the link count."""
    with app.app_context():
        objective = db.session.scalar(
            sa.select(Objective).where(Objective.program_id == program_id).limit(1)
        )
        rows = db.session.scalars(
            sa.select(ProgramQuestion).where(ProgramQuestion.program_id == program_id)
        ).all()
        for pq in rows:
            pq.objectives = [objective]
        db.session.commit()
        return len(rows)


@pytest.mark.parametrize("role", ["owner", "coordinator"])
def test_a_copy_carries_the_plan_form_and_objectives_and_nothing_that_happened(
    clean_app, client, make_user, login_as, branch, role
):
    owner = make_user("programmer")
    ids = make_samples(clean_app, owner.id, branch)
    source = ids["program_id"]
    links = link_questions_to_objectives(clean_app, source)
    with clean_app.app_context():
        db.session.get(Program, source).lessons_learned = "Start later in the evening."
        db.session.commit()
    me = owner if role == "owner" else make_user(role)
    client.post("/login", data={"username": me.username, "password": me.password})
    assert count(clean_app, Response, source) > 0  # the source has responses …
    response = client.post(f"/programs/{source}/copy")
    assert response.status_code == 302
    new = copy_id(clean_app, source)
    assert response.headers["Location"] == f"/programs/{new}"
    page = client.get(f"/programs/{new}").get_data(as_text=True)
    assert "This is your copy of “Computer basics for seniors”" in page
    assert "Copy of Computer basics for seniors" in page
    [copy] = query(clean_app, sa.select(Program).where(Program.id == new))
    assert (copy.status, copy.owner_id, copy.lessons_learned) == (Status.DRAFT, me.id, "")
    for model in PLAN:
        assert count(clean_app, model, new) == count(clean_app, model, source) > 0, model
    assert count(clean_app, BudgetLine, new) == count(clean_app, BudgetLine, source) > 0
    assert query(clean_app, sa.select(BudgetLine.actual).where(BudgetLine.program_id == new)) == [
        None
    ] * count(clean_app, BudgetLine, new)
    assert set(
        query(clean_app, sa.select(ITRequest.status).where(ITRequest.program_id == new))
    ) == {ITStatus.REQUESTED}
    for model in NEVER:
        assert count(clean_app, model, new) == 0, model  # … the copy has none
    assert query(
        clean_app,
        sa.select(sa.func.count())
        .select_from(OccurrenceReport)
        .join(Occurrence)
        .where(Occurrence.program_id == new),
    ) == [0]

    # the form: same questions in the same order; the program's own questions are new ones
    def form(program_id):
        return query(
            clean_app,
            sa.select(Question.text_en, Question.program_id, ProgramQuestion.position)
            .join(ProgramQuestion, ProgramQuestion.question_id == Question.id)
            .where(ProgramQuestion.program_id == program_id)
            .order_by(ProgramQuestion.position, ProgramQuestion.id),
        )

    assert [(t, p) for t, _o, p in form(new)] == [(t, p) for t, _o, p in form(source)]
    assert {o for _t, o, _p in form(new)} <= {None, new}
    # every link points at the copy's own objective
    linked = query(
        clean_app,
        sa.select(Objective.program_id)
        .join(program_question_objectives)
        .join(ProgramQuestion)
        .where(ProgramQuestion.program_id == new),
    )
    assert linked == [new] * links
    history = query(
        clean_app,
        sa.select(StatusChange.action, StatusChange.comment).where(StatusChange.program_id == new),
    )
    assert history == [("copy", f"Copied from “Computer basics for seniors” (#{source}).")]


def test_a_programmer_copying_anothers_program_gets_no_amounts(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    ids = make_samples(clean_app, owner.id, branch)
    login_as("programmer")
    assert client.post(f"/programs/{ids['program_id']}/copy").status_code == 302
    new = copy_id(clean_app, ids["program_id"])
    assert count(clean_app, BudgetLine, new) == 0
    fees = query(clean_app, sa.select(Presenter.fee).where(Presenter.program_id == new))
    assert fees and all(fee == 0 for fee in fees)
    assert count(clean_app, Objective, new) == count(clean_app, Objective, ids["program_id"])


def test_a_program_one_may_not_copy_is_refused(clean_app, client, make_user, login_as, branch):
    owner = make_user("programmer")
    ids = make_samples(clean_app, owner.id, branch)
    before = query(clean_app, sa.select(sa.func.count(Program.id)))
    login_as("frontline")
    assert client.post(f"/programs/{ids['program_id']}/copy").status_code == 403
    page = client.get(f"/programs/{ids['program_id']}").get_data(as_text=True)
    assert "Copy into a new draft" not in page
    client.post("/logout")
    login_as("programmer")
    assert client.post("/programs/999999/copy").status_code == 404
    assert client.get(f"/programs/{ids['program_id']}/copy").status_code == 405
    assert query(clean_app, sa.select(sa.func.count(Program.id))) == before
    page = client.get(f"/programs/{ids['program_id']}").get_data(as_text=True)
    assert "Copy into a new draft" in page
