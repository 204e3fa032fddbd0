"""The Excel export entry point: export_rows queries written through export_sheets."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from program_planner.reports import export_sheets
from program_planner.reports.excel import ChartSpec, currency_format, write_workbook
from program_planner.reports.export_rows import ExportContext, distribution_counts


def write_export(program_ids, out_file, *, language="en") -> None:
    """Write the workbook of these programs to out_file (a path or a binary file object)."""
    with force_locale(language):
        context = ExportContext(program_ids, language)
        write_workbook(
            out_file,
            export_sheets.sheets(context),
            lambda: chart_specs(context),
            money_format=currency_format(current_app.config.get("LIBRARY_CURRENCY", "CAD")),
            charts_title=_("Charts"),
        )


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
