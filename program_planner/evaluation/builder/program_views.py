"""A program's evaluation form: the program page section and the routes that change the form."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.auth.forms import ConfirmForm
from program_planner.evaluation import bp
from program_planner.evaluation.builder import program_form, service
from program_planner.evaluation.builder.forms import (
    AddQuestionsForm,
    FormQuestionForm,
    MoveForm,
    QuestionForm,
    UseTemplateForm,
)
from program_planner.evaluation.models import FormTemplate
from program_planner.extensions import db
from program_planner.programs.items import attach_error, load_program
from program_planner.programs.sections import Section, register_section
from program_planner.saving import CONFLICT, EditConflict, as_seen, keep_typed, version_of
from program_planner.web import csrf_checked_by_form

register_section(
    Section(
        key="evaluation_form",
        title=_l("Evaluation form"),
        template="evaluation/builder/_evaluation_form.html",
        order=100,
        load=program_form.load_evaluation_forms,
        proposal=False,
    )
)


def _program(program_id, for_update=False):
    """Load the program (404) and check that the person may change its evaluation form (403)."""
    program = load_program(program_id, for_update=for_update)
    if not perm.can_edit_evaluation_form(current_user, program):
        abort(403)
    return program


def _back(program):
    return redirect(url_for("programs.detail", program_id=program.id, _anchor="evaluation_form"))


def _page(template, program, status=200, **context):
    return render_template(
        f"evaluation/builder/{template}",
        program=program,
        back_url=url_for("programs.detail", program_id=program.id, _anchor="evaluation_form"),
        **context,
    ), status


@bp.route("/programs/<int:program_id>/evaluation-form/template", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def evaluation_form_template(program_id):
    """Start an empty evaluation form by copying a template's questions."""
    program = _program(program_id)
    form = UseTemplateForm()
    if not form.is_submitted() and program_form.form_questions([program.id])[program.id]:
        flash(_("This form already has questions: add more from the bank instead."), "warning")
        return _back(program)
    templates = service.active_templates()
    form.template.choices = [(t.id, t.name) for t in templates]
    if form.validate_on_submit():
        program = _program(program_id, for_update=True)
        template = db.session.get(FormTemplate, form.template.data)
        try:
            copied = program_form.copy_template(program, template)
            db.session.commit()
        except service.BuilderError as error:
            db.session.rollback()
            flash(str(error), "warning")
        else:
            flash(_("%(n)s question(s) copied from “%(t)s”.", n=copied, t=template.name), "success")
        return _back(program)
    return _page(
        "use_template.html", program, 422 if form.errors else 200, form=form, templates=templates
    )


@bp.route("/programs/<int:program_id>/evaluation-form/bank", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def evaluation_form_bank(program_id):
    """Add questions from the bank to a program's evaluation form."""
    program = _program(program_id)
    form = AddQuestionsForm()
    questions = program_form.questions_not_on_form(program.id)
    form.questions.choices = [(q.id, q.text_en) for q in questions]
    if form.validate_on_submit():
        program = _program(program_id, for_update=True)
        added = program_form.add_bank_questions(program, form.questions.data)
        db.session.commit()
        flash(_("%(n)s question(s) added to the form.", n=added), "success")
        return _back(program)
    return _page(
        "add_from_bank.html",
        program,
        422 if form.errors else 200,
        form=form,
        questions={q.id: q for q in questions},
    )


@bp.route("/programs/<int:program_id>/evaluation-form/own", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def evaluation_form_own(program_id):
    """Write a question of the program's own and add it to its form."""
    program = _program(program_id)
    form = QuestionForm()
    if not form.is_submitted():
        form.choices.data = ""
    if form.validate_on_submit():
        try:
            program = _program(program_id, for_update=True)
            question = service.save_question(None, form, program_id=program.id)
            program_form.add_own_question(program, question)
            db.session.commit()
        except service.BuilderError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("Question added: now link it to the objectives it measures."), "success")
            return _back(program)
    return _page(
        "question_form.html", program, 422 if form.errors or form.form_errors else 200,
        form=form, question=None,
    )  # fmt: skip


def _form_question(program, form_question_id):
    pq = program_form.load_form_question(program, form_question_id)
    if pq is None:
        abort(404)
    return pq


@bp.route(
    "/programs/<int:program_id>/evaluation-form/<int:form_question_id>", methods=["GET", "POST"]
)
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def evaluation_form_question(program_id, form_question_id):
    """Link a form question to the objectives it measures and say whether it is required."""
    program = _program(program_id)
    pq = _form_question(program, form_question_id)
    objectives = program_form.program_objectives([program.id])[program.id]
    form = FormQuestionForm()
    form.objectives.choices = [(o.id, o.statement) for o in objectives]
    suggested = program_form.suggested_objectives(pq, objectives)
    if not form.is_submitted():
        form.required.data = pq.required
        form.objectives.data = [o.id for o in pq.objectives] or suggested  # suggested at first
        form.version.data = version_of(pq, program_form.FORM_QUESTION_EDITS)
    if form.validate_on_submit() and _save_form_question(program_id, form_question_id, form):
        flash(_("Saved."), "success")
        return _back(program)
    return _page(
        "form_question.html",
        program,
        422 if form.errors else 200,
        form=form,
        pq=pq,
        suggested=suggested and not pq.objectives,
        objectives=objectives,
    )


def _save_form_question(program_id, form_question_id, form) -> bool:
    """Save the question's objectives and whether it is required, as seen, under the program's
    lock; False (everything ticked kept) when someone saved it meanwhile."""
    program = _program(program_id, for_update=True)
    db.session.expire_all()  # read the question as it is now, under the lock
    pq = _form_question(program, form_question_id)
    try:
        with as_seen(pq, form.version.data, program_form.FORM_QUESTION_EDITS):
            program_form.save_form_question(program, pq, form.required.data, form.objectives.data)
    except EditConflict:
        db.session.rollback()
        current = _form_question(_program(program_id), form_question_id)
        keep_typed(form, version_of(current, program_form.FORM_QUESTION_EDITS), CONFLICT)
        return False
    db.session.commit()
    return True


@bp.route(
    "/programs/<int:program_id>/evaluation-form/<int:form_question_id>/move", methods=["POST"]
)
@permission_required(perm.can_view_programs)
def evaluation_form_question_move(program_id, form_question_id):
    """Move a question up or down the program's form."""
    program = _program(program_id, for_update=True)
    pq = _form_question(program, form_question_id)
    form = MoveForm()
    if form.validate_on_submit():
        program_form.move_form_question(program, pq, form.direction.data)
        db.session.commit()
    else:
        db.session.rollback()
        flash(_("Choose to move the question up or down."), "warning")
    return _back(program)


@bp.route(
    "/programs/<int:program_id>/evaluation-form/<int:form_question_id>/delete", methods=["POST"]
)
@permission_required(perm.can_view_programs)
def evaluation_form_question_delete(program_id, form_question_id):
    """Take a question off the form; refused once it has answers for this program."""
    program = _program(program_id, for_update=True)
    pq = _form_question(program, form_question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    text = pq.question.text_en
    try:
        program_form.remove_form_question(program, pq)
        db.session.commit()
    except service.BuilderError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        flash(_("“%(q)s” removed from the form.", q=text), "success")
    return _back(program)
