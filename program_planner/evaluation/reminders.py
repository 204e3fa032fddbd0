"""Reminders, every minute, each sent once and never after the thing is done.

- A session's headcount not recorded by the morning after (REMINDER_MORNING_HOUR, library
  time): the frontline staff of the program's branch and the program's owner.
- The owner's debrief not written DEBRIEF_DUE_DAYS after the last session: the owner.
- The evaluation still open (the program not marked evaluated) EVALUATION_OPEN_DAYS after the
  last session: the owner.

Each reminder is recorded (notifications.models.ReminderSent, unique per kind and object)
in the transaction that adds it, so a second run, or a second worker, sends nothing. What
ended more than LOOK_BACK ago is left alone (no flood of old reminders when this arrives).
"""

from datetime import timedelta

import sqlalchemy as sa

from program_planner.auth.models import Role
from program_planner.evaluation.models import Debrief, DebriefKind, OccurrenceReport
from program_planner.extensions import db
from program_planner.jobs.tasks import upkeep
from program_planner.notifications.models import ReminderSent
from program_planner.notifications.service import (
    active_staff,
    claim_reminder,
    local_midnight,
    notify,
)
from program_planner.occurrences.models import Occurrence
from program_planner.programs.models import Program, Status

RUNNING = (Status.APPROVED, Status.SCHEDULED, Status.DELIVERED)
LOOK_BACK = timedelta(days=30)
HEADCOUNT, DEBRIEF, EVALUATION = "headcount", "debrief_due", "evaluation_open"


def _setting(name, default):
    from flask import current_app

    return current_app.config.get(name, default)


def _not_reminded(kind, object_id_column):
    return ~sa.exists().where(ReminderSent.kind == kind, ReminderSent.object_id == object_id_column)


def headcounts_due(now) -> list:
    """Return (session, program) pairs whose headcount is due and missing, not reminded yet."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(_setting("BABEL_DEFAULT_TIMEZONE", "UTC"))
    morning = now.astimezone(zone).hour >= _setting("REMINDER_MORNING_HOUR", 9)
    due_before = local_midnight(now, 0 if morning else 1)  # sessions of yesterday (or before)
    return db.session.execute(
        sa.select(Occurrence, Program)
        .join(Program, Program.id == Occurrence.program_id)
        .where(
            Occurrence.starts_at < due_before,
            Occurrence.starts_at >= due_before - LOOK_BACK,
            Program.status.in_(RUNNING),
            ~sa.exists().where(OccurrenceReport.occurrence_id == Occurrence.id),
            _not_reminded(HEADCOUNT, Occurrence.id),
        )
        .order_by(Occurrence.starts_at, Occurrence.id)
    ).all()


def _last_sessions():
    return (
        sa.select(Occurrence.program_id, sa.func.max(Occurrence.ends_at).label("last"))
        .group_by(Occurrence.program_id)
        .subquery()
    )


def debriefs_due(now) -> list:
    """Return (program, last session end) whose owner's debrief is due and not written."""
    last = _last_sessions()
    due = now - timedelta(days=_setting("DEBRIEF_DUE_DAYS", 3))
    return db.session.execute(
        sa.select(Program, last.c.last)
        .join(last, last.c.program_id == Program.id)
        .where(
            last.c.last <= due,
            last.c.last >= due - LOOK_BACK,
            Program.status.in_((*RUNNING, Status.EVALUATED)),
            Program.owner_id.is_not(None),
            ~sa.exists().where(
                Debrief.program_id == Program.id,
                Debrief.kind == DebriefKind.STAFF,
                Debrief.author_id == Program.owner_id,
            ),
            _not_reminded(DEBRIEF, Program.id),
        )
        .order_by(Program.id)
    ).all()


def evaluations_open(now) -> list:
    """Return (program, last session end) not marked evaluated a week after the last session."""
    last = _last_sessions()
    due = now - timedelta(days=_setting("EVALUATION_OPEN_DAYS", 7))
    return db.session.execute(
        sa.select(Program, last.c.last)
        .join(last, last.c.program_id == Program.id)
        .where(
            last.c.last <= due,
            last.c.last >= due - LOOK_BACK,
            Program.status.in_(RUNNING),
            Program.owner_id.is_not(None),
            _not_reminded(EVALUATION, Program.id),
        )
        .order_by(Program.id)
    ).all()


def send_reminders(now) -> dict:
    """Send every reminder that is due; commit after each; return how many of each kind."""
    sent = {HEADCOUNT: 0, DEBRIEF: 0, EVALUATION: 0}
    for occurrence, program in headcounts_due(now):
        if claim_reminder(HEADCOUNT, occurrence.id, now):
            frontline = active_staff(Role.FRONTLINE, branch_id=program.branch_id)
            params = {"occurrence_id": occurrence.id, "starts_at": occurrence.starts_at.isoformat()}
            recipients = [*frontline, program.owner]
            notify(recipients, "reminder_headcount", program=program, params=params, now=now)
            sent[HEADCOUNT] += 1
        db.session.commit()
    for kind, rows, notice in (
        (DEBRIEF, debriefs_due(now), "reminder_debrief"),
        (EVALUATION, evaluations_open(now), "reminder_evaluation"),
    ):
        for program, last in rows:
            if claim_reminder(kind, program.id, now):
                params = {"last_session": last.isoformat()}
                notify([program.owner], notice, program=program, params=params, now=now)
                sent[kind] += 1
            db.session.commit()
    return sent


@upkeep("reminders: headcounts, debriefs, evaluations")
def _send_reminders(now):
    return send_reminders(now)
