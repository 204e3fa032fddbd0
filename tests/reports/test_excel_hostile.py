"""Hostile text in every exported field stays a string; contacts never leave the database."""

import io
import secrets
import zipfile
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import sqlalchemy as sa

from program_planner.auth.models import Branch
from program_planner.evaluation.models import (
    Achievement,
    Answer,
    Debrief,
    DebriefKind,
    DebriefObjective,
    FollowUpContact,
    OccurrenceReport,
    ProgramQuestion,
    Question,
    QuestionCategory,
    QuestionType,
    Response,
    ResponseChannel,
    ResponseKind,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import BudgetCategory, BudgetLine, FundingSource, Objective
from program_planner.reports.export.excel import MAX_CELL, TRUNCATED, Column, Sheet, write_workbook
from program_planner.reports.models import ObjectiveAssessment
from program_planner.venues.models import Venue
from tests.factories import make_ready_program

CANARY = "leak.canary.7731@example.org"
CONTROL = "a\x01b\x07c\x1bd\x7fe\x9ff"  # PostgreSQL text holds no NUL; the writer test has one
HOSTILE = {
    "title": "=cmd|' /C calc'!A0",
    "branch": "+1",
    "venue": "-2+3",
    "observations": "\tx obs",
    "budget": "=1+1 budget",
    "objective": "@SUM(A1)",
    "assessment": '=HYPERLINK("http://evil.example","click")',
    "question": "=2+2 question",
    "choice": "@choice label",
    "comment": "=cmd|' /C calc'!A0 comment",
    "author": "+author",
    "worked": "-worked",
    "change": "@change",
    "problems": "=problems",
    "lessons": "\tlessons",
    "why": "=why",
    "control": CONTROL,
}
LONG = "=" + "y" * 40000


def question(program_id, code, qtype, text, choices=()):
    q = db.session.scalar(sa.select(Question).where(Question.code == code))
    if q is None:
        q = Question(
            code=code,
            text_en=text,
            text_fr=text,
            qtype=qtype,
            category=QuestionCategory.OTHER,
            choices=list(choices),
            program_id=program_id,
        )
        db.session.add(q)
        db.session.flush()
        db.session.add(ProgramQuestion(program_id=program_id, question_id=q.id, position=q.id))
        db.session.flush()
    return q


def add_responses(program_id, n, comment="fine", extra=()):
    """Add n immediate responses with an agreement answer and a comment (flushed)."""
    scale = question(program_id, f"agree_{program_id}", QuestionType.AGREEMENT, "Agreed?")
    text = question(program_id, f"text_{program_id}", QuestionType.FREE_TEXT, "Comments?")
    for i in range(n):
        db.session.add(
            Response(
                program_id=program_id,
                kind=ResponseKind.IMMEDIATE,
                channel=ResponseChannel.ONLINE,
                submission_key=secrets.token_urlsafe(16),
                submitted_on=datetime(2027, 3, 10, 15, 0, tzinfo=UTC),
                answers=[
                    Answer(question_id=scale.id, value_number=Decimal(1 + i % 5)),
                    Answer(question_id=text.id, value_text=comment),
                    *extra,
                ],
            )
        )
    db.session.flush()


def hostile_program(owner_id, branch_id) -> int:
    """A program whose every typed field is hostile, with responses, debriefs and a contact."""
    program = make_ready_program(owner_id, branch_id, title=HOSTILE["title"])
    db.session.get(Branch, branch_id).name = HOSTILE["branch"]
    occurrence = db.session.scalar(sa.select(Occurrence).where(Occurrence.program_id == program.id))
    db.session.get(Venue, occurrence.venue_id).name = HOSTILE["venue"]
    db.session.add(
        OccurrenceReport(
            occurrence_id=occurrence.id,
            headcount=9,
            first_time_count=2,
            observations=HOSTILE["observations"] + " " + CONTROL,
        )
    )
    db.session.add(
        BudgetLine(
            program_id=program.id,
            category=BudgetCategory.MATERIALS,
            funding_source=FundingSource.GRANT,
            description=HOSTILE["budget"],
            planned=Decimal("100.00"),
            actual=Decimal("90.50"),
        )
    )
    objective = db.session.scalar(sa.select(Objective).where(Objective.program_id == program.id))
    objective.statement = HOSTILE["objective"]
    db.session.add(ObjectiveAssessment(objective_id=objective.id, text=HOSTILE["assessment"]))
    asked = question(program.id, "hostile_q", QuestionType.FREE_TEXT, HOSTILE["question"])
    choice = question(
        program.id,
        "hostile_choice",
        QuestionType.MULTIPLE_CHOICE,
        "Which?",
        [{"value": "x", "en": HOSTILE["choice"], "fr": HOSTILE["choice"]}],
    )
    add_responses(
        program.id,
        3,
        comment=HOSTILE["comment"],
        extra=[Answer(question_id=asked.id, value_text=CONTROL)],
    )
    add_responses(
        program.id,
        1,
        comment=LONG,
        extra=[Answer(question_id=choice.id, value_text="x")],
    )
    debrief = Debrief(
        program_id=program.id,
        kind=DebriefKind.PRESENTER,
        author_name=HOSTILE["author"],
        what_worked=HOSTILE["worked"],
        what_to_change=HOSTILE["change"],
        problems=HOSTILE["problems"],
        would_return="yes",
        lessons_learned=HOSTILE["lessons"],
    )
    debrief.objectives = [
        DebriefObjective(objective_id=objective.id, achieved=Achievement.YES, why=HOSTILE["why"])
    ]
    db.session.add(debrief)
    db.session.add(
        FollowUpContact(
            program_id=program.id,
            email=CANARY,
            consent_version="1",
            withdraw_token_hash=secrets.token_hex(32),
        )
    )
    db.session.flush()
    return program.id


def cleaned(text):
    return text.replace(CONTROL, "abcdef")


def every_cell(wb):
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def test_hostile_text_in_every_field_stays_text(clean_app, client, login_as, make_user, branch):
    with clean_app.app_context():
        pid = hostile_program(make_user("programmer").id, branch)
        db.session.commit()
    login_as("coordinator")
    response = client.post(f"/programs/{pid}/export")
    assert response.status_code == 200
    data = response.get_data()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = list(every_cell(wb))
    formulas = [(sheet, c.coordinate, c.value) for sheet, c in cells if c.data_type == "f"]
    assert formulas == []
    texts = {c.value for _sheet, c in cells if c.data_type == "s"}
    for field, value in HOSTILE.items():
        if field == "control":
            assert "abcdef" in texts
        elif field == "observations":
            assert HOSTILE["observations"] + " abcdef" in texts
        else:
            assert value in texts, field
    assert not any("\x01" in t or "\x07" in t or "\x1b" in t for t in texts)
    quoted = [c for _s, c in cells if c.value == HOSTILE["title"]]
    assert quoted and all(c.quotePrefix for c in quoted)
    long = [c.value for sheet, c in cells if str(c.value).startswith("=yyy")]
    assert len(long) == 2  # the Responses cell and the Comments cell
    assert all(len(t) == MAX_CELL and t.endswith(TRUNCATED) for t in long)
    # follow-up contacts never appear: not in a cell, not anywhere in the file
    assert not any(CANARY in str(c.value) for _s, c in cells)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert not any(CANARY.encode() in archive.read(name) for name in archive.namelist())


def test_writer_forces_strings_without_flask():
    out = io.BytesIO()
    sheet = Sheet(
        "Odd: [name]/?",
        [Column("=header"), Column("n")],
        [("=A1", 1), ("@x", "+2"), ("a\x00b\x0bc", "-")],
    )
    write_workbook(out, [sheet])
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.title == "Odd   name"
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["=header", "n"],
        ["=A1", 1],
        ["@x", "+2"],
        ["abc", "-"],
    ]
    assert {c.data_type for row in ws.iter_rows() for c in row} <= {"s", "n"}
