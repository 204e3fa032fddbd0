"""Routes of evaluation imports: upload a file, map its columns, preview, import, report."""

import os

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from program_planner.audit.service import record
from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.db import begin_write
from program_planner.evaluation import bp, engine
from program_planner.evaluation.imports import jobs, preview_jobs, rows, service
from program_planner.evaluation.imports.display import preview_table
from program_planner.evaluation.imports.forms import (
    CsrfOnlyForm,
    ImportUploadForm,
    make_mapping_form,
)
from program_planner.evaluation.imports.reading import (
    ImportFileError,
    check_file,
    extension_of,
    read_table,
)
from program_planner.extensions import db
from program_planner.jobs.service import queue_was_unreachable
from program_planner.programs.items import load_program
from program_planner.programs.models import Program
from program_planner.programs.sections import Section, register_section
from program_planner.web import csrf_checked_by_form

register_section(
    Section(
        key="imports",
        title=_l("Imported responses"),
        template="evaluation/imports/_section.html",
        order=115,
        load=service.load_import_batches,
        proposal=False,
        visible=perm.can_view_responses,
    )
)


MAPPING_CHANGED = _l("The mapping changed since the preview: check the preview, then import.")


def _program_for_import(program_id) -> Program:
    program = load_program(program_id)
    if not perm.can_manage_debriefs(current_user, program):
        abort(403)
    return program


def _pending(program_id):
    """Return the person's pending import into this program (kept in the database), if any."""
    return service.find_pending(program_id, current_user.id)


def _forget(program_id) -> None:
    service.discard_pending(program_id, current_user.id)


def _back_to_upload(program, message):
    flash(message, "warning")
    return redirect(url_for("evaluation.import_upload", program_id=program.id))


def _default_language(program) -> str:
    languages = [lang for lang in (program.languages or []) if lang in ("en", "fr")]
    return languages[0] if languages else "en"


@bp.route("/programs/<int:program_id>/import", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def import_upload(program_id):
    """Take a CSV or XLSX file of responses and keep it until its columns are mapped."""
    program = _program_for_import(program_id)
    questions = engine.program_questions(program.id)
    form, submitted = _upload_form()
    if submitted and questions:
        kept = _keep_upload(program, form)
        if kept is not None:
            return kept
    return render_template(
        "evaluation/imports/upload.html",
        program=program,
        form=form,
        has_questions=bool(questions),
        pending=_pending(program.id),
    ), 422 if form.errors else 200


def _upload_form():
    """Return the upload form and whether a valid file came; too large a file: a message."""
    try:
        form = ImportUploadForm()
        return form, form.validate_on_submit()
    except RequestEntityTooLarge:
        form = ImportUploadForm(formdata=None)
        limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        form.file.errors = [_("The file is too large: at most %(n)s MB.", n=limit)]
        return form, False


def _keep_upload(program, form):
    """Keep the uploaded file (read now when small, by a job when large); return where to go,
    or None with the file field's errors set."""
    upload = form.file.data
    filename = engine.strip_control_characters(os.path.basename(upload.filename or ""))
    data, ext = upload.read(), extension_of(filename)
    small = preview_jobs.read_in_request(data)
    try:
        table = read_table(data, ext) if small else check_file(data, ext)
        earlier = service.earlier_import(program.id, service.file_sha256(data))
        if earlier:
            raise service.ImportRefused(earlier)
        with db.session.begin_nested():  # two uploads at once: the unique index settles it
            pending = service.store_pending(program.id, current_user.id, filename, ext, data, table)
    except (ImportFileError, service.ImportRefused) as error:
        form.file.errors.append(str(error))
        return None
    except sa.exc.IntegrityError:
        form.file.errors.append(
            _("Another upload of yours was saved at the same moment: upload the file again.")
        )
        return None
    if table is None:
        job = preview_jobs.request_read(pending, current_user.id, engine.current_language())
        return _to_job_page(job)
    db.session.commit()
    return redirect(url_for("evaluation.import_mapping", program_id=program.id))


def _to_job_page(job):
    """Commit (the job is queued after it) and go to the job's progress page."""
    db.session.commit()
    if queue_was_unreachable():
        flash(
            _(
                "The import could not be queued just now. It is saved and will start by itself "
                "as soon as the queue is back: nothing you chose is lost. You can leave this page."
            ),
            "warning",
        )
    return redirect(url_for("jobs.job_page", job_id=job.id))


def _mapping_page(program, pending, table, form, preview=None, status=200):
    return render_template(
        "evaluation/imports/mapping.html",
        program=program,
        pending=pending,
        table=table,
        form=form,
        preview=preview,
        cancel_form=CsrfOnlyForm(formdata=None),
    ), status


def _prepare(program, with_write_lock=False):
    """Return (pending, table, questions, form), or a response sending the person back."""
    pending = _pending(program.id)
    if pending is None:
        if request.method == "POST" and not CsrfOnlyForm().validate_on_submit():
            abort(400)
        return _back_to_upload(program, _("Choose the file to import first."))
    if with_write_lock:
        begin_write(db.session)
    waiting = _still_reading(program, pending)
    if waiting is not None:
        return waiting
    try:
        table = service.read_pending(pending)
    except service.ImportRefused as error:
        return _back_to_upload(program, str(error))
    program_questions = engine.program_questions(program.id)
    questions = service.questions_by_id(program_questions)
    kept = pending.preview if request.method == "GET" else None
    form = make_mapping_form(
        table.header,
        table.rows,
        [pq.question for pq in program_questions],
        engine.current_language(),
        chosen=kept["mapping"] if kept and len(kept["mapping"]) == len(table.header) else None,
    )
    return pending, table, questions, form


def _still_reading(program, pending):
    """While a job reads a large file, go to its page; when it failed, say why and start over."""
    if pending.cells is not None:
        return None
    job = preview_jobs.reading_job(pending)
    if job is None:
        return None  # uploaded before files were read at upload: read it now
    if preview_jobs.is_active(job):
        return redirect(url_for("jobs.job_page", job_id=job.id))
    _forget(program.id)
    db.session.commit()
    return _back_to_upload(program, job.last_error or _("The file could not be read."))


def _kept_preview(pending, form):
    """Return the preview a job made with this form's mapping, if there is one."""
    kept = pending.preview
    if kept and kept.get("fingerprint") == form.fingerprint():
        form.previewed.data = kept["fingerprint"]
        return kept["preview"]
    return None


def _preview(program, table, questions, form):
    sessions = rows.load_sessions(program.id, current_app.config)
    french = engine.current_language() == "fr"
    results = rows.evaluate_rows(table, form.mapping(), questions, sessions, None, french)
    rows.mark_already_imported(program.id, results)
    form.previewed.data = form.fingerprint()
    return results, preview_table(results, form.mapping(), table.header, questions, sessions)


@bp.route("/programs/<int:program_id>/import/mapping", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def import_mapping(program_id):
    """Map the file's columns to the form's questions; on POST, preview what would be stored."""
    program = _program_for_import(program_id)
    prepared = _prepare(program)
    if not isinstance(prepared, tuple):
        return prepared
    pending, table, questions, form = prepared
    if not form.validate_on_submit():
        kept = _kept_preview(pending, form) if request.method == "GET" else None
        return _mapping_page(program, pending, table, form, kept, 422 if form.errors else 200)
    kept = _kept_preview(pending, form)
    if kept is None and not preview_jobs.preview_in_request(table):
        language = engine.current_language()
        return _to_job_page(
            preview_jobs.request_preview(pending, form.mapping(), current_user.id, language)
        )
    preview = kept or _preview(program, table, questions, form)[1]
    return _mapping_page(program, pending, table, form, preview)


@bp.route("/programs/<int:program_id>/import/confirm", methods=["POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def import_confirm(program_id):
    """Import the rows the preview accepted, as one batch; a file is imported once."""
    program = _program_for_import(program_id)
    prepared = _prepare(program, with_write_lock=True)
    if not isinstance(prepared, tuple):
        return prepared
    pending, table, questions, form = prepared
    if not form.validate_on_submit():
        return _mapping_page(program, pending, table, form, status=422)
    seen = form.previewed.data
    if not preview_jobs.preview_in_request(table):
        return _large_confirm(program, pending, form, seen)
    results, preview = _preview(program, table, questions, form)
    if seen != form.previewed.data:
        flash(MAPPING_CHANGED, "info")
        return _mapping_page(program, pending, table, form, preview)
    return _store(program, pending, results, questions)


def _store(program, pending, results, questions):
    """Store the checked rows as one batch, audit it, delete the pending file; commit once."""
    try:
        batch = service.import_responses(
            program_id=program.id,
            filename=pending.filename,
            sha256=pending.file_sha256,
            results=results,
            questions=questions,
            user_id=current_user.id,
            language=_default_language(program),
        )
    except service.ImportRefused as error:
        db.session.rollback()
        _forget(program.id)
        db.session.commit()
        return _back_to_upload(program, str(error))
    record(
        "responses_imported",
        actor=current_user,
        obj=batch,
        program_id=program.id,
        filename=batch.filename,
        rows_imported=batch.rows_imported,
        rows_refused=batch.rows_refused,
    )
    _forget(program.id)  # the file goes in the same transaction as the responses
    db.session.commit()
    flash(
        ngettext("%(num)d response imported", "%(num)d responses imported", batch.rows_imported)
        + ", "
        + ngettext("%(num)d row refused.", "%(num)d rows refused.", batch.rows_refused),
        "success",
    )
    return redirect(url_for("evaluation.import_report", batch_id=batch.id))


def _large_confirm(program, pending, form, seen):
    """Import a large file by a job; if the mapping changed, preview it again by a job."""
    if seen == form.fingerprint():
        return _queue_import(program, pending, form)
    flash(MAPPING_CHANGED, "info")
    language = engine.current_language()
    return _to_job_page(
        preview_jobs.request_preview(pending, form.mapping(), current_user.id, language)
    )


def _queue_import(program, pending, form):
    """Import a large file as a job with progress (one per pending file); go to its page."""
    job, _created = jobs.request_import(
        program.id,
        pending,
        form.mapping(),
        current_user.id,
        language=_default_language(program),
        ui_language=engine.current_language(),
    )
    return _to_job_page(job)


@bp.route("/programs/<int:program_id>/import/cancel", methods=["POST"])
@permission_required(perm.can_view_programs)
def import_cancel(program_id):
    """Abandon a pending import: its file is deleted."""
    program = _program_for_import(program_id)
    _forget(program.id)
    db.session.commit()
    flash(_("The import was cancelled and the uploaded file deleted."), "info")
    return redirect(url_for("programs.detail", program_id=program.id, _anchor="imports"))


@bp.route("/imports/<int:batch_id>")
@permission_required(perm.can_view_programs)
def import_report(batch_id):
    """Show an import's report: how many rows were imported and why others were refused."""
    found = service.load_batch(batch_id)
    if found is None:
        abort(404)
    batch, importer = found
    program = db.session.get(Program, batch.program_id)
    if not perm.can_view_responses(current_user, program):
        abort(403)
    return render_template(
        "evaluation/imports/report.html", program=program, batch=batch, importer=importer
    )
