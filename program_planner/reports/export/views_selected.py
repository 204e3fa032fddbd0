"""Export the programs ticked on the program list into one workbook."""

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.extensions import db
from program_planner.programs.models import Program
from program_planner.programs.service import BULK_MAX, parse_selection
from program_planner.reports import bp
from program_planner.reports.export.views import queue_export, send_workbook
from program_planner.web import safe_next_url


@bp.route("/programs/export-selected", methods=["POST"])
@permission_required(perm.can_export)
def export_selected():
    """Download the ticked programs as one workbook (a background job when there are many)."""
    back = safe_next_url(request.form.get("next")) or url_for("programs.index")
    wanted = [program_id for program_id, _seen in parse_selection(request.form.getlist("program"))]
    if not wanted:
        flash(_("Tick at least one program first."), "warning")
        return redirect(back)
    if len(wanted) > BULK_MAX:
        flash(_("Export at most %(max)s ticked programs at once.", max=BULK_MAX), "warning")
        return redirect(back)
    programs = db.session.scalars(
        sa.select(Program).where(Program.id.in_(wanted)).order_by(Program.id)
    ).all()
    if any(not perm.can_view_program_report(current_user, p) for p in programs):
        abort(403)
    if not programs:
        flash(_("The ticked programs no longer exist; nothing was exported."), "warning")
        return redirect(back)
    program_ids = [p.id for p in programs]
    filters = {"selected": len(program_ids)}
    if len(program_ids) > current_app.config["EXPORT_IN_REQUEST_MAX_PROGRAMS"]:
        return queue_export(program_ids, filters)
    return send_workbook(program_ids, _("programs"), filters=filters)
