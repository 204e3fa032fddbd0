"""Routes of a partner's agreements: record one, change it, remove it."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.auth.forms import ConfirmForm
from program_planner.community import agreements as service
from program_planner.community import bp
from program_planner.community.forms import AgreementForm
from program_planner.community.models import EXPIRING_DAYS, PartnerAgreement
from program_planner.extensions import db
from program_planner.people.models import Organisation
from program_planner.saving import (
    CONFLICT,
    EditConflict,
    as_seen,
    keep_typed,
    lock_for_edit,
    version_of,
    with_version,
)
from program_planner.web import csrf_checked_by_form

BASE = "/community/partners/<int:organisation_id>/agreements"


def _back(organisation_id):
    return redirect(
        url_for("community.partner_detail", organisation_id=organisation_id, _anchor="agreements")
    )


def _load(organisation_id, agreement_id):
    """Return the organisation's agreement, None when it is gone (404 for another's)."""
    agreement = db.session.get(PartnerAgreement, agreement_id)
    if agreement is not None and agreement.organisation_id != organisation_id:
        abort(404)
    if agreement is not None and not perm.can_edit_agreement(current_user, agreement):
        abort(403)
    return agreement


def _gone_message():
    return _(
        "Someone else removed this agreement while you were editing it. What you typed is kept "
        "below and was not saved; save it to record it again."
    )


def _save(organisation, agreement_id, form):
    """Lock the agreement, then save the form as an edit of the version the person saw."""
    agreement = lock_for_edit(PartnerAgreement, agreement_id)
    if agreement is not None and agreement.organisation_id != organisation.id:
        abort(404)
    with as_seen(agreement, form.version.data):
        return service.save_agreement(agreement, organisation, form, current_user)


def _form_page(organisation, agreement, gone=False):
    """Take the agreement form; save it, or show it again with everything typed kept."""
    form = AgreementForm(obj=agreement)
    if agreement is not None and not form.is_submitted():
        form.version.data = version_of(agreement)
    if gone:
        form.version.data = None
        form.form_errors.append(_gone_message())
    elif form.validate_on_submit():
        try:
            _save(organisation, agreement.id if agreement else None, form)
            db.session.commit()
        except EditConflict:
            db.session.rollback()
            fresh = db.session.get(PartnerAgreement, agreement.id)
            if fresh is None:
                return _form_page(organisation, None, gone=True)
            keep_typed(form, version_of(fresh), CONFLICT)
        else:
            flash(_("Agreement saved."), "success")
            return _back(organisation.id)
    action = (
        None if not gone else url_for("community.agreement_new", organisation_id=organisation.id)
    )
    delete_form = with_version(ConfirmForm)(formdata=None) if agreement else None
    if delete_form is not None:
        delete_form.version.data = version_of(agreement)
    return render_template(
        "community/agreement_form.html",
        form=form,
        org=organisation,
        agreement=agreement,
        action=action,
        delete_form=delete_form,
        expiring_days=EXPIRING_DAYS,
    ), (409 if gone else 200)


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@permission_required(perm.can_record_agreement)
@csrf_checked_by_form
def agreement_new(organisation_id):
    """Record an agreement with a partner organisation."""
    organisation = db.get_or_404(Organisation, organisation_id)
    return _form_page(organisation, None)


@bp.route(f"{BASE}/<int:agreement_id>", methods=["GET", "POST"])
@permission_required(perm.can_record_agreement)
@csrf_checked_by_form
def agreement_edit(organisation_id, agreement_id):
    """Change an agreement: whoever recorded it, and coordinators."""
    organisation = db.get_or_404(Organisation, organisation_id)
    agreement = _load(organisation_id, agreement_id)
    if agreement is None and request.method != "POST":
        abort(404)
    return _form_page(organisation, agreement, gone=agreement is None)


@bp.route(f"{BASE}/<int:agreement_id>/delete", methods=["POST"])
@permission_required(perm.can_record_agreement)
def agreement_delete(organisation_id, agreement_id):
    """Remove an agreement, only if nobody changed it since the person looked at it."""
    db.get_or_404(Organisation, organisation_id)
    if _load(organisation_id, agreement_id) is None:
        abort(404)
    form = with_version(ConfirmForm)(formdata=request.form)
    if not form.validate_on_submit():
        abort(400)
    try:
        _delete(agreement_id, form.version.data)
        db.session.commit()
    except EditConflict:
        db.session.rollback()
        flash(_delete_conflict(), "danger")
        return redirect(
            url_for(
                "community.agreement_edit",
                organisation_id=organisation_id,
                agreement_id=agreement_id,
            )
        )
    flash(_("Agreement removed."), "success")
    return _back(organisation_id)


def _delete(agreement_id, seen):
    """Lock the agreement and remove it if it is still at the version seen."""
    agreement = lock_for_edit(PartnerAgreement, agreement_id)
    with as_seen(agreement, seen):
        service.delete_agreement(agreement)


def _delete_conflict():
    return _(
        "Someone else saved a change to this agreement while you were looking at it, so it was "
        "not removed. Check it as it is now, then remove it again if you still mean to."
    )
