"""Routes of the Excel export: one program, or every program matching the filters."""

import re
import tempfile
import unicodedata
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField
from wtforms.validators import Optional

from program_planner.audit.service import record
from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.extensions import db
from program_planner.fields import stripped_choice
from program_planner.jobs.service import queue_was_unreachable
from program_planner.programs.forms import program_filter_form_class
from program_planner.programs.models import Program
from program_planner.programs.service import active_branches
from program_planner.reports import bp
from program_planner.reports.export.jobs import request_export
from program_planner.reports.export.rows import fiscal_years, select_program_ids
from program_planner.reports.export.service import write_export
from program_planner.web import client_ip

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_form(formdata):
    """The program list's filters plus the fiscal year, read from formdata."""
    form_class = type(
        "ExportFilterForm",
        (program_filter_form_class(),),
        {
            "fiscal_year": SelectField(
                _l("Fiscal year"), validators=[Optional()], filters=[stripped_choice]
            )
        },
    )
    form = form_class(formdata)
    if "stage" not in formdata and not formdata.get("status"):
        form.stage.data = "published"  # by default, programs approved or later
    form.branch.choices = [("", _("Any branch"))] + [(str(b.id), b.name) for b in active_branches()]
    form.fiscal_year.choices = [("", _("Any year"))] + [(str(y), str(y)) for y in fiscal_years()]
    form.validate()
    return form


def download_name(label: str, day) -> tuple[str, str]:
    """Return (ASCII filename, UTF-8 filename) of a workbook: no quotes, slashes or breaks."""
    nfc = unicodedata.normalize("NFC", label or "")
    ascii_label = unicodedata.normalize("NFKD", nfc).encode("ascii", "ignore").decode()
    ascii_slug = re.sub(r"[^a-z0-9]+", "-", ascii_label.lower()).strip("-")[:60].strip("-")
    utf8_slug = re.sub(r"[\W_]+", "-", nfc.lower()).strip("-")[:60].strip("-")
    stem = f"program-planner-{{}}-{day.isoformat()}.xlsx"
    return stem.format(ascii_slug or "export"), stem.format(utf8_slug or "export")


def content_disposition(label: str, day) -> str:
    """An attachment header with an ASCII filename and an RFC 5987 UTF-8 filename*."""
    plain, utf8 = download_name(label, day)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(utf8, safe='')}"


def readable_filters(form) -> dict:
    """Return the chosen filters as people read them: {label: chosen value's label}."""
    chosen = {}
    for field in form:
        if field.type == "CSRFTokenField" or field.errors or field.data in (None, "", []):
            continue
        shown = dict(getattr(field, "choices", None) or []).get(field.data, field.data)
        chosen[str(field.label.text)] = str(shown)[:100]
    return chosen


def send_workbook(program_ids, label, obj=None, described=None, **details):
    """Write the workbook to a temporary file, audit the export, commit and send the file."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it after the response
    locale = get_locale()
    try:
        write_export(
            program_ids,
            out,
            language=locale.language if locale else "en",
            requested_by=current_user.full_name,
            filters=described,
        )
    except BaseException:
        out.close()
        raise
    record(
        "export",
        actor=current_user,
        obj=obj,
        ip_address=client_ip(),
        programs=len(program_ids),
        format="xlsx",
        **details,
    )
    db.session.commit()
    out.seek(0)
    today = datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    response = send_file(out, mimetype=XLSX, as_attachment=True, download_name="export.xlsx")
    response.headers["Content-Disposition"] = content_disposition(label, today)
    return response


@bp.route("/programs/<int:program_id>/export", methods=["POST"])
@permission_required(perm.can_export)
def export_program(program_id):
    """Download one program's results as an Excel workbook."""
    program = db.session.get(Program, program_id) or abort(404)
    if not perm.can_view_program_report(current_user, program):
        abort(403)
    return send_workbook([program.id], program.title, obj=program)


@bp.route("/export", methods=["GET", "POST"])
@permission_required(perm.can_export)
def export_set():
    """Choose programs with the list's filters; export them all into one workbook."""
    form = export_form(request.form if request.method == "POST" else request.args)
    program_ids = select_program_ids(form)
    filters = {f.name: f.data for f in form if f.data not in (None, "", []) and not f.errors}
    if request.method == "POST" and program_ids:
        if len(program_ids) > current_app.config["EXPORT_IN_REQUEST_MAX_PROGRAMS"]:
            return queue_export(program_ids, filters, readable_filters(form))
        return send_workbook(
            program_ids,
            _("programs"),
            described=readable_filters(form),
            filters=_audit_filters(filters),
        )
    return render_template(
        "reports/export.html",
        form=form,
        count=len(program_ids),
        background=len(program_ids) > current_app.config["EXPORT_IN_REQUEST_MAX_PROGRAMS"],
        filters=filters,
        refused=request.method == "POST",
    )


def queue_export(program_ids, filters, described=None):
    """Ask for an export job (one per person and filters while it runs); go to its progress."""
    locale = get_locale()
    language = locale.language if locale else "en"
    job, created = request_export(
        program_ids, _("programs"), filters, current_user.id, language, described
    )
    if created:
        record(
            "export",
            actor=current_user,
            obj=job,
            ip_address=client_ip(),
            programs=len(program_ids),
            format="xlsx",
            filters=_audit_filters(filters),
        )
    db.session.commit()
    if queue_was_unreachable():
        flash(
            _(
                "The export could not be queued just now. It is saved and will start by itself "
                "as soon as the queue is back: nothing you chose is lost. You can leave this page."
            ),
            "warning",
        )
    elif not created:
        flash(_("This export is already under way: here is its progress."), "info")
    return redirect(url_for("jobs.job_page", job_id=job.id))


def _audit_filters(filters: dict) -> dict:
    """The filters as short strings (the audit log keeps what was exported, not free text)."""
    return {key: str(value)[:100] for key, value in filters.items()}
