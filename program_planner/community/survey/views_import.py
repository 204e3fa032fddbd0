"""Routes of the community survey import: upload an export, check the columns, preview, import."""

import os

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.community import bp
from program_planner.community.survey import imports
from program_planner.community.survey.models import CommunitySurvey
from program_planner.db import begin_write
from program_planner.evaluation.engine import current_language, strip_control_characters
from program_planner.evaluation.imports.forms import CsrfOnlyForm, ImportUploadForm
from program_planner.evaluation.imports.reading import ImportFileError
from program_planner.extensions import db
from program_planner.web import csrf_checked_by_form


def _survey(survey_id) -> CommunitySurvey:
    survey = db.session.get(CommunitySurvey, survey_id)
    if survey is None:
        abort(404)
    return survey


def _upload_form():
    """Return the upload form and whether a readable-sized file came."""
    try:
        form = ImportUploadForm()
        return form, form.validate_on_submit()
    except RequestEntityTooLarge:
        form = ImportUploadForm(formdata=None)
        limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        form.file.errors = [_("The file is too large: at most %(n)s MB.", n=limit)]
        return form, False


@bp.route("/community/surveys/<int:survey_id>/import", methods=["GET", "POST"])
@permission_required(perm.can_import_community_survey)
@csrf_checked_by_form
def survey_import(survey_id):
    """Take an online form's export (CSV or xlsx) of survey responses and read it."""
    survey = _survey(survey_id)
    form, submitted = _upload_form()
    if submitted and _keep(survey, form):
        db.session.commit()
        return redirect(url_for(".survey_import_preview", survey_id=survey.id))
    pending = imports.pending_of(survey.id, current_user.id)
    page = render_template(
        "community/survey/import_upload.html", survey=survey, form=form, pending=pending
    )
    return page, 422 if form.errors else 200


def _keep(survey, form) -> bool:
    """Read and keep the uploaded file; False with the file field's error when it cannot be."""
    upload = form.file.data
    filename = strip_control_characters(os.path.basename(upload.filename or ""))
    try:
        table = imports.read_upload(filename, upload.read())
    except ImportFileError as error:
        form.file.errors.append(str(error))
        return False
    imports.keep_upload(survey.id, current_user.id, filename, table)
    return True


def _prepared(survey):
    """Return (pending, table, mapping form), or None when nothing waits to be imported."""
    pending = imports.pending_of(survey.id, current_user.id)
    if pending is None:
        if request.method == "POST" and not CsrfOnlyForm().validate_on_submit():
            abort(400)  # no mapping form to check the token: check it here
        return None
    table = imports.table_of(pending)
    return pending, table, imports.mapping_form(table, current_language())


@bp.route("/community/surveys/<int:survey_id>/import/preview", methods=["GET", "POST"])
@permission_required(perm.can_import_community_survey)
@csrf_checked_by_form
def survey_import_preview(survey_id):
    """Show the columns as matched and what the import would store; POST: with a new mapping."""
    survey = _survey(survey_id)
    prepared = _prepared(survey)
    if prepared is None:
        flash(_("Choose the file to import first."), "warning")
        return redirect(url_for(".survey_import", survey_id=survey.id))
    pending, table, form = prepared
    preview = None
    if _mapping_ok(form):
        _results, preview = imports.check_rows(survey.id, table, form.mapping(), _day_first())
        form.previewed.data = form.fingerprint()
    return _preview_page(survey, pending, table, form, preview)


def _mapping_ok(form) -> bool:
    """Whether the mapping can be previewed: as posted (checked), or as guessed (a question)."""
    if form.is_submitted():
        return form.validate_on_submit()
    return any(choice.isdigit() for choice in form.mapping())


def _day_first() -> bool:
    """Read 03/04 as the 3rd of April for people using the app in French."""
    return current_language() == "fr"


def _preview_page(survey, pending, table, form, preview):
    return render_template(
        "community/survey/import_preview.html",
        survey=survey,
        pending=pending,
        table=table,
        form=form,
        preview=preview,
    ), 422 if form.errors else 200


@bp.route("/community/surveys/<int:survey_id>/import/confirm", methods=["POST"])
@permission_required(perm.can_import_community_survey)
@csrf_checked_by_form
def survey_import_confirm(survey_id):
    """Import the rows the preview accepted; rows stored by an earlier import are not again."""
    survey = _survey(survey_id)
    begin_write(db.session)
    prepared = _prepared(survey)
    if prepared is None:
        flash(_("There is nothing to import: upload the file again."), "warning")
        return redirect(url_for(".survey_import", survey_id=survey.id))
    pending, table, form = prepared
    if not form.validate_on_submit() or form.previewed.data != form.fingerprint():
        db.session.rollback()
        return _import_refused(survey, pending, table, form)
    results, _preview = imports.check_rows(survey.id, table, form.mapping(), _day_first())
    counts = imports.import_rows(survey, results)
    imports.discard(pending)
    db.session.commit()
    flash(_imported_message(counts), "success")
    return redirect(url_for(".surveys", _anchor=f"survey-{survey.id}"))


def _import_refused(survey, pending, table, form):
    """The mapping changed since the preview (or is wrong): show the preview again."""
    if not form.errors:
        flash(_("The mapping changed since the preview: check the preview, then import."), "info")
        _results, preview = imports.check_rows(survey.id, table, form.mapping(), _day_first())
        form.previewed.data = form.fingerprint()
        return _preview_page(survey, pending, table, form, preview)
    return _preview_page(survey, pending, table, form, None)


def _imported_message(counts) -> str:
    return " ".join(
        (
            ngettext(
                "%(num)d response imported.", "%(num)d responses imported.", counts["imported"]
            ),
            ngettext(
                "%(num)d was already imported and is counted once.",
                "%(num)d were already imported and are counted once.",
                counts["already"],
            ),
            ngettext("%(num)d row refused.", "%(num)d rows refused.", counts["refused"]),
        )
    )
