"""The Excel export entry point: export_rows queries written through export_sheets."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, format_datetime, ngettext
from flask_babel import gettext as _

from program_planner.reports.export import sheets as export_sheets
from program_planner.reports.export.excel import (
    ChartSpec,
    Cover,
    PrintSetup,
    currency_format,
    write_workbook,
)
from program_planner.reports.export.rows import (
    CHUNK,
    ExportContext,
    distribution_counts,
    export_scope,
)


def write_export(
    program_ids, out_file, *, language="en", progress=None, requested_by=None, filters=None
) -> None:
    """Write the workbook of these programs to out_file (a path or a binary file object).

    progress(percent, message), when given, is told how far the writing got (an export job).
    requested_by (a name) and filters ({label: value}) are stated on the cover.
    """
    with force_locale(language):
        context = ExportContext(program_ids, language)
        sheets = export_sheets.sheets(context, charts=lambda name: sheet_charts(context, name))
        if progress is not None:
            sheets = ExportProgress(progress, context).follow(sheets)
        title, cover = cover_of(context, requested_by, filters or {})
        config = current_app.config
        write_workbook(
            out_file,
            sheets,
            money_format=currency_format(config.get("LIBRARY_CURRENCY", "CAD"), language),
            cover=cover,
            setup=PrintSetup(
                title=f"{config['LIBRARY_NAME']} · {title}",
                generated=cover.facts[-1][1],
                page=_("Page &P of &N"),
            ),
            properties={
                "title": title,
                "subject": _("Program evaluation: plan, attendance, objectives, feedback"),
                "creator": config["LIBRARY_NAME"],
                "language": f"{language}-{config.get('LIBRARY_REGION') or 'CA'}",
                "description": _("Made with Program Planner"),
            },
        )


def cover_of(context, requested_by, filters) -> tuple[str, Cover]:
    """Return the workbook's title and its cover: scope, period, filters, how to read it."""
    scope = export_scope(context.program_ids)
    count = len(context.program_ids)
    if count == 1 and scope.titles:
        title = scope.titles[0]
    else:
        title = ngettext("%(num)d program", "%(num)d programs", count)
    tz = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    now = datetime.now(tz)
    if scope.first and scope.last:
        period = _(
            "Sessions from %(first)s to %(last)s",
            first=context.local(scope.first).date().isoformat(),
            last=context.local(scope.last).date().isoformat(),
        )
    else:
        period = _("No sessions")
    years = ", ".join(str(y) for y in scope.fiscal_years) or "—"
    generated = _("Generated %(when)s", when=format_datetime(now, "yyyy-MM-dd HH:mm"))
    if requested_by:
        generated = _(
            "Generated %(when)s by %(who)s",
            when=format_datetime(now, "yyyy-MM-dd HH:mm"),
            who=requested_by,
        )
    facts = [
        (_("Library"), current_app.config["LIBRARY_NAME"]),
        (
            _("Programs"),
            title
            if count == 1
            else "; ".join(scope.titles[:12]) + (" …" if len(scope.titles) > 12 else ""),
        ),
        (_("Fiscal years"), years),
        (_("Period"), period),
        (_("Filters"), "; ".join(f"{k}: {v}" for k, v in filters.items()) or _("None")),
        (_("Generated"), generated),
    ]
    notes = [
        (
            _("How to read a verdict"),
            _(
                "Each objective is judged against its target from the answers to the questions "
                "linked to it. “Met” means the whole %(level)s confidence interval of the share "
                "agreeing is at or above the target; “Not met” means the whole interval is below "
                "it; “Not enough evidence” means the interval straddles the target or there are "
                "too few answers to tell. The interval is given beside each share.",
                level="95 %",
            ),
        ),
        (
            _("What n means"),
            _(
                "n is the number of answers a figure is computed from. A share of 3 answers out "
                "of 4 is %(share)s but says little; read every percentage with its n.",
                share="75 %",
            ),
        ),
        (
            _("What is in this workbook"),
            _(
                "Summary: one row per program. Objectives: each objective, its target, evidence "
                "and verdict, with the answer distributions charted. Sessions: attendance against "
                "expected, charted. Budget: planned and actual by line. Responses: every answer, "
                "one row per response. Comments: what people wrote. Debriefs: one row per "
                "presenter or staff debrief, then their view of each objective."
            ),
        ),
    ]
    return title, Cover(_("About this workbook"), title, facts, notes)


class ExportProgress:
    """Turns the sheets written, and the chunks of programs each has read, into percent."""

    SHEETS = 7  # summary, objectives, sessions, budget, responses, comments, debriefs

    def __init__(self, report, context):
        self.report, self.last = report, None
        self.chunks = max(1, -(-len(context.program_ids) // CHUNK))
        self.programs = len(context.program_ids)
        self.step, self.done, self.title = 0, 0, ""
        context.on_chunk = self.chunk_read

    def follow(self, sheets):
        """Yield the sheets, reporting each as it starts; then the charts and saving."""
        for step, sheet in enumerate(sheets):
            self.step, self.done, self.title = step, 0, sheet.title
            self.send()
            yield sheet
        self.step, self.done, self.title = self.SHEETS, 0, None
        self.send()

    def chunk_read(self):
        """Count a chunk of programs read by the current sheet."""
        self.done += 1
        self.send()

    def send(self):
        """Report the percent (5 to 95) and what is being written, when either changed."""
        fraction = (self.step + min(self.done, self.chunks) / self.chunks) / self.SHEETS
        percent = 5 + int(85 * fraction)
        if self.title is None:
            percent, message = 95, _("Saving the workbook")
        else:
            message = _(
                "Writing the “%(sheet)s” sheet (%(done)s of %(total)s programs)",
                sheet=self.title,
                done=min(self.done * CHUNK, self.programs),
                total=self.programs,
            )
        if (percent, message) != self.last:
            self.last = (percent, message)
            self.report(percent, message)


def sheet_charts(context, sheet: str) -> list[ChartSpec]:
    """The charts drawn under a sheet's rows: the answer distributions under Objectives, the
    attendance under Sessions (asked once the sheet's rows are written)."""
    if sheet == "objectives":
        return [distribution_chart(context)]
    if sheet == "sessions":
        return [attendance_chart(context)]
    return []


def distribution_chart(context) -> ChartSpec:
    """The answer distributions of the 1–5 scale questions."""
    counts = {}
    for ids in context.chunks(counted=False):
        for qid, value, n in distribution_counts(ids):
            key = (qid, int(value))
            counts[key] = counts.get(key, 0) + n
    questions = sorted(
        {qid for qid, _v in counts}, key=lambda q: (context.questions.get(q, (0,))[0], q)
    )
    labels = [
        context.text(context.questions[q][1]) if q in context.questions else "" for q in questions
    ]
    return ChartSpec(
        _("Answer distributions (1 = lowest, 5 = highest)"),
        _("Answers"),
        _("Answer"),
        [_("Answer"), *labels],
        [(str(v), *(counts.get((q, v), 0) for q in questions)) for v in range(1, 6)]
        if questions
        else [],
    )


def attendance_chart(context) -> ChartSpec:
    """Attendance against expected, by session (one program) or by program."""
    return ChartSpec(
        _("Attendance against expected"),
        _("People"),
        _("Session") if len(context.program_ids) == 1 else _("Program"),
        [
            _("Session") if len(context.program_ids) == 1 else _("Program"),
            _("Expected"),
            _("Headcount"),
        ],
        context.attendance,
    )
