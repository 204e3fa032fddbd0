"""The counting rules: the year's figures turned into the agency's table and its cross-checks.

PLS: every session is a program (a series of 8 counts 8), counted once under its program's one
audience and once under its format. A hybrid session counts once, in person, with its attendance
split: everyone under its audience, the people in the room under onsite or offsite and those
online under live virtual. Recordings count once each with their views in the first 30 days.
One-to-one help and self-directed activities are left out, and listed.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from program_planner.programs.models import ProgramType
from program_planner.reports.annual import cells, queries
from program_planner.reports.annual.models import ActivityKind
from program_planner.reports.annual.profiles import (
    OFFSITE,
    ONSITE,
    PLS,
    PLS_AUDIENCES,
    PLS_CHECKS,
    PLS_ELEMENTS,
    PLS_FORMATS,
    PROFILES,
    PROVINCIAL,
    PROVINCIAL_CATEGORIES,
)


@dataclass
class Line:
    """One line of the agency's table: its number, label and figures."""

    number: str
    label: str
    values: tuple
    total: bool = False


@dataclass
class Check:
    """An edit check the agency runs: two totals that must be equal, and what breaks it."""

    label: str
    left: int
    right: int
    breaking: list = field(default_factory=list)  # (program id, title, start, headcount, online)

    @property
    def ok(self) -> bool:
        return self.left == self.right


@dataclass
class AnnualReport:
    """A year's statistics in one profile: the table, its checks, and the programs set aside."""

    profile: str
    period: object  # queries.Period
    columns: tuple  # number, label, then one heading per figure
    lines: list
    checks: list
    excluded: list  # (program id, title, activity label, sessions)
    unmapped: list = field(
        default_factory=list
    )  # (program id, title, type label, sessions, attendance)

    @property
    def year(self) -> int:
        """The year the reporting period starts in (its name in ?year=)."""
        return self.period.start.year

    @property
    def profile_label(self) -> str:
        return str(PROFILES[self.profile])

    @property
    def empty(self) -> bool:
        return not self.excluded and not any(any(line.values) for line in self.lines)


def _excluded(source):
    return [(pid, title, ActivityKind(a).label, n) for pid, title, a, n in source.excluded()]


def pls_figures(source) -> dict:
    """Return the PLS figures of the period by figure key (see profiles.Element.figure)."""
    audiences, places = source.by_audience(), source.by_place()
    figures = {}
    for audience in PLS_AUDIENCES:
        sessions, attendance = audiences.get(audience, (0, 0))
        figures[f"programs:{audience}"], figures[f"attendance:{audience}"] = sessions, attendance
    for place in PLS_FORMATS:
        figures[f"programs:{place}"] = places.get(place, (0, 0, 0))[0]
    figures["attendance:onsite"] = places.get(ONSITE, (0, 0, 0))[1]
    figures["attendance:offsite"] = places.get(OFFSITE, (0, 0, 0))[1]
    figures["attendance:virtual"] = sum(online for _n, _a, online in places.values())
    for kind in ("programs", "attendance"):
        figures[f"{kind}:all"] = sum(figures[f"{kind}:{a}"] for a in PLS_AUDIENCES)
        figures[f"{kind}:formats"] = sum(figures[f"{kind}:{p}"] for p in PLS_FORMATS)
    figures["recordings"], figures["views"] = source.recordings()
    return figures


def pls_report(source) -> AnnualReport:
    """Return the period's Public Libraries Survey table with its two cross-checks."""
    figures = pls_figures(source)
    lines = [Line(e.number, str(e.label), (figures[e.figure],), e.total) for e in PLS_ELEMENTS]
    by_number = {e.number: figures[e.figure] for e in PLS_ELEMENTS}
    checks = []
    for kind, left, right in PLS_CHECKS:
        check = Check(
            str(CHECK_LABELS[kind]).format(left=left, right=right),
            by_number[left],
            by_number[right],
        )
        if not check.ok and kind == "attendance":
            check.breaking = queries.breaking_sessions(source.period)
        checks.append(check)
    columns = (str(_l("Element")), str(_l("Label")), str(_l("Count")))
    return AnnualReport(PLS, source.period, columns, lines, checks, _excluded(source))


CHECK_LABELS = {
    "programs": _l("Programs: total by audience ({left}) = total by format ({right})"),
    "attendance": _l("Attendance: total by audience ({left}) = total by format ({right})"),
}


def provincial_report(source) -> AnnualReport:
    """Return the period's programs and attendance by provincial subject category."""
    counts = source.by_category(PROVINCIAL_CATEGORIES)
    lines = [
        Line(c.number, str(c.label), counts.get(c.number, (0, 0))) for c in PROVINCIAL_CATEGORIES
    ]
    left_over = counts.get(None, (0, 0))
    total = tuple(sum(values) for values in zip(*counts.values(), strict=True)) or (0, 0)
    lines.append(Line("", str(_l("Not in any category (listed below)")), left_over))
    lines.append(Line("", str(_l("All programs")), total, total=True))
    unmapped = [
        (pid, title, ProgramType(t).label, n, int(h or 0))
        for pid, title, t, n, h in source.unmapped(PROVINCIAL_CATEGORIES)
    ]
    mapped = sum(line.values[0] for line in lines[: len(PROVINCIAL_CATEGORIES)])
    checks = [Check(str(_l("Every program is in a category")), mapped, total[0])]
    columns = (str(_l("Line")), str(_l("Category")), str(_l("Programs")), str(_l("Attendance")))
    return AnnualReport(
        PROVINCIAL, source.period, columns, lines, checks, _excluded(source), unmapped
    )


BUILDERS = {PLS: pls_report, PROVINCIAL: provincial_report}


def annual_report(profile: str, period, stored: bool = True) -> AnnualReport:
    """Return the period's statistics in the given profile, from the stored cells (bring them up
    to date first: results.bring_up_to_date) or, stored=False, straight from the sessions."""
    source = cells.Stored(period) if stored else queries.Fresh(period)
    return BUILDERS[profile](source)
