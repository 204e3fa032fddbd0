"""Staff side of the public form: the "Collect responses" section, links, contacts, paper form."""

from flask import Response as HttpResponse
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from program_planner.audit.service import record
from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.db import begin_write, locked
from program_planner.evaluation import bp
from program_planner.evaluation.engine import program_questions
from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.models import EvaluationLink, QuestionType, ResponseKind
from program_planner.evaluation.public import service
from program_planner.evaluation.public.forms import LinkForm
from program_planner.evaluation.public.language import in_chosen_language
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.programs.models import Program
from program_planner.programs.sections import Section, register_section
from program_planner.web import query_id

register_section(
    Section(
        key="collect",
        title=_l("Collect responses"),
        template="evaluation/public/_collect.html",
        order=105,
        load=service.load_collect,
        proposal=False,
        visible=lambda user, program: perm.can_view_programs(user),
    )
)


def _program(program_id, for_update=False) -> Program:
    if for_update:
        begin_write(db.session)
        program = db.session.scalar(locked(db.select(Program).where(Program.id == program_id)))
    else:
        program = db.session.get(Program, program_id)
    if program is None:
        abort(404)
    return program


def _to_section(program_id):
    return redirect(url_for("programs.detail", program_id=program_id, _anchor="collect"))


@bp.route("/programs/<int:program_id>/evaluation-links", methods=["POST"])
@permission_required(perm.can_view_programs)
def public_link_create(program_id):
    """Create the program's public link, a session's link or the follow-up link."""
    program = _program(program_id)
    if not perm.can_edit_evaluation_form(current_user, program):
        abort(403)
    form = LinkForm()
    form.occurrence_id.choices = [("", "")] + [
        (str(o_id), str(o_id))
        for o_id in db.session.scalars(
            db.select(Occurrence.id).where(Occurrence.program_id == program_id)
        )
    ]
    if not form.validate_on_submit():
        flash(_("That link could not be created: choose one of this program's sessions."), "danger")
        return _to_section(program_id)
    program = _program(program_id, for_update=True)
    link, created = service.create_link(program, form.chosen_kind(), form.chosen_occurrence())
    db.session.commit()
    if created:
        flash(_("Link created. Share it, or print its QR code."), "success")
    else:
        flash(_("That link already exists; it is shown below."), "info")
    return _to_section(program_id)


@bp.route(
    "/programs/<int:program_id>/evaluation-links/<int:evaluation_link_id>/toggle", methods=["POST"]
)
@permission_required(perm.can_view_programs)
def public_link_set_active(program_id, evaluation_link_id):
    """Close an open link, or open a closed one."""
    program = _program(program_id)
    if not perm.can_edit_evaluation_form(current_user, program):
        abort(403)
    link = db.session.get(EvaluationLink, evaluation_link_id)
    if link is None or link.program_id != program_id:
        abort(404)
    service.set_link_active(link, not link.active)
    db.session.commit()
    if link.active:
        flash(_("The link is open again: attendees can answer."), "success")
    else:
        flash(_("The link is closed: attendees see that the form is closed."), "info")
    return _to_section(program_id)


@bp.route("/programs/<int:program_id>/follow-up-contacts", methods=["POST"])
@permission_required(perm.can_view_programs)
def public_follow_up_download(program_id):
    """Download the follow-up addresses as a plain list (audited)."""
    program = _program(program_id)
    if not perm.can_view_responses(current_user, program):
        abort(403)
    emails = service.contact_emails(program_id)
    service.mark_invited(program_id)
    record(
        "follow_up_contacts_downloaded",
        actor=current_user,
        obj=program,
        count=len(emails),
    )
    db.session.commit()
    body = "".join(f"{email}\r\n" for email in emails)
    return HttpResponse(
        body,
        mimetype="text/plain",
        headers={
            "Content-Disposition": f'attachment; filename="follow-up-{program_id}.txt"',
            "Cache-Control": "no-store",
        },
    )


def _paper_blocks(questions):
    """Group consecutive questions of a grid kind (agreement) into one grid; others stand alone."""
    blocks = []
    for pq in questions:
        if kind_of(pq.question).paper_grid:
            if blocks and blocks[-1][0] == "grid":
                blocks[-1][1].append(pq)
            else:
                blocks.append(("grid", [pq]))
        else:
            blocks.append(("single", [pq]))
    return blocks


@bp.route("/programs/<int:program_id>/paper-form")
@permission_required(perm.can_view_programs)
@in_chosen_language
def public_paper_form(program_id, language):
    """Show the printable paper form: the same questions, boxes to tick, the QR code."""
    program = _program(program_id)
    occurrence = None
    occurrence_id = query_id("occurrence")
    if occurrence_id:
        occurrence = db.session.get(Occurrence, occurrence_id)
        if occurrence is None or occurrence.program_id != program_id:
            abort(404)
    link = service.program_link(program_id, occurrence_id) or (
        service.program_link(program_id) if occurrence_id else None
    )
    questions = program_questions(program_id)
    return render_template(
        "evaluation/public/paper_form.html",
        program=program,
        occurrence=occurrence,
        link=link,
        questions=questions,
        blocks=_paper_blocks(questions),
        language=language,
        library_name=current_app.config["LIBRARY_NAME"],
        ResponseKind=ResponseKind,
        QuestionType=QuestionType,
    )
