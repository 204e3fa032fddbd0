"""Program list, new program, program page, basics, lifecycle actions, lessons learned."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField
from wtforms.validators import Optional

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.catalogues import CatalogueKind, register_catalogue_routes
from program_planner.db import begin_write
from program_planner.extensions import db
from program_planner.programs import bp, service
from program_planner.programs.filters import ListFilter, register_filter
from program_planner.programs.forms import (
    LessonsForm,
    ProgramBasicsForm,
    StrategicGoalForm,
    TransitionForm,
    program_filter_form_class,
)
from program_planner.programs.items import load_program
from program_planner.programs.lifecycle import LifecycleError, available_transitions
from program_planner.programs.models import (
    LANGUAGES,
    PUBLISHED_STATUSES,
    Program,
    Status,
    StrategicGoal,
)
from program_planner.saving import EditConflict, as_seen, keep_typed, version_of
from program_planner.web import csrf_checked_by_form, query_page, safe_next_url

STAGES = {
    "published": PUBLISHED_STATUSES,
    "proposal": (Status.DRAFT, Status.SUBMITTED, Status.RETURNED),
}


def stage_field():
    """The list's "stage" filter: approved or later, or not yet approved."""
    return SelectField(
        _l("Stage"),
        choices=[
            ("", _l("Any stage")),
            ("published", _l("Approved or later")),
            ("proposal", _l("Not yet approved")),
        ],
        validators=[Optional()],
    )


def filter_stage(stmt, form):
    """Keep the programs at the chosen stage of their lifecycle."""
    return stmt.where(Program.status.in_(STAGES[form.stage.data]))


register_filter(ListFilter(key="stage", order=5, make_field=stage_field, apply=filter_stage))

CONFLICT = _l(
    "Someone else saved this program while you were editing. What you typed is kept below "
    "and was not saved; check it against the current plan, then save again to keep yours."
)


def _basics_choices(form, program=None):
    branches = service.active_branches()
    if program is not None and program.branch not in branches:
        branches = [program.branch, *branches]
    form.branch_id.choices = [(0, _("Choose a branch…"))] + [(b.id, b.name) for b in branches]
    goals = service.active_goals()
    if program is not None:
        goals = goals + [g for g in program.strategic_goals if g not in goals]
    form.strategic_goals.choices = [(g.id, g.name) for g in goals]


@bp.route("/programs")
@permission_required(perm.can_view_programs)
def index():
    """List programs, filtered and searched, a page at a time."""
    form = program_filter_form_class()(request.args)
    form.branch.choices = [("", _("Any branch"))] + [
        (str(b.id), b.name) for b in service.active_branches()
    ]
    form.validate()
    pagination = service.list_programs(form, query_page())
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("programs/index.html", form=form, pagination=pagination, args=args)


@bp.route("/programs/approve-selected", methods=["POST"])
@permission_required(perm.can_approve_programs)
def approve_selected():
    """Approve the programs ticked on the list; each is checked against the lifecycle."""
    back = safe_next_url(request.form.get("next")) or url_for("programs.index")
    selection = service.parse_selection(request.form.getlist("program"))
    if not selection:
        flash(_("Tick at least one program first."), "warning")
        return redirect(back)
    if len(selection) > service.BULK_MAX:
        flash(_("Approve at most %(max)s programs at once.", max=service.BULK_MAX), "warning")
        return redirect(back)
    begin_write(db.session)
    outcomes = service.approve_selected(current_user, selection)
    db.session.commit()
    # a page, not flashed messages: one reason per program would not fit in a session cookie
    return render_template(
        "programs/bulk_result.html",
        outcomes=outcomes,
        done=[o for o in outcomes if o.done],
        refused=[o for o in outcomes if not o.done],
        missing=len(selection) - len(outcomes),
        back=back,
    )


@bp.route("/programs/new", methods=["GET", "POST"])
@permission_required(perm.can_create_program)
@csrf_checked_by_form
def new():
    """Start a new program proposal."""
    form = ProgramBasicsForm(branch_id=current_user.branch_id, languages=["en"])
    _basics_choices(form)
    if not form.is_submitted():
        form.fiscal_year.data = service.utcnow().year
    if form.validate_on_submit():
        program = service.create_program(current_user, form.data)
        db.session.commit()
        flash(
            _("Draft saved. Now add target groups, objectives and the rest of the plan."), "success"
        )
        return redirect(url_for("programs.detail", program_id=program.id))
    return render_template("programs/basics.html", form=form, program=None)


def _render_page(page, transition_forms=None, status=200, lessons_form=None):
    program = page.program
    transitions = available_transitions(current_user, program)
    forms = transition_forms or {}
    posted = next(iter(forms.values()), None)  # one comment box: what was typed stays in it
    for t in transitions:
        forms.setdefault(t.action, TransitionForm(formdata=None, version=program.version))
    return render_template(
        "programs/detail.html",
        page=page,
        program=program,
        transitions=transitions,
        transition_forms=forms,
        review_form=posted or TransitionForm(formdata=None, version=program.version),
        can_edit_proposal=perm.can_edit_proposal(current_user, program),
        can_edit_logistics=perm.can_edit_logistics(current_user, program),
        lessons_form=lessons_form or LessonsForm(formdata=None, obj=program),
    ), status


@bp.route("/programs/<int:program_id>")
@permission_required(perm.can_view_programs)
def detail(program_id):
    """Show a program's whole plan, its status and history."""
    page = service.load_program_page(program_id, current_user)
    if page is None:
        abort(404)
    return _render_page(page)


@bp.route("/programs/<int:program_id>/basics", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def basics(program_id):
    """Change a program's basics; a save based on an older version is refused, input kept."""
    program = load_program(program_id)
    if not perm.can_edit_proposal(current_user, program):
        abort(403)
    form = ProgramBasicsForm(obj=program)
    _basics_choices(form, program)
    if not form.is_submitted():
        form.strategic_goals.data = [g.id for g in program.strategic_goals]
    if form.validate_on_submit():
        try:
            program = load_program(program_id, for_update=True)
            with as_seen(program, form.version.data):
                service.update_basics(program, form.data)
            db.session.commit()
        except EditConflict:
            db.session.rollback()
            keep_typed(form, version_of(load_program(program_id)), CONFLICT)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("programs.detail", program_id=program.id))
    return render_template("programs/basics.html", form=form, program=program)


@bp.route(
    "/programs/<int:program_id>/<any(submit, approve, return, decline, schedule, deliver,"
    " evaluate, close, cancel):action>",
    methods=["POST"],
)
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def transition(program_id, action):
    """Move a program along its lifecycle; problems are shown on the page, comment kept."""
    program = load_program(program_id, for_update=True)
    form = TransitionForm()
    if form.validate_on_submit() and _transition(form, program, action):
        flash(_("Program status: %(status)s.", status=program.status.label), "success")
        return redirect(url_for("programs.detail", program_id=program.id))
    db.session.rollback()
    page = service.load_program_page(program_id, current_user)
    form.version.data = page.program.version
    if action not in {t.action for t in available_transitions(current_user, page.program)}:
        for message in form.form_errors:  # no form of that action on the page to show it at
            flash(message, "danger")
    return _render_page(page, {action: form}, status=422)


def _transition(form, program, action) -> bool:
    """Apply the action to the version seen and commit; a refusal goes on the form, or 403."""
    try:
        if form.version.data != program.version:
            raise LifecycleError(
                _("The program changed since you opened the page. Review it, then try again.")
            )
        service.apply_transition(current_user, program, action, form.comment.data)
        db.session.commit()
        return True
    except service.PermissionDenied:
        abort(403)
    except LifecycleError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
    return False


@bp.route("/programs/<int:program_id>/lessons", methods=["POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def lessons(program_id):
    """Save the lessons learned (owner, coordinators, admins)."""
    program = load_program(program_id)
    if not (perm.is_program_owner(current_user, program) or perm.is_reviewer(current_user)):
        abort(403)
    form = LessonsForm()
    if form.validate_on_submit():
        try:
            program = load_program(program_id, for_update=True)
            with as_seen(program, form.version.data):
                service.save_lessons(program, form.lessons_learned.data)
            db.session.commit()
        except EditConflict:
            db.session.rollback()
            keep_typed(form, version_of(load_program(program_id)), CONFLICT)
        else:
            flash(_("Lessons learned saved."), "success")
            return redirect(url_for("programs.detail", program_id=program.id, _anchor="lessons"))
    page = service.load_program_page(program_id, current_user)
    return _render_page(page, status=422, lessons_form=form)


register_catalogue_routes(
    bp,
    CatalogueKind(
        name="strategic_goals",
        model=StrategicGoal,
        form=StrategicGoalForm,
        title=_l("Strategic goals"),
        noun=_l("strategic goal"),
        intro=_l("The goals of the library's strategic plan that programs say they serve."),
        columns=(
            (_l("Goal"), lambda g: g.name),
            (_l("Description"), lambda g: g.description),
            (_l("Current"), lambda g: _("yes") if g.active else _("no")),
        ),
        permission=perm.can_manage_catalogues,
        save=service.save_strategic_goal,
        rows=service.all_strategic_goals,
    ),
)


@bp.app_template_filter("language_name")
def language_name(code):
    """Return a language's name, in the reader's language, for its code."""
    return LANGUAGES.get(code, code)
