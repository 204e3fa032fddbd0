"""A program with everything at its longest still prints on one page; statements stay constant."""

import secrets
from datetime import timedelta

import sqlalchemy as sa

from program_planner.evaluation.models import (
    Answer,
    OccurrenceReport,
    QuestionType,
    Response,
    ResponseChannel,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import Program, Status
from program_planner.reports.impact.models import PickedComment
from tests.conftest import count_statements
from tests.evaluation.factories_public import add_question
from tests.factories import add_objective, make_ready_program
from tests.reports.impact.pdf import needs_poppler, pages, save, to_png, words

pytestmark = needs_poppler
LONG = ("A sentence of ordinary length about what happened at the library. " * 80)[:5000]


def _responses(program_id, question_ids, count, comment_id):
    for i in range(count):
        answers = [
            Answer(question_id=q, value_number=1 + (i + k) % 5) for k, q in enumerate(question_ids)
        ]
        answers.append(Answer(question_id=comment_id, value_text=f"{i} {LONG}"))
        db.session.add(
            Response(
                program_id=program_id,
                channel=ResponseChannel.ONLINE,
                submission_key=secrets.token_urlsafe(16),
                answers=answers,
            )
        )
    db.session.flush()


def _crowded_program(app, owner_id, branch_id, responses=5):
    with app.app_context():
        program = make_ready_program(owner_id, branch_id, status=Status.DELIVERED)
        program.description = program.community_need = program.lessons_learned = LONG
        for n in range(7):
            add_objective(program.id, statement=f"Objective {n}: {LONG[:400]}")
            group = TargetGroup(name=f"Group {n} with a rather long name", population_estimate=9000)
            db.session.add(group)
            db.session.flush()
            db.session.add(
                ProgramTargetGroup(
                    program_id=program.id, target_group_id=group.id, expected_reach=9
                )
            )
        first = db.session.scalars(
            sa.select(Occurrence).where(Occurrence.program_id == program.id)
        ).first()
        for n in range(11):
            start = first.starts_at + timedelta(days=7 * (n + 1))
            db.session.add(
                Occurrence(
                    program_id=program.id,
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    venue_id=first.venue_id,
                    expected_attendance=15,
                    capacity=40,
                )
            )
        db.session.flush()
        for occurrence in db.session.scalars(
            sa.select(Occurrence).where(Occurrence.program_id == program.id)
        ):
            db.session.add(OccurrenceReport(occurrence_id=occurrence.id, headcount=12))
        questions = [
            add_question(
                program.id, f"q{n}", QuestionType.AGREEMENT, f"Statement {n} " + "x" * 80, ""
            )
            for n in range(6)
        ]
        comment = add_question(program.id, "c", QuestionType.FREE_TEXT, "Anything else?", "")
        _responses(program.id, [q.id for q in questions], responses, comment.id)
        ids = db.session.scalars(
            sa.select(Answer.id).where(Answer.question_id == comment.id).limit(3)
        ).all()
        for answer_id in ids:
            db.session.add(PickedComment(program_id=program.id, answer_id=answer_id))
        db.session.commit()
        return program.id, [q.id for q in questions], comment.id


def test_everything_at_its_longest_still_fits_one_page(
    clean_app, client, login_as, branch, tmp_path
):
    owner = login_as("programmer")
    pid, _questions, _comment = _crowded_program(clean_app, owner.id, branch)
    for language in ("en", "fr"):
        pdf = save(
            client.get(f"/programs/{pid}/impact.pdf?lang={language}"), tmp_path / f"{language}.pdf"
        )
        assert pages(pdf) == 1
        page = words(pdf)
        assert "…" in page  # long texts shortened
        assert to_png(pdf, tmp_path / language)


def test_statements_do_not_grow_with_responses(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    pid, questions, comment = _crowded_program(clean_app, owner.id, branch, responses=2)
    url = f"/programs/{pid}/impact.pdf"
    before = count_statements(clean_app, client, url)
    with clean_app.app_context():
        _responses(pid, questions, 30, comment)
        db.session.commit()
        assert db.session.get(Program, pid) is not None
    assert count_statements(clean_app, client, url) == before
