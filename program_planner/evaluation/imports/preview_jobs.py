"""Large files read and previewed by the queue, and the nightly purge of abandoned uploads.

A workbook larger than IMPORT_IN_REQUEST_MAX_BYTES is read by an `import-read` job, which keeps
its cells with the pending file; a preview of more than IMPORT_IN_REQUEST_MAX_ROWS rows is made
by an `import-preview` job, which keeps the preview with the mapping it was made with. Both lead
back to the mapping page; small files stay instant, in the request.
"""

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from program_planner.db import begin_write
from program_planner.evaluation.imports import matching, rows, service
from program_planner.evaluation.imports.display import preview_table
from program_planner.evaluation.imports.jobs import check_rows
from program_planner.evaluation.imports.models import PendingImport
from program_planner.evaluation.imports.reading import ImportFileError, read_table
from program_planner.extensions import db
from program_planner.jobs.models import ACTIVE, Job
from program_planner.jobs.service import JobFailed, handler, request_job
from program_planner.jobs.tasks import upkeep
from program_planner.jobs.views import register_kind

READ, PREVIEW = "import-read", "import-preview"


def read_in_request(data: bytes) -> bool:
    """Return whether an uploaded file is small enough to read in the request."""
    return len(data) <= current_app.config["IMPORT_IN_REQUEST_MAX_BYTES"]


def preview_in_request(table) -> bool:
    """Return whether a file's rows are few enough to preview in the request."""
    return len(table.rows) <= current_app.config["IMPORT_IN_REQUEST_MAX_ROWS"]


def _key(kind, pending) -> str:
    return f"{kind}:{pending.id}:{pending.file_sha256}"


def request_read(pending, user_id, ui_language):
    """Add the job that reads a large pending file (the caller commits); return the job."""
    params = {
        "program_id": pending.program_id,
        "pending_id": pending.id,
        "sha256": pending.file_sha256,
        "filename": pending.filename,
        "ui_language": ui_language,
    }
    return request_job(READ, params, user_id, _key(READ, pending))[0]


def request_preview(pending, mapping, user_id, ui_language):
    """Add the job that previews a large pending file (the caller commits); return the job."""
    params = {
        "program_id": pending.program_id,
        "pending_id": pending.id,
        "sha256": pending.file_sha256,
        "filename": pending.filename,
        "mapping": list(mapping),
        "ui_language": ui_language,
    }
    key = f"{_key(PREVIEW, pending)}:{matching.mapping_fingerprint(mapping)}"
    return request_job(PREVIEW, params, user_id, key)[0]


def reading_job(pending):
    """Return the newest job that reads this pending file, if one was asked for."""
    return db.session.scalar(
        sa.select(Job)
        .where(Job.kind == READ, Job.dedupe_key == _key(READ, pending))
        .order_by(Job.id.desc())
        .limit(1)
    )


def is_active(job) -> bool:
    """Return whether a job still waits or runs."""
    return job.status in ACTIVE


def _pending_of(params):
    pending = db.session.get(PendingImport, params["pending_id"])
    if pending is None or pending.file_sha256 != params["sha256"]:
        raise JobFailed(_("The uploaded file is no longer available: upload it again."))
    return pending


@handler(READ)
def run_read(job, report_progress):
    """Read a large pending file and keep its cells with it."""
    params = job.params
    with force_locale(params.get("ui_language", "en")):
        pending = _pending_of(params)
        report_progress(5, _("Reading “%(name)s”", name=pending.filename))
        try:
            table = read_table(pending.data, pending.ext)
        except ImportFileError as error:
            raise JobFailed(str(error)) from None
        report_progress(90, _("Keeping %(n)s rows for the mapping", n=len(table.rows)))
    begin_write(db.session)
    pending = db.session.get(PendingImport, params["pending_id"])
    if pending is not None and pending.file_sha256 == params["sha256"]:
        service.keep_table(pending, table)
    db.session.commit()


@handler(PREVIEW)
def run_preview(job, report_progress):
    """Check every row of a large pending file against a mapping and keep the preview."""
    params = job.params
    program_id, mapping = params["program_id"], params["mapping"]
    with force_locale(params.get("ui_language", "en")):
        pending = _pending_of(params)
        table, questions, sessions, results = check_rows(pending, params, report_progress, 85)
        rows.mark_already_imported(program_id, results)
        preview = preview_table(results, mapping, table.header, questions, sessions)
    kept = {"mapping": mapping, "fingerprint": matching.mapping_fingerprint(mapping)}
    begin_write(db.session)
    db.session.execute(
        sa.update(PendingImport)
        .where(PendingImport.id == pending.id, PendingImport.file_sha256 == params["sha256"])
        .values(preview={**kept, "preview": preview})
    )
    db.session.commit()


def _back_to_mapping(job):
    params = job.params or {}
    url = url_for("evaluation.import_mapping", program_id=params.get("program_id"))
    return url, (_("See the preview") if job.kind == PREVIEW else _("Map the columns"))


register_kind(READ, _l("Reading a file to import"), _back_to_mapping)
register_kind(PREVIEW, _l("Preview of an import"), _back_to_mapping)


@upkeep("abandoned imports", nightly=True)
def _purge_abandoned(now):
    count = service.purge_abandoned(now)
    db.session.commit()
    return count
