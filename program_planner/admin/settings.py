"""The library's settings page: the reporting profile annual statistics follow."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from program_planner.admin import bp
from program_planner.audit.service import record
from program_planner.auth.decorators import permission_required
from program_planner.auth.permissions import can_change_settings
from program_planner.db import begin_write
from program_planner.extensions import db
from program_planner.reports.annual import service as reporting
from program_planner.reports.annual.forms import SettingsForm
from program_planner.saving import EditConflict, as_seen, keep_typed, version_of
from program_planner.web import client_ip, csrf_checked_by_form

CONFLICT = _l(
    "Someone else saved the settings while you were editing. What you chose is kept below and "
    "was not saved; check the settings now, then save again to keep yours."
)


def _save(form):
    """Save the form on the settings row as seen; EditConflict when someone saved first."""
    begin_write(db.session)
    row = reporting.settings_row(for_update=True)
    if row is None and form.version.data != 0:
        raise EditConflict
    with as_seen(row, form.version.data):
        reporting.save_settings(
            row, profile=form.profile.data, year_start_month=form.year_start_month.data
        )
    record(
        "settings_changed",
        actor=current_user,
        ip_address=client_ip(),
        profile=form.profile.data,
        year_start_month=form.year_start_month.data,
    )


@bp.route("/settings", methods=["GET", "POST"])
@permission_required(can_change_settings)
@csrf_checked_by_form
def settings():
    """Choose the library's settings: the agency annual statistics are reported to."""
    form = SettingsForm()
    if not form.is_submitted():
        form.profile.data = reporting.chosen_profile()
        form.year_start_month.data = reporting.year_start_month()
        form.version.data = version_of(reporting.settings_row()) or 0
    if form.validate_on_submit():
        try:
            _save(form)
            db.session.commit()
        except (EditConflict, sa.exc.IntegrityError):
            db.session.rollback()
            keep_typed(form, version_of(reporting.settings_row()) or 0, CONFLICT)
        else:
            flash(_("Settings saved."), "success")
            return redirect(url_for("admin.settings"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/settings.html", form=form), status
