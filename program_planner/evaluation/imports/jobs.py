"""Large imports as jobs: the rows of a pending import checked and stored by the queue.

The request has shown the preview and checked the mapping is the one previewed; the job reads
the pending file from the database (any worker can), checks every row with progress, then
stores the batch, its responses and the audit event and deletes the pending file in one
transaction. A retry after that transaction finds the batch and does nothing again.
"""

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from program_planner.audit.service import record
from program_planner.auth.models import User
from program_planner.db import begin_write
from program_planner.evaluation import engine
from program_planner.evaluation.imports import matching, rows, service
from program_planner.evaluation.imports.models import PendingImport
from program_planner.evaluation.models import ImportBatch
from program_planner.extensions import db
from program_planner.jobs.service import JobFailed, handler, request_job
from program_planner.jobs.views import register_kind

KIND = "import"


def request_import(program_id, pending, mapping, user_id, *, language, ui_language):
    """Add an import job for a pending file (the caller commits); return (job, created)."""
    params = {
        "program_id": program_id,
        "pending_id": pending.id,
        "sha256": pending.file_sha256,
        "filename": pending.filename,
        "mapping": list(mapping),
        "language": language,
        "ui_language": ui_language,
    }
    key = f"{KIND}:{program_id}:{pending.file_sha256}"
    return request_job(KIND, params, user_id, key)


def batch_of(job):
    """Return the batch a job imported (the file's one batch in its program), or None."""
    params = job.params or {}
    return db.session.scalar(
        sa.select(ImportBatch).where(
            ImportBatch.program_id == params.get("program_id"),
            ImportBatch.file_sha256 == params.get("sha256"),
        )
    )


def import_outcome(job):
    """Return (url, text) of the import report a finished import job leads to."""
    batch = batch_of(job)
    if batch is None:
        return None
    return url_for("evaluation.import_report", batch_id=batch.id), _("See the import report")


@handler(KIND)
def run_import(job, report_progress):
    """Check every row of the pending file, then store the batch in one transaction."""
    params = job.params
    with force_locale(params.get("ui_language", "en")):
        if batch_of(job) is not None:
            return None  # done by an earlier attempt that was not marked done
        _import(job, params, report_progress)
    return None


def check_rows(pending, params, report_progress, span):
    """Check every row of a pending file against the job's mapping, reporting progress from 5 %
    to 5 + span %; return (table, questions, sessions, results) or raise JobFailed."""
    try:
        table = service.read_pending(pending)
    except service.ImportRefused as error:
        raise JobFailed(str(error)) from None
    program_id, mapping = params["program_id"], params["mapping"]
    questions = service.questions_by_id(engine.program_questions(program_id))
    if not matching.mapping_fits(mapping, table.header, questions):
        raise JobFailed(_("The program's form changed since the preview: map the columns again."))
    sessions = rows.load_sessions(program_id, current_app.config)

    def checked(done, total):
        report_progress(
            5 + span * done // max(total, 1),
            _("Checked %(done)s of %(total)s rows", done=done, total=total),
        )

    french = params.get("ui_language") == "fr"
    results = rows.evaluate_rows(table, mapping, questions, sessions, checked, french)
    return table, questions, sessions, results


def _import(job, params, report_progress):
    program_id = params["program_id"]
    pending = db.session.get(PendingImport, params["pending_id"])
    if pending is None or pending.file_sha256 != params["sha256"]:
        raise JobFailed(_("The uploaded file is no longer available: upload it again."))
    report_progress(2, _("Reading “%(name)s”", name=pending.filename))
    _table, questions, _sessions, results = check_rows(pending, params, report_progress, 75)
    accepted = sum(1 for r in results if not r.refused)
    report_progress(
        85,
        ngettext("Storing %(num)d response", "Storing %(num)d responses", accepted),
    )
    begin_write(db.session)
    try:
        batch = service.import_responses(
            program_id=program_id,
            filename=pending.filename,
            sha256=pending.file_sha256,
            results=results,
            questions=questions,
            user_id=job.requested_by_id,
            language=params.get("language", "en"),
        )
    except service.ImportRefused as error:
        db.session.rollback()
        raise JobFailed(str(error)) from None
    record(
        "responses_imported",
        actor=db.session.get(User, job.requested_by_id) if job.requested_by_id else None,
        obj=batch,
        program_id=program_id,
        filename=batch.filename,
        rows_imported=batch.rows_imported,
        rows_refused=batch.rows_refused,
        job=job.id,
    )
    db.session.execute(sa.delete(PendingImport).where(PendingImport.id == pending.id))
    db.session.commit()


register_kind(KIND, _l("Response import"), import_outcome)
