"""Routes of the needs register and consultations, and the program-page section of needs."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.community import agreements, bp, marks, service
from program_planner.community.forms import NeedForm, ProgramNeedForm, consultation_form_class
from program_planner.community.models import (
    EXPIRING_DAYS,
    Consultation,
    EvidenceKind,
    Need,
    NeedPriority,
    NeedStatus,
    ProgramNeed,
)
from program_planner.community.survey.cells import bring_surveys_up_to_date
from program_planner.community.survey.service import survey_results
from program_planner.evaluation.engine import current_language
from program_planner.extensions import db
from program_planner.programs.items import ItemKind, register_item_routes
from program_planner.programs.sections import Section, register_section
from program_planner.saving import EditConflict, as_seen, keep_typed, lock_for_edit, version_of
from program_planner.web import csrf_checked_by_form, parse_id, query_id

CONFLICT = _l(
    "Someone else saved a change to this while you were editing. What you typed is kept below "
    "and was not saved; check it, then save again to keep yours."
)

FIELD_LABELS = {
    "created": _l("Added to the register"),
    "statement": _l("Need"),
    "branch": _l("Where"),
    "owner": _l("Owner"),
    "target_groups": _l("Target groups"),
    "strategic_goals": _l("Strategic goals"),
    "priority": _l("Priority"),
    "status": _l("Status"),
    "evidence": _l("Evidence added"),
}
CODED = {"priority": NeedPriority, "status": NeedStatus, "evidence": EvidenceKind}


def change_value(field, value):
    """Return a stored history value as people read it (a status by its label)."""
    choice = CODED.get(field)
    if choice and value in {c.value for c in choice}:
        return choice(value).label
    return value or "—"


register_section(
    Section(
        key="needs",
        title=_l("Community needs answered"),
        template="community/_program_needs.html",
        order=12,
        load=service.load_program_needs,
    )
)
register_item_routes(
    bp,
    ItemKind(
        name="program_needs",
        model=ProgramNeed,
        form=ProgramNeedForm,
        section="needs",
        noun=_l("need answered"),
        permission=perm.can_edit_proposal,
        save=service.save_program_need,
        prepare_form=service.prepare_program_need_form,
    ),
)
service.register_need_tracking()
marks.register_mark_tracking()


def _attach_error(form, error):
    target = getattr(form, error.field or "", None)
    if target is None:
        form.form_errors.append(str(error))
    else:
        target.errors = [*target.errors, str(error)]


# --- Needs register -------------------------------------------------------------------------
def _page() -> int:
    """Return the page asked for (the first when absent or not a number)."""
    return parse_id(request.args.get("page", "")) or 1


@bp.route("/community/needs")
@permission_required(perm.can_view_needs)
def needs():
    """List the needs register, by status and branch."""
    status = request.args.get("status", "")
    if status not in {s.value for s in NeedStatus}:
        status = ""
    branch_id = query_id("branch")
    bring_surveys_up_to_date()
    db.session.commit()  # keep the refreshed survey cells (before reading: a commit expires)
    rows, pages = service.list_needs(status or None, branch_id, page=_page())
    return render_template(
        "community/needs.html",
        survey=survey_results(current_language(), branch_id=branch_id),
        rows=rows,
        pagination=pages,
        status=status,
        branch_id=branch_id,
        branches=service.branch_choices(),
        statuses=NeedStatus,
        unanswered=False,
    )


@bp.route("/community/needs/unanswered")
@permission_required(perm.can_view_needs)
def needs_unanswered():
    """List open needs that no program answers yet."""
    branch_id = query_id("branch")
    rows, pages = service.list_needs(branch_id=branch_id, unanswered=True, page=_page())
    return render_template(
        "community/needs.html",
        rows=rows,
        pagination=pages,
        status="",
        branch_id=branch_id,
        branches=service.branch_choices(),
        statuses=NeedStatus,
        unanswered=True,
    )


@bp.route("/community/needs/<int:need_id>")
@permission_required(perm.can_view_needs)
def need_detail(need_id):
    """Show a need: evidence, programs answering it, consultations, history."""
    page = service.load_need_page(need_id)
    if page is None:
        abort(404)
    return render_template(
        "community/need.html",
        page=page,
        need=page.need,
        field_labels=FIELD_LABELS,
        change_value=change_value,
    )


@bp.route("/community/needs/new", methods=["GET", "POST"])
@permission_required(perm.can_propose_need)
@csrf_checked_by_form
def need_new():
    """Propose a need for the register."""
    return _need_form(None)


@bp.route("/community/needs/<int:need_id>/edit", methods=["GET", "POST"])
@permission_required(perm.can_propose_need)
@csrf_checked_by_form
def need_edit(need_id):
    """Change a need (its priority and status: coordinators)."""
    return _need_form(need_id)


def _need_form(need_id):
    need = db.session.get(Need, need_id) if need_id else None
    if need_id and need is None:
        abort(404)
    if need is not None and not perm.can_edit_need(current_user, need):
        abort(403)
    form = NeedForm(obj=need)
    service.prepare_need_form(form, current_user, need)
    if need is not None and not form.is_submitted():
        form.version.data = version_of(need)
    if form.validate_on_submit():
        try:
            locked_need = lock_for_edit(Need, need_id)
            with as_seen(locked_need, form.version.data):
                need = service.save_need(locked_need, form, current_user)
            db.session.commit()
        except EditConflict:
            db.session.rollback()
            keep_typed(form, version_of(db.session.get(Need, need_id)), CONFLICT)
        else:
            flash(_("Need saved."), "success")
            return redirect(url_for("community.need_detail", need_id=need.id))
    return render_template("community/need_form.html", form=form, need=need)


# --- Consultations --------------------------------------------------------------------------
@bp.route("/community/consultations")
@permission_required(perm.can_view_needs)
def consultations():
    """List the latest consultations."""
    return render_template(
        "community/consultations.html", consultations=service.list_consultations()
    )


@bp.route("/community/consultations/<int:consultation_id>")
@permission_required(perm.can_view_needs)
def consultation_detail(consultation_id):
    """Show a consultation: counts by group, what we heard, needs, follow-up actions."""
    consultation = service.load_consultation(consultation_id)
    if consultation is None:
        abort(404)
    return render_template("community/consultation.html", c=consultation)


@bp.route("/community/consultations/new", methods=["GET", "POST"])
@permission_required(perm.can_log_consultation)
@csrf_checked_by_form
def consultation_new():
    """Log a consultation (frontline staff: a pop-up conversation count)."""
    return _consultation_form(None)


@bp.route("/community/consultations/<int:consultation_id>/edit", methods=["GET", "POST"])
@permission_required(perm.can_log_consultation)
@csrf_checked_by_form
def consultation_edit(consultation_id):
    """Correct a consultation: whoever logged it, and coordinators."""
    return _consultation_form(consultation_id)


def _consultation_form(consultation_id):
    consultation = db.session.get(Consultation, consultation_id) if consultation_id else None
    if consultation_id and consultation is None:
        abort(404)
    if consultation is not None and not perm.can_edit_consultation(current_user, consultation):
        abort(403)
    groups = service.group_choices()
    form = consultation_form_class(groups)(obj=consultation)
    service.prepare_consultation_form(form, current_user, consultation)
    if consultation is not None and not form.is_submitted():
        form.version.data = version_of(consultation)
    if form.validate_on_submit():
        try:
            row = lock_for_edit(Consultation, consultation_id)
            with as_seen(row, form.version.data):
                consultation = service.save_consultation(row, form, current_user)
            db.session.commit()
        except service.CommunityError as error:
            db.session.rollback()
            _attach_error(form, error)
        except EditConflict:
            db.session.rollback()
            keep_typed(form, version_of(db.session.get(Consultation, consultation_id)), CONFLICT)
        else:
            flash(_("Consultation saved."), "success")
            return redirect(
                url_for("community.consultation_detail", consultation_id=consultation.id)
            )
    return render_template("community/consultation_form.html", form=form, c=consultation)


# --- Partners -------------------------------------------------------------------------------
@bp.route("/community/partners")
@permission_required(perm.can_view_needs)
def partners():
    """List partner organisations with when we last worked with them."""
    quiet = request.args.get("quiet") == "1"
    return render_template(
        "community/partners.html",
        rows=service.list_partners(quiet_only=quiet),
        quiet=quiet,
        quiet_days=service.QUIET_DAYS,
        expiring=agreements.expiring_agreements(),
        expiring_days=EXPIRING_DAYS,
    )


@bp.route("/community/partners/<int:organisation_id>")
@permission_required(perm.can_view_needs)
def partner_detail(organisation_id):
    """Show an organisation: contacts, roles across programs, consultations."""
    page = service.load_partner_page(organisation_id)
    if page is None:
        abort(404)
    return render_template(
        "community/partner.html",
        page=page,
        org=page.organisation,
        agreements=agreements.agreements_of(organisation_id),
        today=date.today(),
    )
