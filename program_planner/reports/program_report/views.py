"""Routes of the program report: plan against reality, and the coordinator's assessments."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.evaluation.engine import current_language
from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.models import ResponseKind
from program_planner.extensions import db
from program_planner.programs.items import load_program
from program_planner.programs.sections import Section, register_section
from program_planner.reports import bp
from program_planner.reports.charts import SCALE_5, bar_chart, stacked_bar
from program_planner.reports.program_report import learning  # noqa: F401 - registers its global
from program_planner.reports.program_report.assessment import (
    CONFLICT,
    AssessmentForm,
    form_for,
    program_objective,
    save_assessment,
)
from program_planner.reports.program_report.report import (
    assessments_for,
    load_report,
    load_results_sections,
)
from program_planner.reports.program_report.words import describe, describe_target, verdict_counts
from program_planner.saving import EditConflict, keep_typed, version_of
from program_planner.web import csrf_checked_by_form

EXPORT_RULE = "/programs/<int:program_id>/export"

register_section(
    Section(
        key="results",
        title=_l("Results"),
        template="reports/report_section.html",
        order=130,
        load=load_results_sections,
        proposal=False,
        visible=perm.can_view_program_report,
    )
)


def _viewable_program(program_id, for_update=False):
    program = load_program(program_id, for_update=for_update)
    if not perm.can_view_program_report(current_user, program):
        abort(403)
    return program


def _export_url(program_id) -> str:
    """The Excel export of this program (POST), wherever the export part registered it."""
    for rule in current_app.url_map.iter_rules():
        if rule.rule == EXPORT_RULE and "POST" in rule.methods:
            return url_for(rule.endpoint, program_id=program_id)
    return EXPORT_RULE.replace("<int:program_id>", str(program_id))


def _question_charts(report) -> dict:
    """Return {question_id: [(kind, svg, rows, n)]}: a distribution chart per response kind."""
    language = current_language()
    kinds = [ResponseKind.IMMEDIATE]
    if report.responses[ResponseKind.FOLLOW_UP]:
        kinds.append(ResponseKind.FOLLOW_UP)
    charts = {}
    for result in report.questions:
        question = result.question
        colours = tuple(SCALE_5[i] for i in kind_of(question).chart_colours)
        charts[question.id] = [
            (
                kind,
                stacked_bar(
                    f"q{question.id}-{kind.value}",
                    f"{question.text(language)} ({kind.label})",
                    result.rows(kind),
                    colours=colours,
                ),
                result.rows(kind),
                result.n(kind),
            )
            for kind in kinds
        ]
    return charts


def _render(program, posted=None, posted_objective=None, status=200):
    report = load_report(program)
    forms = {}
    if perm.can_assess_objectives(current_user):
        for result in report.results:
            oid = result.objective.id
            saved = report.assessments.get(oid, (None, ""))[0]
            forms[oid] = form_for(oid, saved)
    if posted is not None and posted_objective is not None:
        forms[posted_objective.id] = posted
    sessions_rows = [
        (_("Session %(n)d", n=i), report_row.headcount if report_row else 0)
        for i, (_occurrence, report_row) in enumerate(report.sessions, start=1)
    ]
    return render_template(
        "reports/report.html",
        program=program,
        report=report,
        forms=forms,
        posted=posted if posted_objective is None else None,
        verdicts=verdict_counts(report.results),
        describe=describe,
        describe_target=describe_target,
        question_charts=_question_charts(report),
        sessions_rows=sessions_rows,
        sessions_chart=bar_chart("sessions-chart", _("Headcount per session"), sessions_rows),
        channels_chart=bar_chart(
            "channels-chart",
            _("How attendees heard about the program"),
            [(c.label, c.heard) for c in report.channels],
            highlight=[c.label for c in report.channels if c.status == "unplanned"],
        ),
        export_url=_export_url(program.id) if perm.can_export(current_user) else None,
    ), status


@bp.route("/programs/<int:program_id>/report")
@permission_required(perm.can_view_programs)
def program_report(program_id):
    """Show a program's plan against reality: attendance, budget, objectives, answers, debriefs."""
    return _render(_viewable_program(program_id))


@bp.route("/programs/<int:program_id>/report/assessment", methods=["POST"])
@permission_required(perm.can_assess_objectives)
@csrf_checked_by_form
def assess_objective(program_id):
    """Save the coordinator's assessment of one objective; a conflict keeps the text typed."""
    program = _viewable_program(program_id)
    form = AssessmentForm.posted()
    objective = program_objective(program, form.objective_id_value())
    if form.validate_on_submit():
        if objective is None:
            form.form_errors.append(_("Choose an objective of this program to assess."))
            return _render(program, form, None, 422)
        try:
            program = _viewable_program(program_id, for_update=True)
            save_assessment(objective, form.text.data, form.version.data, current_user)
            db.session.commit()
        except EditConflict:
            db.session.rollback()
            saved = assessments_for([program.id]).get(objective.id)
            keep_typed(form, version_of(saved[0]) if saved else 0, CONFLICT)
            return _render(program, form, objective, 422)
        flash(_("Assessment saved."), "success")
        anchor = f"objective-{objective.id}"
        return redirect(url_for("reports.program_report", program_id=program.id, _anchor=anchor))
    return _render(program, form, objective, 422)
