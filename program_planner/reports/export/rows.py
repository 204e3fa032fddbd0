"""The Excel export: which programs, and the plain rows of each sheet, streamed from SQL.

reports/export.py write_export(program_ids, out_file, language=...) is the one entry point:
it needs an application context, not a request. Programs are taken in chunks, so no statement
carries more than CHUNK ids and memory does not grow with the number of responses; big result
sets are read with yield_per (a server-side cursor on PostgreSQL).
"""

from dataclasses import dataclass
from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects.postgresql import ARRAY

from program_planner.auth.models import Branch, User
from program_planner.evaluation.kinds import types_where
from program_planner.evaluation.models import (
    Answer,
    Debrief,
    DebriefObjective,
    OccurrenceReport,
    ProgramQuestion,
    Question,
    Response,
    ResponseKind,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import BudgetLine, Objective
from program_planner.programs.filters import FILTERS
from program_planner.programs.models import Program, Status
from program_planner.reports.models import ObjectiveAssessment
from program_planner.venues.models import Venue

CHUNK = 500  # program ids per statement
STREAM = {"yield_per": 2000}
LOCAL_CACHE = 4096  # converted times kept by ExportContext.local


def among(column, ids):
    """column IN ids. On PostgreSQL the ids go as one array (column = ANY(:ids)): the statement's
    text is the same for every chunk, so neither SQLAlchemy nor psycopg expands and parses 500
    parameters each time, and psycopg prepares it once; elsewhere an IN list."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(None, list(ids), type_=ARRAY(sa.Integer)))
    return column.in_(ids)


def select_program_ids(form) -> list[int]:
    """Return the ids of the programs matching the export form's filters (the list's + year)."""

    def given(name):
        field = getattr(form, name, None)
        return field is not None and bool(field.data) and not field.errors

    stmt = sa.select(Program.id)
    if given("q"):
        like = f"%{form.q.data.strip().lower()}%"
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Program.title).like(like),
                sa.func.lower(Program.description).like(like),
            )
        )
    if given("status"):
        stmt = stmt.where(Program.status == Status(form.status.data))
    if given("branch"):
        stmt = stmt.where(Program.branch_id == int(form.branch.data))
    if given("program_type"):
        stmt = stmt.where(Program.program_type == form.program_type.data)
    if given("fiscal_year"):
        stmt = stmt.where(Program.fiscal_year == int(form.fiscal_year.data))
    for list_filter in FILTERS.values():
        if given(list_filter.key):
            stmt = list_filter.apply(stmt, form)
    return list(db.session.scalars(stmt.order_by(Program.id)))


def fiscal_years() -> list[int]:
    """Return the fiscal years programs are planned in, latest first."""
    stmt = sa.select(Program.fiscal_year).distinct().order_by(Program.fiscal_year.desc())
    return list(db.session.scalars(stmt))


def program_titles(program_ids) -> list[tuple[int, str]]:
    """Return (id, title) of the programs, by id."""
    stmt = sa.select(Program.id, Program.title).where(among(Program.id, program_ids))
    return db.session.execute(stmt.order_by(Program.id)).all()


class ExportContext:
    """What every sheet's query needs: the chunks of ids, the time zone and the language."""

    def __init__(self, program_ids, language):
        self.program_ids = sorted(set(program_ids))
        self.language = language
        self.tz = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        self.attendance = []  # (label, expected, headcount) for the attendance chart
        self._labels = {}
        self._local = {}  # naive UTC -> naive local time
        self.questions = None  # {question_id: Question fields}, filled by the Responses sheet
        self.on_chunk = None  # called after each chunk is read (an export job's progress)

    def chunks(self, counted=True):
        """Yield the (sorted) program ids, CHUNK at a time; counted chunks report progress."""
        ids = self.program_ids
        for start in range(0, len(ids), CHUNK):
            yield ids[start : start + CHUNK]
            if counted and self.on_chunk is not None:
                self.on_chunk()

    def label(self, choice) -> str:
        """A choice's label in the export's language, translated once per export."""
        if choice is None:
            return ""
        if choice not in self._labels:
            self._labels[choice] = str(choice.label)
        return self._labels[choice]

    def local(self, moment):
        """Return a time read as naive UTC (see utc()) as the naive local time Excel holds.

        Converted times are kept (a session's start comes back with each of its responses),
        up to LOCAL_CACHE of them.
        """
        if moment is None:
            return None
        local = self._local.get(moment)
        if local is None:
            if len(self._local) >= LOCAL_CACHE:
                self._local.clear()
            local = moment.replace(tzinfo=UTC).astimezone(self.tz).replace(tzinfo=None)
            self._local[moment] = local
        return local

    def text(self, question) -> str:
        """Return a question's text in the export's language."""
        if self.language == "fr" and question.text_fr:
            return question.text_fr
        return question.text_en


# --- queries: each yields plain row tuples -------------------------------------------------
def program_rows(ids):
    stmt = (
        sa.select(
            Program.id,
            Program.title,
            Branch.name,
            Program.program_type,
            Program.delivery_mode,
            Program.status,
            Program.fiscal_year,
        )
        .join(Branch, Branch.id == Program.branch_id)
        .where(among(Program.id, ids))
        .order_by(Program.id)
    )
    return db.session.execute(stmt).all()


def grouped(stmt) -> dict:
    """Run a statement whose first column is the program id; return {id: rest of the row}."""
    return {row[0]: tuple(row[1:]) for row in db.session.execute(stmt)}


def session_totals(ids) -> dict:
    stmt = (
        sa.select(
            Occurrence.program_id,
            sa.func.count(Occurrence.id),
            sa.func.sum(Occurrence.expected_attendance),
        )
        .where(among(Occurrence.program_id, ids))
        .group_by(Occurrence.program_id)
    )
    return grouped(stmt)


def response_counts(ids) -> dict:
    """Return {program_id: {kind: count}}."""
    stmt = (
        sa.select(Response.program_id, Response.kind, sa.func.count(Response.id))
        .where(among(Response.program_id, ids))
        .group_by(Response.program_id, Response.kind)
    )
    counts = {}
    for pid, kind, n in db.session.execute(stmt):
        counts.setdefault(pid, {})[kind] = n
    return counts


def satisfaction_means(ids) -> dict:
    """Return {program_id: mean of the immediate answers to the satisfaction question}."""
    stmt = (
        sa.select(Response.program_id, sa.func.avg(Answer.value_number))
        .join(Answer, Answer.response_id == Response.id)
        # "+ 0": the answers are found through their responses (a few thousand a chunk), never
        # through the question's index, which PostgreSQL otherwise prefers and which reads the
        # satisfaction answers of every program (five times slower at 20,000 programs)
        .join(Question, Question.id == Answer.question_id + 0)
        .where(
            among(Response.program_id, ids),
            Response.kind == ResponseKind.IMMEDIATE,
            Question.code == "satisfaction",
            Answer.value_number.is_not(None),
        )
        .group_by(Response.program_id)
    )
    return {pid: float(mean) for pid, mean in db.session.execute(stmt) if mean is not None}


def budget_totals(ids) -> dict:
    stmt = (
        sa.select(
            BudgetLine.program_id, sa.func.sum(BudgetLine.planned), sa.func.sum(BudgetLine.actual)
        )
        .where(among(BudgetLine.program_id, ids))
        .group_by(BudgetLine.program_id)
    )
    return grouped(stmt)


def objective_assessments(ids) -> dict:
    """Return {objective_id: the coordinator's assessment} of the programs' objectives."""
    stmt = (
        sa.select(ObjectiveAssessment.objective_id, ObjectiveAssessment.text)
        .join(Objective, Objective.id == ObjectiveAssessment.objective_id)
        .where(among(Objective.program_id, ids))
    )
    return dict(db.session.execute(stmt).all())


def form_questions(ids) -> dict:
    """Return {question_id: (first position, Question row)} of the programs' forms."""
    first = (
        sa.select(
            ProgramQuestion.question_id.label("qid"),
            sa.func.min(ProgramQuestion.position).label("position"),
        )
        .where(among(ProgramQuestion.program_id, ids))
        .group_by(ProgramQuestion.question_id)
        .subquery()
    )
    stmt = sa.select(
        first.c.position,
        Question.id,
        Question.text_en,
        Question.text_fr,
        Question.qtype,
        Question.choices,
    ).join(first, first.c.qid == Question.id)
    return {row.id: (row.position, row) for row in db.session.execute(stmt)}


def stream(stmt):
    """Run a select in the session's transaction, through Core (no ORM work per row), in batches.

    Rows are taken a batch at a time (partitions), not fetched one by one from the result.
    """
    result = db.session.connection().execute(stmt.execution_options(**STREAM))
    return (row for partition in result.partitions() for row in partition)


def utc(column):
    """Read a UTCDateTime column as the naive UTC it stores (ExportContext.local converts it)."""
    return sa.type_coerce(column, sa.DateTime)


def response_rows(ids):
    """Yield one row per response, by program and response: its fields, times in naive UTC."""
    stmt = (
        sa.select(
            Response.id,
            Program.title,
            utc(Occurrence.starts_at),
            utc(Response.submitted_on),
            Response.kind,
            Response.channel,
            Response.language,
        )
        .join(Program, Program.id == Response.program_id)
        .outerjoin(Occurrence, Occurrence.id == Response.occurrence_id)
        .where(among(Response.program_id, ids))
        .order_by(Response.program_id, Response.id)
    )
    return stream(stmt)


def answer_rows(ids):
    """Yield (response id, question id, number, text) in the order of response_rows."""
    stmt = (
        sa.select(
            Answer.response_id,
            Answer.question_id,
            sa.type_coerce(Answer.value_number, sa.Float),  # plain numbers, not Decimal
            Answer.value_text,
        )
        .join(Response, Response.id == Answer.response_id)
        .where(among(Response.program_id, ids))
        .order_by(Response.program_id, Answer.response_id, Answer.id)
    )
    return stream(stmt)


def with_answers(responses, answers):
    """Pair each response row with its answers' (question, number, text), merging two streams.

    Both streams come in the same order (program, response), so one pass over each suffices.
    """
    answers = iter(answers)
    pending = next(answers, None)
    for response in responses:
        rid = response[0]
        own = []
        while pending is not None and pending[0] == rid:
            own.append(pending[1:])
            pending = next(answers, None)
        yield response, own
    if pending is not None:
        raise RuntimeError("answers and responses were not read in the same order")


def comment_rows(ids):
    stmt = (
        sa.select(
            Program.title,
            Question.text_en,
            Question.text_fr,
            Answer.value_text,
            utc(Response.submitted_on),
            Response.kind,
        )
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(Program, Program.id == Response.program_id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            among(Response.program_id, ids),
            Question.qtype.in_(types_where("comment")),
            Answer.value_text.is_not(None),
            Answer.value_text != "",
        )
        .order_by(Response.program_id, Response.id, Answer.id)
    )
    return stream(stmt)


def session_rows(ids):
    stmt = (
        sa.select(
            Program.title,
            utc(Occurrence.starts_at),
            utc(Occurrence.ends_at),
            Venue.name,
            Occurrence.online_link,
            Occurrence.expected_attendance,
            Occurrence.capacity,
            OccurrenceReport.headcount,
            OccurrenceReport.first_time_count,
            OccurrenceReport.observations,
        )
        .join(Program, Program.id == Occurrence.program_id)
        .outerjoin(Venue, Venue.id == Occurrence.venue_id)
        .outerjoin(OccurrenceReport, OccurrenceReport.occurrence_id == Occurrence.id)
        .where(among(Occurrence.program_id, ids))
        .order_by(Occurrence.program_id, Occurrence.starts_at, Occurrence.id)
    )
    return stream(stmt)


def budget_rows(ids):
    stmt = (
        sa.select(
            Program.title,
            BudgetLine.category,
            BudgetLine.funding_source,
            BudgetLine.description,
            BudgetLine.planned,
            BudgetLine.actual,
        )
        .join(Program, Program.id == BudgetLine.program_id)
        .where(among(BudgetLine.program_id, ids))
        .order_by(BudgetLine.program_id, BudgetLine.id)
    )
    return stream(stmt)


def debrief_rows(ids):
    """Return one row per debrief: program, kind, author, what worked, what to change …"""
    stmt = (
        sa.select(
            Program.title,
            Debrief.kind,
            Debrief.author_name,
            User.full_name,
            Debrief.what_worked,
            Debrief.what_to_change,
            Debrief.problems,
            Debrief.would_return,
            Debrief.lessons_learned,
        )
        .join(Program, Program.id == Debrief.program_id)
        .outerjoin(User, User.id == Debrief.author_id)
        .where(among(Debrief.program_id, ids))
        .order_by(Debrief.program_id, Debrief.id)
    )
    return stream(stmt)


def debrief_objective_rows(ids):
    """Return one row per objective of each debrief: program, author, objective, achieved, why."""
    stmt = (
        sa.select(
            Program.title,
            Debrief.author_name,
            User.full_name,
            Objective.statement,
            DebriefObjective.achieved,
            DebriefObjective.why,
        )
        .join(Debrief, Debrief.id == DebriefObjective.debrief_id)
        .join(Program, Program.id == Debrief.program_id)
        .join(Objective, Objective.id == DebriefObjective.objective_id)
        .outerjoin(User, User.id == Debrief.author_id)
        .where(among(Debrief.program_id, ids))
        .order_by(Debrief.program_id, Debrief.id, DebriefObjective.id)
    )
    return stream(stmt)


@dataclass
class Scope:
    """What an export covers, for its cover: titles, fiscal years, first and last session."""

    titles: list[str]
    fiscal_years: list[int]
    first: object = None
    last: object = None


def export_scope(program_ids) -> Scope:
    """Return the titles (first 50), fiscal years and session span of the exported programs."""
    scope = Scope([], [])
    years, first, last = set(), None, None
    for start in range(0, len(program_ids), CHUNK):
        ids = program_ids[start : start + CHUNK]
        if len(scope.titles) < 50:
            stmt = sa.select(Program.title).where(among(Program.id, ids)).order_by(Program.id)
            scope.titles.extend(db.session.scalars(stmt.limit(50 - len(scope.titles))))
        stmt = sa.select(Program.fiscal_year).where(among(Program.id, ids)).distinct()
        years.update(y for y in db.session.scalars(stmt) if y is not None)
        low, high = db.session.execute(
            sa.select(sa.func.min(Occurrence.starts_at), sa.func.max(Occurrence.starts_at)).where(
                among(Occurrence.program_id, ids)
            )
        ).one()
        first = low if first is None or (low is not None and low < first) else first
        last = high if last is None or (high is not None and high > last) else last
    scope.fiscal_years, scope.first, scope.last = sorted(years), first, last
    return scope


def distribution_counts(ids) -> list:
    """Return (question_id, value, count) of immediate answers to 1–5 scale questions."""
    stmt = (
        sa.select(Answer.question_id, Answer.value_number, sa.func.count(Answer.id))
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            among(Response.program_id, ids),
            Response.kind == ResponseKind.IMMEDIATE,
            Question.qtype.in_(types_where("five_point")),
            Answer.value_number.is_not(None),
        )
        .group_by(Answer.question_id, Answer.value_number)
    )
    return db.session.execute(stmt).all()
