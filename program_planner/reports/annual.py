"""Annual statistics: programs and attendance by audience and delivery mode, for the agency.

A program counts in a year when at least one of its sessions starts in that (local) year;
its sessions and headcounts of that year are summed. Programs not approved (drafts, proposals
under review, declined, cancelled) are left out. Aggregated in SQL (GROUP BY); the workbook
is built with openpyxl, with no Flask in it.
"""

import re
from dataclasses import dataclass
from datetime import date
from io import BytesIO

import sqlalchemy as sa

from program_planner.evaluation.models import OccurrenceReport
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.occurrences.service import local_day, local_midnight
from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import PUBLISHED_STATUSES, DeliveryMode, Program

# The agency's delivery categories, in the order agencies ask for them
ON_SITE, OFF_SITE, LIVE_ONLINE, RECORDED = "on_site", "off_site", "live_online", "recorded"
MODE_CATEGORIES = (ON_SITE, OFF_SITE, LIVE_ONLINE, RECORDED)
MODE_MAP = {
    DeliveryMode.IN_BRANCH: ON_SITE,
    DeliveryMode.HYBRID: ON_SITE,  # kept simple: a hybrid program counts as in person on site
    DeliveryMode.OFF_SITE: OFF_SITE,
    DeliveryMode.HOMEBOUND: OFF_SITE,
    DeliveryMode.ONLINE: LIVE_ONLINE,
}
ALL_ADULTS = "all"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Row:
    """One line of a table: what it counts, and programs, sessions and attendance."""

    key: object
    label: str
    programs: int = 0
    sessions: int = 0
    attendance: int = 0


@dataclass
class AnnualStatistics:
    """A year's statistics: by audience (first row "All adults") and by delivery mode."""

    year: int
    by_audience: list
    by_mode: list

    @property
    def empty(self) -> bool:
        return not any(r.programs for r in self.by_mode)

    @property
    def total(self) -> Row:
        return self.by_audience[0]


def year_bounds(year: int):
    """Return the start of the local year and of the next one, as aware UTC instants."""
    return local_midnight(date(year, 1, 1)), local_midnight(date(year + 1, 1, 1))


def _sessions_of_year(year: int):
    """Return a select of the year's sessions of approved programs, with their headcounts."""
    start, end = year_bounds(year)
    return (
        sa.select()
        .select_from(Occurrence)
        .join(Program, Program.id == Occurrence.program_id)
        .outerjoin(OccurrenceReport, OccurrenceReport.occurrence_id == Occurrence.id)
        .where(
            Program.status.in_(PUBLISHED_STATUSES),
            Occurrence.starts_at >= start,
            Occurrence.starts_at < end,
        )
    )


def _counts():
    return (
        sa.func.count(sa.distinct(Program.id)),
        sa.func.count(Occurrence.id),
        sa.func.coalesce(sa.func.sum(OccurrenceReport.headcount), 0),
    )


def annual_statistics(year: int, mode_labels: dict, all_label: str) -> AnnualStatistics:
    """Return the year's counts in two grouped queries; labels name categories for people."""
    mode = sa.case(
        *[(Program.delivery_mode == m.value, c) for m, c in MODE_MAP.items()], else_=ON_SITE
    ).label("category")
    by_mode = {
        category: (programs, sessions, attendance)
        for category, programs, sessions, attendance in db.session.execute(
            _sessions_of_year(year).add_columns(mode, *_counts()).group_by(mode)
        )
    }
    mode_rows = [
        Row(c, str(mode_labels[c]), *[int(v) for v in by_mode.get(c, (0, 0, 0))])
        for c in MODE_CATEGORIES
    ]
    audience = (
        _sessions_of_year(year)
        .join(ProgramTargetGroup, ProgramTargetGroup.program_id == Program.id)
        .join(TargetGroup, TargetGroup.id == ProgramTargetGroup.target_group_id)
        .add_columns(TargetGroup.id, TargetGroup.name, *_counts())
        .group_by(TargetGroup.id, TargetGroup.name)
        .order_by(TargetGroup.name, TargetGroup.id)
    )
    audience_rows = [
        Row(gid, name, int(p), int(s), int(a))
        for gid, name, p, s, a in db.session.execute(audience)
    ]
    # every program has one delivery mode, so the mode table adds up to all adults
    everyone = Row(
        ALL_ADULTS,
        str(all_label),
        sum(r.programs for r in mode_rows),
        sum(r.sessions for r in mode_rows),
        sum(r.attendance for r in mode_rows),
    )
    return AnnualStatistics(year, [everyone, *audience_rows], mode_rows)


def years_with_sessions(today: date) -> list[int]:
    """Return the years from the first to the last session (and this year), newest first."""
    first, last = db.session.execute(
        sa.select(sa.func.min(Occurrence.starts_at), sa.func.max(Occurrence.starts_at))
    ).one()
    years = {today.year}
    if first is not None:
        years.update(range(local_day(first).year, local_day(last).year + 1))
    return sorted(years, reverse=True)


# --- Excel ---------------------------------------------------------------------------------------


def text_cell(cell, value) -> None:
    """Put text in a cell as a string, never a formula, without control characters."""
    cell.value = CONTROL_CHARACTERS.sub("", str(value))
    cell.data_type = "s"


def _sheet(workbook, title, heading, headers, rows, notes):
    """Add a sheet: a title row, a bold frozen header with filters, the rows, then notes."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title[:31])
    text_cell(sheet.cell(row=1, column=1), heading)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row=3, column=col)
        text_cell(cell, header)
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=4):
        text_cell(sheet.cell(row=r, column=1), row.label)
        for col, value in enumerate((row.programs, row.sessions, row.attendance), start=2):
            cell = sheet.cell(row=r, column=col, value=value)
            cell.number_format = "#,##0"
    last = 3 + len(rows)
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(headers))}{last}"
    for i, note in enumerate(notes):
        text_cell(sheet.cell(row=last + 2 + i, column=1), note)
    widest = max([len(str(r.label)) for r in rows] + [len(str(headers[0]))])
    sheet.column_dimensions["A"].width = min(60, max(24, widest + 2))
    for col in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = max(
            14, len(str(headers[col - 1])) + 4
        )
    return sheet


def workbook_bytes(stats: AnnualStatistics, texts: dict) -> bytes:
    """Return the .xlsx of the year's statistics; texts holds the translated words it needs.

    texts: heading, audience, mode, audience_header, mode_header, programs, sessions,
    attendance, audience_notes (list), mode_notes (list).
    """
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    numbers = [texts["programs"], texts["sessions"], texts["attendance"]]
    _sheet(
        workbook,
        texts["audience"],
        texts["heading"],
        [texts["audience_header"], *numbers],
        stats.by_audience,
        texts["audience_notes"],
    )
    _sheet(
        workbook,
        texts["mode"],
        texts["heading"],
        [texts["mode_header"], *numbers],
        stats.by_mode,
        texts["mode_notes"],
    )
    workbook.properties.title = CONTROL_CHARACTERS.sub("", str(texts["heading"]))[:200]
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
