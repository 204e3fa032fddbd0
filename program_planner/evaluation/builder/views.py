"""Routes of the question bank and the form templates (coordinators and administrators)."""

from types import SimpleNamespace

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.auth.forms import ConfirmForm
from program_planner.catalogues import CATALOGUES
from program_planner.db import begin_write, locked
from program_planner.evaluation import bp
from program_planner.evaluation.builder import (
    program_views,  # noqa: F401
    service,
)
from program_planner.evaluation.builder.forms import (
    AddQuestionsForm,
    MoveForm,
    QuestionForm,
    TemplateForm,
)
from program_planner.evaluation.models import FormTemplate, Question, TemplateQuestion
from program_planner.extensions import db
from program_planner.saving import (
    CONFLICT,
    EditConflict,
    as_seen,
    keep_typed,
    lock_for_edit,
    version_of,
)
from program_planner.web import csrf_checked_by_form

# The bank and the templates sit beside the other catalogues coordinators keep.
BANK_TAB = SimpleNamespace(name="evaluation_questions", title=_l("Evaluation questions"))
TEMPLATES_TAB = SimpleNamespace(name="form_templates", title=_l("Form templates"))
CATALOGUES.append(("evaluation.bank_questions", BANK_TAB))
CATALOGUES.append(("evaluation.form_templates", TEMPLATES_TAB))


def attach_error(form, error) -> None:
    """Show a service's refusal at its field, or at the top of the form."""
    target = getattr(form, error.field or "", None)
    if target is None:
        form.form_errors.append(str(error))
    else:
        target.errors = [*target.errors, str(error)]


def question_form(question=None, **kwargs) -> QuestionForm:
    """Return the question form, filled from question on first display."""
    form = QuestionForm(obj=question, **kwargs)
    if not form.is_submitted():
        form.choices.data = service.choices_text(question.choices if question else [])
        if question is not None:
            form.version.data = question.version
            form.outcome_type.data = question.outcome_type.value if question.outcome_type else ""
    return form


# --- Question bank ---------------------------------------------------------------------------


@bp.route("/evaluation/questions")
@permission_required(perm.can_manage_question_bank)
def bank_questions():
    """List the question bank, standard questions marked."""
    return render_template(
        "evaluation/builder/questions.html",
        questions=service.bank_questions(),
        kind=BANK_TAB,
        catalogues=CATALOGUES,
        toggle_form=ConfirmForm(),
    )


@bp.route("/evaluation/questions/new", methods=["GET", "POST"])
@bp.route("/evaluation/questions/<int:bank_question_id>", methods=["GET", "POST"])
@permission_required(perm.can_manage_question_bank)
@csrf_checked_by_form
def bank_question_edit(bank_question_id=None):
    """Add a question to the bank or change one; its type is fixed once it has answers."""
    question = db.get_or_404(Question, bank_question_id) if bank_question_id else None
    if question is not None and question.program_id is not None:
        abort(404)  # a program's own question is edited on its program's form
    form = question_form(question)
    if form.validate_on_submit() and _save_bank_question(form, question, bank_question_id):
        flash(_("Question saved."), "success")
        return redirect(url_for("evaluation.bank_questions"))
    return render_template(
        "evaluation/builder/question_form.html",
        form=form,
        question=question,
        back_url=url_for("evaluation.bank_questions"),
        kind=BANK_TAB,
        catalogues=CATALOGUES,
    ), 422 if form.errors or form.form_errors else 200


def _save_bank_question(form, question, bank_question_id) -> bool:
    """Save with the version seen and commit; on a refusal or conflict keep what was typed."""
    try:
        question = lock_for_edit(Question, bank_question_id)
        with as_seen(question, form.version.data):
            service.save_question(question, form)
        db.session.commit()
        return True
    except service.BuilderError as error:
        db.session.rollback()
        attach_error(form, error)
    except sa.exc.IntegrityError:
        db.session.rollback()
        form.code.errors = [*form.code.errors, _("Another question already uses this code.")]
    except EditConflict:
        db.session.rollback()
        keep_typed(form, version_of(question), CONFLICT)
    return False


@bp.route("/evaluation/questions/<int:bank_question_id>/set-active", methods=["POST"])
@permission_required(perm.can_manage_question_bank)
def bank_question_set_active(bank_question_id):
    """Withdraw a question from new forms, or offer it again (questions are never deleted)."""
    question = db.get_or_404(Question, bank_question_id)
    if question.program_id is not None or not ConfirmForm().validate_on_submit():
        abort(404 if question.program_id is not None else 400)
    service.set_question_active(question, not question.active)
    db.session.commit()
    if question.active:
        flash(_("“%(q)s” is offered again.", q=question.text_en), "success")
    else:
        flash(_("“%(q)s” is withdrawn: forms that use it keep it.", q=question.text_en), "success")
    return redirect(url_for("evaluation.bank_questions"))


# --- Form templates --------------------------------------------------------------------------


@bp.route("/evaluation/templates")
@permission_required(perm.can_manage_question_bank)
def form_templates():
    """List the form templates programs can start from."""
    return render_template(
        "evaluation/builder/templates.html",
        templates=service.all_templates(),
        kind=TEMPLATES_TAB,
        catalogues=CATALOGUES,
    )


def _render_template_page(template, form=None, add_form=None):
    rows = service.template_questions(template.id) if template else []
    present = {tq.question_id for tq in rows}
    if add_form is None:
        add_form = AddQuestionsForm(formdata=None)
    if template is not None:
        add_form.questions.choices = [
            (q.id, q.text_en)
            for q in service.bank_questions(active_only=True)
            if q.id not in present
        ]
    status = 422 if (form and form.errors) or add_form.errors else 200
    return render_template(
        "evaluation/builder/template_form.html",
        template=template,
        form=form,
        rows=rows,
        add_form=add_form,
        button_form=ConfirmForm(),
        kind=TEMPLATES_TAB,
        catalogues=CATALOGUES,
    ), status


@bp.route("/evaluation/templates/new", methods=["GET", "POST"])
@bp.route("/evaluation/templates/<int:form_template_id>", methods=["GET", "POST"])
@permission_required(perm.can_manage_question_bank)
@csrf_checked_by_form
def form_template_edit(form_template_id=None):
    """Create a template or change its name, description and whether it is offered."""
    template = db.get_or_404(FormTemplate, form_template_id) if form_template_id else None
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        try:
            template = lock_for_edit(FormTemplate, form_template_id)
            with as_seen(template, form.version.data):
                template = service.save_template(template, form)
            db.session.commit()
        except service.BuilderError as error:
            db.session.rollback()
            attach_error(form, error)
        except sa.exc.IntegrityError:
            db.session.rollback()
            form.name.errors = [*form.name.errors, _("Another template already has this name.")]
        except EditConflict:
            db.session.rollback()
            keep_typed(form, version_of(template), CONFLICT)
        else:
            flash(_("Template saved."), "success")
            return redirect(url_for("evaluation.form_template_edit", form_template_id=template.id))
        template = db.session.get(FormTemplate, form_template_id) if form_template_id else None
    return _render_template_page(template, form=form)


def _lock_template(form_template_id) -> FormTemplate:
    begin_write(db.session)
    template = db.session.scalar(
        locked(sa.select(FormTemplate).where(FormTemplate.id == form_template_id))
    )
    if template is None:
        abort(404)
    return template


@bp.route("/evaluation/templates/<int:form_template_id>/questions", methods=["POST"])
@permission_required(perm.can_manage_question_bank)
@csrf_checked_by_form
def form_template_add_questions(form_template_id):
    """Add ticked bank questions to the end of a template."""
    template = db.get_or_404(FormTemplate, form_template_id)
    add_form = AddQuestionsForm()
    add_form.questions.choices = [(q.id, q.text_en) for q in service.bank_questions(True)]
    if not add_form.validate_on_submit():
        return _render_template_page(
            template, form=TemplateForm(formdata=None, obj=template), add_form=add_form
        )
    template = _lock_template(form_template_id)
    added = service.add_template_questions(template, add_form.questions.data)
    db.session.commit()
    flash(_("%(n)s question(s) added.", n=added), "success")
    return redirect(
        url_for("evaluation.form_template_edit", form_template_id=template.id, _anchor="questions")
    )


def _template_row(form_template_id, form_template_question_id):
    template = _lock_template(form_template_id)
    row = db.session.get(TemplateQuestion, form_template_question_id)
    if row is None or row.template_id != template.id:
        abort(404)
    return template, row


def _back_to_template(template):
    return redirect(
        url_for("evaluation.form_template_edit", form_template_id=template.id, _anchor="questions")
    )


@bp.route(
    "/evaluation/templates/<int:form_template_id>/questions/<int:form_template_question_id>/move",
    methods=["POST"],
)
@permission_required(perm.can_manage_question_bank)
def form_template_question_move(form_template_id, form_template_question_id):
    """Move a question up or down the template."""
    template, row = _template_row(form_template_id, form_template_question_id)
    form = MoveForm()
    if not form.validate_on_submit():
        db.session.rollback()
        flash(_("Choose to move the question up or down."), "warning")
        return _back_to_template(template)
    service.move_row(service.template_questions(template.id), row, form.direction.data)
    db.session.commit()
    return _back_to_template(template)


@bp.route(
    "/evaluation/templates/<int:form_template_id>/questions/<int:form_template_question_id>/required",
    methods=["POST"],
)
@permission_required(perm.can_manage_question_bank)
def form_template_question_required(form_template_id, form_template_question_id):
    """Make a template's question required, or optional again."""
    template, row = _template_row(form_template_id, form_template_question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    row.required = not row.required
    db.session.commit()
    return _back_to_template(template)


@bp.route(
    "/evaluation/templates/<int:form_template_id>/questions/<int:form_template_question_id>/delete",
    methods=["POST"],
)
@permission_required(perm.can_manage_question_bank)
def form_template_question_delete(form_template_id, form_template_question_id):
    """Take a question off a template (forms already started from it keep it)."""
    template, row = _template_row(form_template_id, form_template_question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    text = row.question.text_en
    db.session.delete(row)
    db.session.commit()
    flash(_("“%(q)s” removed from the template.", q=text), "success")
    return _back_to_template(template)
