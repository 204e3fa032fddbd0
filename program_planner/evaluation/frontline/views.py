"""Routes of frontline work: session reports, fast keying of paper forms and their correction.

Registered on the evaluation blueprint; the program page gains the "Attendance & observations"
section.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.db import begin_write
from program_planner.evaluation import bp, engine
from program_planner.evaluation.frontline import service
from program_planner.evaluation.frontline.forms import (
    OccurrenceReportForm,
    PaperCorrectionBase,
    answers_from_paper_form,
    key_from_answers,
    make_paper_form,
)
from program_planner.extensions import db
from program_planner.programs.models import Program
from program_planner.programs.sections import Section, register_section
from program_planner.saving import EditConflict, as_seen, keep_typed, version_of
from program_planner.web import csrf_checked_by_form, safe_next_url

register_section(
    Section(
        key="attendance",
        title=_l("Attendance & observations"),
        template="evaluation/frontline/_attendance.html",
        order=110,
        load=service.load_attendance,
        proposal=False,
        visible=lambda user, program: perm.can_view_programs(user),
    )
)

CORRECTION_CONFLICT = _l(
    "Someone else corrected this paper form while you were correcting it. What you typed is "
    "kept below and was not saved; check it against the answers now stored, then save again to "
    "keep yours."
)
CONFLICT = _l(
    "Someone else saved this session's report while you were editing. What you typed is kept "
    "below and was not saved; check it against the figures now recorded, then save again to "
    "keep yours."
)


def _occurrence_for_entry(occurrence_id):
    """Return the session (404) whose program's responses the current user may enter (403)."""
    occurrence = service.load_occurrence(occurrence_id)
    if occurrence is None:
        abort(404)
    if not perm.can_enter_responses(current_user, occurrence.program):
        abort(403)
    return occurrence


def _program_page(program_id, anchor="attendance"):
    return url_for("programs.detail", program_id=program_id, _anchor=anchor)


def _report_values(form) -> dict:
    return {
        "headcount": form.total_headcount(),
        "online_headcount": form.online(),
        "first_time_count": form.first_time_count.data,
        "observations": form.observations.data,
        "paper_forms_collected": form.paper_forms_collected.data,
        "user_id": current_user.id,
    }


@bp.route("/occurrences/<int:occurrence_id>/report", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def frontline_session_report(occurrence_id):
    """Record a session's headcount, first-time attendees and observations."""
    occurrence = _occurrence_for_entry(occurrence_id)
    report = service.report_of(occurrence.id)
    form = OccurrenceReportForm.for_session(occurrence, report)
    too_early = service.not_started(occurrence)
    if form.validate_on_submit() and too_early is None:
        saved, report = _save_report(form, occurrence)
        if saved:
            flash(_("Session report saved."), "success")
            return redirect(
                safe_next_url(request.args.get("next")) or _program_page(occurrence.program_id)
            )
    status = 422 if form.is_submitted() else 200
    return render_template(
        "evaluation/frontline/report.html",
        form=form,
        occurrence=occurrence,
        report=report,
        too_early=too_early,
    ), status


def _save_report(form, occurrence):
    """Save the report as seen; return (saved, report now stored); a conflict keeps the typing."""
    try:
        begin_write(db.session)
        report = service.report_of(occurrence.id, for_update=True)
        with as_seen(report, form.version.data):
            service.save_report(occurrence, report, **_report_values(form))
        db.session.commit()
    except (EditConflict, service.ReportConflict):
        db.session.rollback()
        report = service.report_of(occurrence.id)
        keep_typed(form, version_of(report), CONFLICT)
        return False, report
    return True, report


def _paper_form(questions, **kwargs):
    return make_paper_form(questions)(**kwargs)


@bp.route("/occurrences/<int:occurrence_id>/paper-entry", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def frontline_paper_entry(occurrence_id):
    """Key in paper forms one after another, keyboard only; each is stored once."""
    occurrence = _occurrence_for_entry(occurrence_id)
    questions = engine.program_questions(occurrence.program_id)
    form = _paper_form(questions)
    too_early = service.not_started(occurrence)
    if form.validate_on_submit() and too_early is None and questions:
        if form.answered():
            _store_paper_entry(form, occurrence)
            return redirect(url_for(".frontline_paper_entry", occurrence_id=occurrence.id))
        form.form_errors.append(
            _("Nothing was typed: key in at least one answer, or skip this paper form.")
        )
    return _entry_page(form, occurrence, questions, too_early)


def _entry_page(form, occurrence, questions, too_early):
    """Show the keying page: the form ready for the next paper, and the last one keyed."""
    last = service.last_entry(occurrence.id, current_user.id)
    _prepare_next_entry(form, last)
    language = engine.current_language()
    return render_template(
        "evaluation/frontline/paper_entry.html",
        form=form,
        occurrence=occurrence,
        questions=questions,
        too_early=too_early,
        language=language,
        count=service.paper_count(occurrence.id),
        last=last,
        summary=service.entry_summary(questions, last, language) if last else [],
    ), 422 if form.is_submitted() else 200


def _store_paper_entry(form, occurrence):
    """Store a keyed-in paper form once (its submission key) and say whether it was new."""
    key = form.submission_key.data or engine.new_submission_key()
    _response, created = service.save_paper_entry(
        occurrence,
        submission_key=key,
        answers=answers_from_paper_form(form),
        language=form.form_language.data,
        user_id=current_user.id,
    )
    db.session.commit()
    if created:
        flash(_("Paper form saved. Key in the next one."), "success")
    else:
        flash(_("That paper form was already saved; it is counted once."), "info")


def _prepare_next_entry(form, last):
    """Give the form a submission key, and at first the language of the last form keyed."""
    if not form.is_submitted():
        form.submission_key.data = engine.new_submission_key()
        form.form_language.data = last.language if last else engine.current_language()
    elif not form.submission_key.data:
        form.submission_key.data = engine.new_submission_key()


def _save_correction(form, paper_response_id, questions):
    """Save a correction of the answers as seen; return the response, or None when refused."""
    if not form.answered():
        form.form_errors.append(_("Nothing was typed: key in at least one answer."))
        return None
    try:
        begin_write(db.session)
        response = service.load_paper_response(paper_response_id, for_update=True)
        if response is None:  # removed meanwhile (its import undone)
            raise EditConflict
        with as_seen(response, form.version.data, service.PAPER_EDITS):
            service.correct_paper_entry(
                response, questions, answers_from_paper_form(form), form.form_language.data
            )
    except EditConflict:
        db.session.rollback()
        current = service.load_paper_response(paper_response_id)
        keep_typed(form, version_of(current, service.PAPER_EDITS), CORRECTION_CONFLICT)
        return None
    db.session.commit()
    return response


@bp.route("/responses/<int:paper_response_id>/correct", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def frontline_paper_correct(paper_response_id):
    """Correct the answers of a keyed-in paper form: its keyer or reviewers only."""
    response = service.load_paper_response(paper_response_id)
    if response is None:
        abort(404)
    program = db.session.get(Program, response.program_id)
    if not perm.can_correct_paper_entry(current_user, program, response):
        abort(403)
    questions = engine.program_questions(program.id)
    form = make_paper_form(questions, PaperCorrectionBase)()
    if form.validate_on_submit():
        corrected = _save_correction(form, paper_response_id, questions)
        if corrected is not None:
            flash(_("The paper form was corrected."), "success")
            return redirect(_after_correction(corrected))
    if not form.is_submitted():
        _load_correction(form, response)
    return _correction_page(form, response, program, questions)


def _correction_page(form, response, program, questions):
    occurrence = service.load_occurrence(response.occurrence_id) if response.occurrence_id else None
    return render_template(
        "evaluation/frontline/correct.html",
        form=form,
        response=response,
        program=program,
        occurrence=occurrence,
        questions=questions,
        language=engine.current_language(),
    ), 422 if form.is_submitted() else 200


def _load_correction(form, response):
    """Fill the correction form with the stored answers and their version."""
    grouped = service.answers_by_question(response)
    for pq, name in form.keyed:
        getattr(form, name).data = key_from_answers(pq.question, grouped.get(pq.question_id))
    form.form_language.data = response.language
    form.version.data = version_of(response, service.PAPER_EDITS)


def _after_correction(response):
    if response.occurrence_id is None:
        return _program_page(response.program_id)
    return url_for(".frontline_paper_entry", occurrence_id=response.occurrence_id)
