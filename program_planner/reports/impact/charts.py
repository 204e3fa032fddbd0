"""The impact report's charts: reports.charts bars (value axes from 0), never an empty chart.

Each function returns [(title, svg)] with only the charts that have something to show.
"""

from datetime import date

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from program_planner.reports.attainment import VERDICT_LABELS
from program_planner.reports.charts import bar_chart

MAX_BARS = 6  # a chart on a shared page stays short; its table is on the report page


def _percent(value) -> str:
    return f"{format_decimal(value, format='0')} %"


def _number(value) -> str:
    return format_decimal(value, format="#,##0")


def _period(label, unit) -> str:
    """Return a month bucket ("2026-03") as the reader says it ("Mar 2026"); a year as is."""
    if unit != "month":
        return str(label)
    year, month = str(label).split("-")
    return format_date(date(int(year), int(month), 1), "MMM y")


def _short(text, limit=30) -> str:
    """Return a label cut to fit the chart's label column."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chart(key, title, rows, **kwargs):
    rows = [(_short(label), value) for label, value in rows]
    return (
        title,
        bar_chart(f"impact-{key}", title, rows, fmt=kwargs.pop("fmt", _number), **kwargs),
    )


def program_charts(impact, language) -> list:
    """Attendance against expected, headcount per session, and the share agreeing per question."""
    made = []
    totals = impact.totals
    if totals["reported"]:
        rows = [(_("Expected"), totals["expected"]), (_("Attended"), totals["headcount"])]
        made.append(_chart("attendance", _("Attendance against expected"), rows))
        sessions = impact.session_rows(lambda n: _("Session %(n)d", n=n))
        if 1 < len(sessions) <= MAX_BARS:
            made.append(_chart("sessions", _("Headcount per session"), sessions))
    shares = impact.share_rows(language)
    if shares:
        title = _("Share answering 4 or 5 out of 5, by question")
        made.append(_chart("shares", title, shares[:5], fmt=_percent, max_value=100))
    return made


def portfolio_charts(impact) -> list:
    """Attendance by program type and by period, and the objectives' verdicts."""
    figures = impact.figures
    made = []
    if impact.total.attendance:
        by_type = [(f.label, f.attendance) for f in figures.by_type]
        made.append(_chart("types", _("Attendance by program type"), by_type[:MAX_BARS]))
        by_period = [
            (_period(f.label, figures.period_unit), f.attendance) for f in figures.by_period
        ]
        if len(by_period) > 1:
            made.append(_chart("periods", _("Attendance by period"), by_period[:12]))
    verdicts = impact.total.verdicts
    if impact.enough_evidence:
        rows = [(str(label), verdicts[key]) for key, label in VERDICT_LABELS.items()]
        made.append(_chart("verdicts", _("Objectives by verdict"), rows))
    return made
