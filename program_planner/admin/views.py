"""Administration pages: branches, staff accounts, audit log."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from program_planner.admin import audit_log as audit
from program_planner.admin import bp, service
from program_planner.admin.forms import BranchForm, EraseForm, UserCreateForm, UserEditForm
from program_planner.audit.service import record
from program_planner.auth import service as accounts
from program_planner.auth.decorators import permission_required
from program_planner.auth.forms import ConfirmForm
from program_planner.auth.models import Branch, User
from program_planner.auth.permissions import (
    can_erase_staff,
    can_manage_branches,
    can_manage_users,
    can_view_audit_log,
)
from program_planner.db import begin_write
from program_planner.extensions import db
from program_planner.saving import (
    EditConflict,
    as_seen,
    keep_typed,
    lock_for_edit,
    version_of,
    with_version,
)
from program_planner.web import client_ip, csrf_checked_by_form, query_page

USER_EDITS = ("full_name", "email", "role", "branch_id")  # what the account form changes
BRANCH_EDITS = ("name", "code", "address", "active")  # what the branch form changes
BRANCH_CONFLICT = _l(
    "Someone else saved this branch while you were editing. What you typed is kept below and "
    "was not saved; check it against the branch now, then save again to keep yours."
)
USER_CONFLICT = _l(
    "Someone else saved this account while you were editing. What you typed is kept below and "
    "was not saved; check it against the account now, then save again to keep yours."
)


def _attach_error(form, error, default_field):
    """Show a service refusal at the form field it concerns."""
    field = getattr(form, error.field or "", None) or getattr(form, default_field)
    field.errors = [*field.errors, str(error)]


def _branch_choices(form, user=None):
    """Offer the open branches, plus the user's current one even if closed."""
    branches = accounts.branch_choices()
    if user is not None and user.branch not in branches:
        branches = [user.branch, *branches]
    form.branch_id.choices = [(0, _("Choose a branch…"))] + [(b.id, b.name) for b in branches]


@bp.route("/branches")
@permission_required(can_manage_branches)
def branches():
    """List the branches with their active staff counts."""
    return render_template("admin/branches.html", rows=service.branches_with_staff_counts())


@bp.route("/branches/new", methods=["GET", "POST"], defaults={"branch_id": None})
@bp.route("/branches/<int:branch_id>", methods=["GET", "POST"])
@permission_required(can_manage_branches)
@csrf_checked_by_form
def branch_edit(branch_id):
    """Create a branch, or change one; a save from stale values is refused."""
    branch = db.get_or_404(Branch, branch_id) if branch_id else None
    form = with_version(BranchForm)(obj=branch)
    if not form.is_submitted():
        form.version.data = version_of(branch, BRANCH_EDITS)
    if form.validate_on_submit() and _save_branch(form, branch_id):
        flash(_("Branch “%(n)s” saved.", n=form.name.data.strip()), "success")
        return redirect(url_for("admin.branches"))
    return render_template("admin/branch_form.html", form=form, branch=branch)


def _save_branch(form, branch_id) -> bool:
    """Save the branch form as an edit of the version seen; commit, or keep what was typed."""
    try:
        branch = lock_for_edit(Branch, branch_id)
        with as_seen(branch, form.version.data, BRANCH_EDITS):
            service.save_branch(
                current_user,
                branch,
                name=form.name.data,
                code=form.code.data,
                address=form.address.data,
                active=form.active.data,
            )
    except service.BranchError as error:
        db.session.rollback()
        _attach_error(form, error, "name")
        return False
    except EditConflict:
        db.session.rollback()
        current = version_of(db.session.get(Branch, branch_id), BRANCH_EDITS)
        keep_typed(form, current, BRANCH_CONFLICT)
        return False
    db.session.commit()
    return True


@bp.route("/users")
@permission_required(can_manage_users)
def users():
    """List staff accounts, searchable by name."""
    query = request.args.get("q", "")[:100]
    page = query_page()
    return render_template(
        "admin/users.html",
        pagination=service.users_list(query, page),
        q=query,
        confirm=ConfirmForm(),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required(can_manage_users)
@csrf_checked_by_form
def user_create():
    """Create a staff account."""
    form = UserCreateForm()
    _branch_choices(form)
    if form.validate_on_submit():
        begin_write(db.session)
        try:
            user = accounts.create_user(
                current_user,
                username=form.username.data,
                full_name=form.full_name.data,
                email=form.email.data,
                role=form.role.data,
                branch=db.get_or_404(Branch, form.branch_id.data),
                password=form.password.data,
            )
        except accounts.AccountError as error:
            db.session.rollback()
            _attach_error(form, error, "username")
        else:
            db.session.commit()
            flash(_("Account “%(u)s” created.", u=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission_required(can_manage_users)
@csrf_checked_by_form
def user_edit(user_id):
    """Change a staff member's name, email, role or branch; a save from stale values is refused."""
    user = db.get_or_404(User, user_id)
    form = with_version(UserEditForm)(obj=user, role=user.role.value)
    _branch_choices(form, user)
    if not form.is_submitted():
        form.version.data = version_of(user, USER_EDITS)
    if form.validate_on_submit() and _save_user(form, user_id):
        flash(_("Account “%(u)s” saved.", u=user.username), "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user, confirm=ConfirmForm())


def _save_user(form, user_id) -> bool:
    """Save the account form as an edit of the version seen; commit, or keep what was typed."""
    try:
        user = lock_for_edit(User, user_id)
        with as_seen(user, form.version.data, USER_EDITS):
            accounts.update_user(
                current_user,
                user,
                full_name=form.full_name.data,
                email=form.email.data,
                role=form.role.data,
                branch=db.get_or_404(Branch, form.branch_id.data),
            )
    except accounts.AccountError as error:
        db.session.rollback()
        _attach_error(form, error, "role")
        return False
    except EditConflict:
        db.session.rollback()
        keep_typed(form, version_of(db.session.get(User, user_id), USER_EDITS), USER_CONFLICT)
        return False
    db.session.commit()
    return True


@bp.route("/users/<int:user_id>/<any(deactivate, reactivate):action>", methods=["POST"])
@permission_required(can_manage_users)
def user_set_active(user_id, action):
    """Deactivate an account (ending its sessions) or reactivate it."""
    begin_write(db.session)
    user = db.get_or_404(User, user_id)
    change = accounts.deactivate_user if action == "deactivate" else accounts.reactivate_user
    try:
        change(current_user, user)
    except accounts.AccountError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        if action == "deactivate":
            flash(_("%(name)s can no longer sign in.", name=user.full_name), "success")
        else:
            flash(_("%(name)s can sign in again.", name=user.full_name), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/users/<int:user_id>/reset-password", methods=["POST"])
@permission_required(can_manage_users)
def user_reset_password(user_id):
    """Give an account a temporary password, shown once to the administrator."""
    user = db.get_or_404(User, user_id)
    try:
        temporary = accounts.reset_password(current_user, user)
    except accounts.AccountError as error:  # an erased account
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("admin.user_edit", user_id=user_id))
    db.session.commit()
    return render_template("admin/temporary_password.html", user=user, temporary=temporary)


@bp.route("/users/<int:user_id>/erase", methods=["GET", "POST"])
@permission_required(can_erase_staff)
@csrf_checked_by_form
def user_erase(user_id):
    """Erase a staff member's personal details at their request, once the admin confirms."""
    if request.method == "POST":
        begin_write(db.session)
    user = db.get_or_404(User, user_id)
    form = EraseForm()
    if not user.is_erased and form.validate_on_submit():
        try:
            service.erase_staff_member(current_user, user)
        except accounts.AccountError as error:
            db.session.rollback()
            _attach_error(form, error, "confirm")
        else:
            db.session.commit()
            flash(_("Personal details erased. The history shows “former staff”."), "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    status = 422 if form.errors else 200
    return render_template("admin/user_erase.html", form=form, user=user), status


@bp.route("/audit")
@permission_required(can_view_audit_log)
def audit_log():
    """Show the audit log in sentences, filtered and a page at a time."""
    form = audit.filter_form(request.args)
    page = query_page()
    events, has_next = audit.page_of_events(audit.conditions(form), page)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "admin/audit.html",
        form=form,
        lines=audit.lines(events),
        page=page,
        has_next=has_next,
        args=args,
    ), (400 if form.errors else 200)


@bp.route("/audit.csv")
@permission_required(can_view_audit_log)
def audit_log_csv():
    """Download the filtered audit log as CSV (the download is itself audited)."""
    form = audit.filter_form(request.args)
    if form.errors:
        return audit_log()
    begin_write(db.session)  # a GET that writes its audit event (SQLite: take the lock first)
    record(
        "audit_log_downloaded",
        actor=current_user,
        ip_address=client_ip(),
        filters=audit.chosen_filters(form),
    )
    db.session.commit()
    body = "".join(
        audit.csv_chunks(
            audit.conditions(form), lambda e: format_datetime(e.occurred_at, "yyyy-MM-dd HH:mm")
        )
    )
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
