"""What one program's impact report says, gathered in a fixed number of queries (no Flask view).

The figures come from the program report (reports.report: attendance, verdicts with their
intervals, the cost per attendee of reports.cost); this adds the target groups with their
community profile, the comments the programmer picked and the lessons learned.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.models import Answer, ResponseKind
from program_planner.extensions import db
from program_planner.planning.models import ProgramTargetGroup, TargetGroup, group_name
from program_planner.reports.attainment import INSUFFICIENT
from program_planner.reports.impact.models import PickedComment
from program_planner.reports.program_report.report import ProgramReport, load_report

TEXT_LIMIT = 360  # characters of a description or of lessons on one page
QUOTE_LIMIT = 160  # characters of one quoted comment


def clip(text, limit) -> str:
    """Return text cut at a word near limit, with an ellipsis (the report page has it whole)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:. ") + "…"


@dataclass
class Group:
    """A target group the program aimed at: people expected, and the community estimate."""

    name: str
    expected: int
    population: int | None


@dataclass
class ProgramImpact:
    """Everything the one-page impact report of a program shows."""

    report: ProgramReport
    title: str
    description: str
    need: str
    groups: list  # [Group]
    first_day: object  # aware datetime of the first session, or None
    last_day: object
    quotes: list  # [str], the picked comments, clipped
    lessons: str

    @property
    def program(self):
        return self.report.program

    @property
    def totals(self) -> dict:
        return self.report.totals

    @property
    def attendance_share(self) -> float | None:
        """Attendance recorded as a share of the attendance expected."""
        expected = self.totals["expected"]
        return self.totals["headcount"] / expected if expected and self.totals["reported"] else None

    @property
    def responses(self) -> int:
        return self.report.responses[ResponseKind.IMMEDIATE]

    @property
    def enough_evidence(self) -> bool:
        """Whether any objective has a verdict other than "not enough evidence"."""
        return any(r.verdict != INSUFFICIENT for r in self.report.results)

    def session_rows(self, label) -> list:
        """Return (label, headcount) of the sessions with a recorded headcount."""
        return [
            (label(i), row.headcount)
            for i, (_occurrence, row) in enumerate(self.report.sessions, start=1)
            if row is not None and row.headcount is not None
        ]

    def share_rows(self, language) -> list:
        """Return (question, % answering 4 or 5) of the 1–5 scale questions that have answers."""
        return [
            (q.question.text(language), 100 * q.share())
            for q in self.report.questions
            if kind_of(q.question).five_point and q.n() and q.share() is not None
        ]


def _groups(program_id, language) -> list[Group]:
    rows = db.session.execute(
        sa.select(
            TargetGroup.name,
            TargetGroup.name_fr,
            ProgramTargetGroup.expected_reach,
            TargetGroup.population_estimate,
        )
        .join(TargetGroup, TargetGroup.id == ProgramTargetGroup.target_group_id)
        .where(ProgramTargetGroup.program_id == program_id)
        .order_by(TargetGroup.name)
    )
    return [
        Group(group_name(name, name_fr, language), expected or 0, population)
        for name, name_fr, expected, population in rows
    ]


def picked_quotes(program_ids, limit) -> list:
    """Return [(program id, comment text)] picked for these programs, in the order picked."""
    rows = db.session.execute(
        sa.select(PickedComment.program_id, Answer.value_text)
        .join(Answer, Answer.id == PickedComment.answer_id)
        .where(PickedComment.program_id.in_(program_ids))
        .order_by(PickedComment.picked_at.desc(), PickedComment.id.desc())
        .limit(limit)
    )
    return [(pid, clip(text, QUOTE_LIMIT)) for pid, text in rows]


def program_impact(program, language) -> ProgramImpact:
    """Return the impact report of one program, in the reader's language where the plan has it."""
    report = load_report(program)
    starts = [occurrence.starts_at for occurrence, _row in report.sessions]
    french = language == "fr"
    return ProgramImpact(
        report=report,
        title=(program.title_fr if french and program.title_fr else program.title),
        description=clip(
            program.description_fr if french and program.description_fr else program.description,
            TEXT_LIMIT,
        ),
        need=clip(program.community_need, TEXT_LIMIT // 2),
        groups=_groups(program.id, language),
        first_day=min(starts) if starts else None,
        last_day=max(starts) if starts else None,
        quotes=[text for _pid, text in picked_quotes([program.id], 3)],
        lessons=clip(program.lessons_learned, TEXT_LIMIT),
    )
