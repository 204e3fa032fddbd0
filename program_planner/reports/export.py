"""The Excel export entry point: export_rows queries written through export_sheets."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from program_planner.reports import export_sheets
from program_planner.reports.excel import ChartSpec, currency_format, write_workbook
from program_planner.reports.export_rows import CHUNK, ExportContext, distribution_counts


def write_export(program_ids, out_file, *, language="en", progress=None) -> None:
    """Write the workbook of these programs to out_file (a path or a binary file object).

    progress(percent, message), when given, is told how far the writing got (an export job).
    """
    with force_locale(language):
        context = ExportContext(program_ids, language)
        sheets = export_sheets.sheets(context)
        if progress is not None:
            sheets = ExportProgress(progress, context).follow(sheets)
        write_workbook(
            out_file,
            sheets,
            lambda: chart_specs(context),
            money_format=currency_format(current_app.config.get("LIBRARY_CURRENCY", "CAD")),
            charts_title=_("Charts"),
        )


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
        fraction = (self.step + min(self.done, self.chunks) / self.chunks) / (self.SHEETS + 1)
        percent = 5 + int(90 * fraction)
        if self.title is None:
            message = _("Drawing the charts and saving the workbook")
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


def chart_specs(context) -> list[ChartSpec]:
    """The answer distributions of the 1–5 scale questions, and attendance against expected."""
    counts = {}
    for ids in context.chunks():
        for qid, value, n in distribution_counts(ids):
            key = (qid, int(value))
            counts[key] = counts.get(key, 0) + n
    questions = sorted(
        {qid for qid, _v in counts}, key=lambda q: (context.questions.get(q, (0,))[0], q)
    )
    labels = [
        context.text(context.questions[q][1]) if q in context.questions else "" for q in questions
    ]
    distribution = ChartSpec(
        _("Answer distributions (1 = lowest, 5 = highest)"),
        _("Answers"),
        _("Answer"),
        [_("Answer"), *labels],
        [(str(v), *(counts.get((q, v), 0) for q in questions)) for v in range(1, 6)]
        if questions
        else [],
    )
    attendance = ChartSpec(
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
    return [distribution, attendance]
