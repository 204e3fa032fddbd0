"""Routes of the engagement measures: the page and its Excel download."""

import tempfile
from datetime import date, timedelta

from flask import render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from program_planner.audit.service import record
from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.community.service import branch_choices
from program_planner.extensions import db
from program_planner.reports import (
    bp,
    need_outcomes,  # noqa: F401 - verdicts on the register
)
from program_planner.reports.engagement.cells import (
    bring_engagement_up_to_date,
    register_engagement_tracking,
)
from program_planner.reports.engagement.measures import engagement_measures, measure_rows
from program_planner.reports.export.excel import (
    INT,
    LABEL,
    TEXT,
    Column,
    Formatted,
    Sheet,
    write_workbook,
)
from program_planner.reports.export.views import XLSX, content_disposition
from program_planner.web import client_ip, parse_id

register_engagement_tracking()


def _day(name, default):
    try:
        return date.fromisoformat(request.values.get(name, "")[:10])
    except ValueError:
        return default


def _period():
    """Return the period asked for (by default the last 12 months, this one included)."""
    today = date.today()
    year_ago = (today.replace(day=1) - timedelta(days=334)).replace(day=1)
    start = _day("start", year_ago)
    end = _day("end", today)
    if end < start:
        start, end = end, start
    return start, end, parse_id(request.values.get("branch"))


def _measures(start, end, branch_id):
    """Bring the stored figures up to date, keep them, and read the measures."""
    bring_engagement_up_to_date()
    db.session.commit()
    return engagement_measures(start, end, branch_id)


@bp.route("/engagement")
@permission_required(perm.can_view_engagement)
def engagement():
    """Show the engagement measures of a period and branch, each with its definition."""
    start, end, branch_id = _period()
    measures = _measures(start, end, branch_id)
    return render_template(
        "reports/engagement.html",
        m=measures,
        rows=measure_rows(measures),
        branches=branch_choices(),
    )


def _sheets(m):
    """Return the workbook's sheets: the measures with their definitions, and the breakdowns."""
    headline = [(str(name), value, str(d)) for _key, name, value, d in measure_rows(m)]
    return [
        Sheet(
            _("Measures"),
            [
                Column(_("Measure"), LABEL, 40),
                Column(_("Value"), INT, 14),
                Column(_("Definition"), TEXT, 80),
            ],
            [(n, Formatted(v, "0.0%") if isinstance(v, float) else v, d) for n, v, d in headline],
        ),
        Sheet(
            _("By branch"),
            [
                Column(_("Branch"), LABEL, 30),
                Column(_("Consultations"), INT),
                Column(_("People consulted"), INT),
                Column(_("Non-users reached"), INT),
            ],
            m.by_branch,
        ),
        Sheet(
            _("First-time by group"),
            [Column(_("Target group"), LABEL, 30), Column(_("First-time attendees"), INT)],
            m.first_time_by_group,
        ),
    ]


@bp.route("/engagement.xlsx", methods=["POST"])
@permission_required(perm.can_view_engagement)
def engagement_xlsx():
    """Download the engagement measures as an Excel workbook (text cells never formulas)."""
    start, end, branch_id = _period()
    out = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it after the response
    write_workbook(out, _sheets(_measures(start, end, branch_id)))
    out.seek(0)
    record(
        "engagement_export",
        actor=current_user,
        ip_address=client_ip(),
        start=start.isoformat(),
        end=end.isoformat(),
    )
    db.session.commit()
    response = send_file(out, mimetype=XLSX, as_attachment=True, download_name="engagement.xlsx")
    response.headers["Content-Disposition"] = content_disposition(_("engagement"), date.today())
    return response
