"""Rules of annual statistics data: the chosen profile, how a program counts, its recordings."""

from collections import defaultdict

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.reports.annual.models import (
    ActivityKind,
    Audience,
    ProgramCounting,
    Recording,
    ReportingSettings,
)
from program_planner.reports.annual.profiles import DEFAULT_PROFILE, PROFILES

SETTINGS_ID = 1


def settings_row(for_update=False) -> ReportingSettings | None:
    """Return the library's reporting settings row (None until first saved)."""
    stmt = sa.select(ReportingSettings).where(ReportingSettings.id == SETTINGS_ID)
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(stmt)


def chosen_profile() -> str:
    """Return the profile annual statistics follow (the default until an admin chooses)."""
    row = settings_row()
    return row.profile if row is not None and row.profile in PROFILES else DEFAULT_PROFILE


def year_start_month() -> int:
    """Return the month the library's reporting year starts in (1: the calendar year)."""
    row = settings_row()
    month = row.year_start_month if row is not None else None
    return month if month in range(1, 13) else 1


def save_settings(
    row: ReportingSettings | None, *, profile: str, year_start_month: int = 1
) -> ReportingSettings:
    """Set the reporting profile and year; create the settings row on the first save."""
    if row is None:
        row = ReportingSettings(id=SETTINGS_ID)
        db.session.add(row)
    row.profile = profile
    row.year_start_month = year_start_month
    db.session.flush()
    return row


def counting_of(program_id: int, for_update=False) -> ProgramCounting | None:
    """Return how the program counts (None: the defaults, adults and a scheduled program)."""
    stmt = sa.select(ProgramCounting).where(ProgramCounting.program_id == program_id)
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(stmt)


def save_counting(program, row: ProgramCounting | None, *, audience, activity) -> ProgramCounting:
    """Set the program's audience and kind of activity; create its row on the first save."""
    if row is None:
        row = ProgramCounting(program_id=program.id)
        db.session.add(row)
    row.audience, row.activity = Audience(audience), ActivityKind(activity)
    db.session.flush()
    return row


def save_recording(program, item: Recording | None, form) -> Recording:
    """Add or change a recording of the program and its views in the first 30 days."""
    if item is None:
        item = Recording(program_id=program.id)
        db.session.add(item)
    item.title = form.title.data.strip()
    item.posted_on = form.posted_on.data
    item.views_30_days = form.views_30_days.data or 0
    db.session.flush()
    return item


def load_section(programs) -> dict:
    """Return {program_id: (counting row or None, [recordings])} in two queries."""
    ids = [p.id for p in programs]
    rows = {
        r.program_id: r
        for r in db.session.scalars(
            sa.select(ProgramCounting).where(ProgramCounting.program_id.in_(ids))
        )
    }
    recordings = defaultdict(list)
    for r in db.session.scalars(
        sa.select(Recording)
        .where(Recording.program_id.in_(ids))
        .order_by(Recording.posted_on, Recording.id)
    ):
        recordings[r.program_id].append(r)
    return {pid: (rows.get(pid), recordings[pid]) for pid in ids}
