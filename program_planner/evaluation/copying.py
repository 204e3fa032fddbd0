"""Copy a program into a new draft: its plan, its form and its objectives with their links.

Never copied: sessions (their dates and venue bookings belong to the run that happened),
responses, session reports, debriefs, results, lessons learned, the status history (the copy
starts with one "copied from" entry). Budget amounts and presenter fees are copied only for
people who may see the original's budget. Lives in evaluation, the highest package whose rows
are copied, so it may read every part of the plan.
"""

import sqlalchemy as sa
from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from program_planner.audit.service import record
from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.auth.forms import ConfirmForm
from program_planner.db import begin_write, utcnow
from program_planner.evaluation import bp
from program_planner.evaluation.builder.service import unique_code
from program_planner.evaluation.models import ProgramQuestion, Question
from program_planner.extensions import db
from program_planner.people.models import Presenter, ProgramPartner
from program_planner.planning.models import (
    BudgetLine,
    CollectionTieIn,
    ITRequest,
    ITStatus,
    Objective,
    ProgramTargetGroup,
    PromotionItem,
    PromotionStatus,
    TieInStatus,
)
from program_planner.programs.models import Program, Status, StatusChange

TITLE_MAX = 200


def _rows(model, program_id):
    return db.session.scalars(
        sa.select(model).where(model.program_id == program_id).order_by(model.id)
    ).all()


def _copy_rows(model, source_id, target_id, fields, **fixed):
    """Add a copy of each of source's rows of model to target; return {old id: new row}."""
    copies = {}
    for row in _rows(model, source_id):
        values = {name: getattr(row, name) for name in fields}
        values.update(fixed)
        copy = model(program_id=target_id, **values)
        db.session.add(copy)
        copies[row.id] = copy
    db.session.flush()
    return copies


def copy_program(user, source: Program) -> Program:
    """Return a new draft owned by user with source's plan, form and objectives."""
    title = _("Copy of %(title)s", title=source.title)[:TITLE_MAX]
    copy = Program(
        title=title,
        description=source.description,
        title_fr=source.title_fr,
        description_fr=source.description_fr,
        branch_id=source.branch_id,
        owner_id=user.id,
        program_type=source.program_type,
        delivery_mode=source.delivery_mode,
        languages=list(source.languages or []),
        community_need=source.community_need,
        need_evidence=source.need_evidence,
        fiscal_year=utcnow().year,
        status=Status.DRAFT,
        strategic_goals=[g for g in source.strategic_goals if g.active],
    )
    db.session.add(copy)
    db.session.flush()
    db.session.add(
        StatusChange(
            program_id=copy.id,
            from_status=None,
            to_status=Status.DRAFT,
            action="copy",
            actor_id=user.id,
            comment=_("Copied from “%(title)s” (#%(id)s).", title=source.title, id=source.id),
        )
    )
    _copy_rows(
        ProgramTargetGroup,
        source.id,
        copy.id,
        ("target_group_id", "expected_reach", "needs", "barriers", "accommodations"),
    )
    objectives = _copy_rows(
        Objective,
        source.id,
        copy.id,
        ("position", "statement", "outcome_type", "target_metric", "target_value"),
    )
    money = perm.can_view_budget(user, source)
    lines = {}
    if money:
        lines = _copy_rows(
            BudgetLine,
            source.id,
            copy.id,
            ("category", "funding_source", "description", "planned"),
            actual=None,
        )
    _copy_rows(
        ITRequest,
        source.id,
        copy.id,
        ("item", "quantity", "details"),
        status=ITStatus.REQUESTED,
        needed_by=None,
        it_notes="",
    )
    _copy_rows(
        PromotionItem,
        source.id,
        copy.id,
        ("channel", "audience", "language", "owner", "notes"),
        status=PromotionStatus.PLANNED,
        planned_date=None,
    )
    _copy_rows(
        CollectionTieIn,
        source.id,
        copy.id,
        ("title_or_subject", "formats", "languages", "quantity", "notes"),
        status=TieInStatus.REQUESTED,
    )
    _copy_rows(ProgramPartner, source.id, copy.id, ("organisation_id", "role", "contribution"))
    presenters = _copy_rows(
        Presenter, source.id, copy.id, ("name", "organisation", "email", "phone", "topic", "fee")
    )
    if not money:
        for presenter in presenters.values():
            presenter.fee = 0
    _link_fee_lines(source.id, lines, presenters)
    _copy_form(source.id, copy.id, objectives)
    record("program_copied", actor=user, obj=copy, source=source.id, title=copy.title)
    db.session.flush()
    return copy


def _link_fee_lines(source_id, lines, presenters) -> None:
    """Link each copied presenter-fee line to the copy of its presenter."""
    linked = db.session.execute(
        sa.select(BudgetLine.id, BudgetLine.presenter_id).where(
            BudgetLine.program_id == source_id, BudgetLine.presenter_id.is_not(None)
        )
    )
    for line_id, presenter_id in linked:
        if line_id in lines and presenter_id in presenters:
            lines[line_id].presenter_id = presenters[presenter_id].id
    db.session.flush()


def _copy_form(source_id, target_id, objectives) -> None:
    """Copy the form's questions (a program's own questions as new ones) and objective links."""
    for pq in _rows(ProgramQuestion, source_id):
        question = pq.question
        if question.program_id == source_id:
            question = Question(
                code=unique_code(f"{question.code[:50]}_copy"),
                text_en=question.text_en,
                text_fr=question.text_fr,
                help_en=question.help_en,
                help_fr=question.help_fr,
                qtype=question.qtype,
                category=question.category,
                outcome_type=question.outcome_type,
                choices=list(question.choices or []),
                min_value=question.min_value,
                max_value=question.max_value,
                standard=False,
                program_id=target_id,
                active=question.active,
            )
            db.session.add(question)
            db.session.flush()
        db.session.add(
            ProgramQuestion(
                program_id=target_id,
                question_id=question.id,
                position=pq.position,
                required=pq.required,
                objectives=[objectives[o.id] for o in pq.objectives if o.id in objectives],
            )
        )
    db.session.flush()


@bp.route("/programs/<int:program_id>/copy", methods=["POST"])
@permission_required(perm.can_create_program)
def program_copy(program_id):
    """Copy a program one may see into a new draft of one's own, and open it."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    begin_write(db.session)
    source = db.session.get(Program, program_id)
    if source is None:
        abort(404)
    if not perm.can_copy_program(current_user, source):
        abort(403)
    copy = copy_program(current_user, source)
    db.session.commit()
    flash(
        _(
            "This is your copy of “%(title)s”, a new draft. Add its sessions and check the "
            "basics, dates and budget before submitting.",
            title=source.title,
        ),
        "success",
    )
    return redirect(url_for("programs.detail", program_id=copy.id))
