"""Engagement measures by period and branch, each with its definition: GROUP BY queries only.

Reports sit above community, occurrences and evaluation, so the measures that join
consultations, needs and session headcounts live here, not in the community package.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from program_planner.auth.models import Branch
from program_planner.community.models import (
    Consultation,
    Need,
    NeedChange,
    NeedPriority,
    NeedStatus,
    ProgramNeed,
)
from program_planner.community.service import DELIVERED_STATUSES
from program_planner.evaluation.models import OccurrenceReport
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import Program

DEFINITIONS = {
    "people_consulted": (
        _l("People consulted"),
        _l(
            "People reached by consultations held in the period (focus groups, interviews, "
            "meetings, pop-ups, partner meetings, online polls), as counted at each."
        ),
    ),
    "non_users": (
        _l("Non-users reached"),
        _l("Of the people consulted, those who said they do not (yet) use the library."),
    ),
    "consultations": (
        _l("Consultations held"),
        _l("Consultations and engagement activities logged with a date in the period."),
    ),
    "first_time": (
        _l("First-time attendees"),
        _l(
            "First-time attendees recorded at sessions held in the period; by target group, "
            "counted in every group the program set out to reach."
        ),
    ),
    "needs_addressed": (
        _l("Needs moved to “being addressed”"),
        _l("Needs of the register whose status became “being addressed” in the period."),
    ),
    "high_priority_delivered": (
        _l("High-priority needs with a delivered program"),
        _l(
            "Share of high-priority needs (not set aside) answered by at least one program "
            "that has been delivered."
        ),
    ),
}


@dataclass
class Measures:
    start: date
    end: date
    branch_id: int | None
    people_consulted: int
    non_users: int
    consultations: int
    first_time: int
    needs_addressed: int
    high_priority: int
    high_priority_delivered: int
    by_branch: list  # (branch, consultations, people, non-users)
    first_time_by_group: list  # (group, first-timers)

    @property
    def high_priority_share(self) -> float | None:
        return self.high_priority_delivered / self.high_priority if self.high_priority else None


def _utc(day: date, end=False) -> datetime:
    return datetime.combine(day, time.max if end else time.min, tzinfo=UTC)


def engagement_measures(start: date, end: date, branch_id: int | None = None) -> Measures:
    """Return the measures of the period (start and end included), in five queries."""
    held = Consultation.held_on.between(start, end)
    by_branch_stmt = (
        sa.select(
            Branch.name,
            sa.func.count(Consultation.id),
            sa.func.coalesce(sa.func.sum(Consultation.people_total), 0),
            sa.func.coalesce(sa.func.sum(Consultation.non_users), 0),
        )
        .join(Branch, Branch.id == Consultation.branch_id)
        .where(held)
        .group_by(Branch.id, Branch.name)
        .order_by(Branch.name)
    )
    if branch_id:
        by_branch_stmt = by_branch_stmt.where(Consultation.branch_id == branch_id)
    by_branch = [tuple(r) for r in db.session.execute(by_branch_stmt)]

    first_stmt = (
        sa.select(TargetGroup.name, sa.func.sum(OccurrenceReport.first_time_count))
        .select_from(OccurrenceReport)
        .join(Occurrence, Occurrence.id == OccurrenceReport.occurrence_id)
        .join(Program, Program.id == Occurrence.program_id)
        .join(ProgramTargetGroup, ProgramTargetGroup.program_id == Program.id)
        .join(TargetGroup, TargetGroup.id == ProgramTargetGroup.target_group_id)
        .where(Occurrence.starts_at.between(_utc(start), _utc(end, True)))
        .group_by(TargetGroup.id, TargetGroup.name)
        .order_by(TargetGroup.name)
    )
    total_first_stmt = (
        sa.select(sa.func.coalesce(sa.func.sum(OccurrenceReport.first_time_count), 0))
        .join(Occurrence, Occurrence.id == OccurrenceReport.occurrence_id)
        .join(Program, Program.id == Occurrence.program_id)
        .where(Occurrence.starts_at.between(_utc(start), _utc(end, True)))
    )
    if branch_id:
        first_stmt = first_stmt.where(Program.branch_id == branch_id)
        total_first_stmt = total_first_stmt.where(Program.branch_id == branch_id)
    first_by_group = [(name, int(n or 0)) for name, n in db.session.execute(first_stmt)]
    first_time = int(db.session.scalar(total_first_stmt) or 0)

    moved_stmt = (
        sa.select(sa.func.count(sa.distinct(NeedChange.need_id)))
        .join(Need, Need.id == NeedChange.need_id)
        .where(NeedChange.field == "status")
        .where(NeedChange.to_value == NeedStatus.BEING_ADDRESSED.value)
        .where(NeedChange.occurred_at.between(_utc(start), _utc(end, True)))
    )
    delivered = (
        sa.select(ProgramNeed.need_id)
        .join(Program, Program.id == ProgramNeed.program_id)
        .where(Program.status.in_(DELIVERED_STATUSES))
    )
    high_stmt = sa.select(
        sa.func.count(Need.id),
        sa.func.count(sa.case((Need.id.in_(delivered), Need.id))),
    ).where(Need.priority == NeedPriority.HIGH, Need.status != NeedStatus.SET_ASIDE)
    if branch_id:
        moved_stmt = moved_stmt.where(Need.branch_id == branch_id)
        high_stmt = high_stmt.where(Need.branch_id == branch_id)
    high, high_delivered = db.session.execute(high_stmt).one()
    return Measures(
        start=start,
        end=end,
        branch_id=branch_id,
        people_consulted=sum(int(r[2]) for r in by_branch),
        non_users=sum(int(r[3]) for r in by_branch),
        consultations=sum(int(r[1]) for r in by_branch),
        first_time=first_time,
        needs_addressed=int(db.session.scalar(moved_stmt) or 0),
        high_priority=int(high or 0),
        high_priority_delivered=int(high_delivered or 0),
        by_branch=[(name, int(c), int(p), int(n)) for name, c, p, n in by_branch],
        first_time_by_group=first_by_group,
    )


def measure_rows(m: Measures) -> list[tuple]:
    """Return (key, name, value, definition) of every headline measure."""
    values = {
        "people_consulted": m.people_consulted,
        "non_users": m.non_users,
        "consultations": m.consultations,
        "first_time": m.first_time,
        "needs_addressed": m.needs_addressed,
        "high_priority_delivered": m.high_priority_share,
    }
    return [(key, name, values[key], definition) for key, (name, definition) in DEFINITIONS.items()]
