"""IT & equipment requests and the queue IT works from."""

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import contains_eager

from program_planner.db import locked
from program_planner.extensions import db
from program_planner.notifications import handoffs
from program_planner.notifications.messages import register_labels
from program_planner.planning.models import (
    IT_NEXT_STATUS,
    ITItem,
    ITRequest,
    ITStatus,
)
from program_planner.planning.service import clean_text, rows_by_program
from program_planner.programs.models import INACTIVE_STATUSES, Program

OPEN_IT_STATUSES = (ITStatus.REQUESTED, ITStatus.CONFIRMED)
QUEUE_PAGE_SIZE = 25  # requests listed at a time, as on the program list
register_labels("it_item", ITItem.LABELS)  # notices name items and statuses in their reader's
register_labels("it_status", ITStatus.LABELS)  # language


def _actor():
    """The signed-in person making the change (None outside a request)."""
    return current_user._get_current_object() if has_request_context() else None


# --- IT & equipment -------------------------------------------------------------------------


def load_it_requests(programs):
    """Return each program's IT requests, soonest needed first."""
    return rows_by_program(
        ITRequest,
        programs,
        (ITRequest.needed_by.is_(None), ITRequest.needed_by, ITRequest.id),
    )


def save_it_request(program, request_, form) -> ITRequest:
    """Ask IT for equipment; changing what a confirmed request asks for sends it back to IT."""
    wanted = (form.item.data, form.quantity.data, form.needed_by.data)
    created = request_ is None
    if request_ is None:
        request_ = ITRequest(program_id=program.id, status=ITStatus.REQUESTED)
        db.session.add(request_)
    elif request_.status in (ITStatus.CONFIRMED, ITStatus.READY) and wanted != (
        request_.item,
        request_.quantity,
        request_.needed_by,
    ):
        request_.status = ITStatus.REQUESTED
        request_.reopened = True
    request_.item, request_.quantity, request_.needed_by = wanted
    request_.details = clean_text(form.details.data)
    db.session.flush()
    reopened = getattr(request_, "reopened", False)
    handoffs.it_request_saved(_actor(), program, request_, created, reopened)
    return request_


def it_request_warnings(request_):
    """Say so when a change sent a confirmed request back to IT."""
    if getattr(request_, "reopened", False):
        return [_("IT had already confirmed this request; it is now waiting for IT again.")]
    return []


def open_it_requests(branch_id: int | None = None, page: int = 1):
    """Return a page of the open IT requests of active programs (of one branch, or all),
    soonest needed first, with program and branch: two queries whatever the queue's length.
    """
    stmt = (
        sa.select(ITRequest)
        .join(ITRequest.program)
        .join(Program.branch)
        .options(contains_eager(ITRequest.program).contains_eager(Program.branch))
        .where(
            ITRequest.status.in_(OPEN_IT_STATUSES),
            Program.status.not_in(INACTIVE_STATUSES),
        )
        .order_by(ITRequest.needed_by.is_(None), ITRequest.needed_by, ITRequest.id)
    )
    if branch_id is not None:
        stmt = stmt.where(Program.branch_id == branch_id)
    return db.paginate(stmt, page=page, per_page=QUEUE_PAGE_SIZE, error_out=False)


class ITQueueError(Exception):
    """The request cannot be moved along (moved by someone else, program cancelled)."""


def lock_it_request(request_id: int) -> ITRequest | None:
    """Return the request, its row locked until the commit."""
    return db.session.scalar(locked(sa.select(ITRequest).where(ITRequest.id == request_id)))


def advance_it_request(request_: ITRequest, seen_status: str, notes: str | None) -> ITRequest:
    """Move the request one step (requested → confirmed → ready), from the status IT saw."""
    if request_.status.value != seen_status:
        raise ITQueueError(
            _(
                "Someone else already moved this request: it is now “%(status)s”.",
                status=request_.status.label,
            )
        )
    if request_.program.status in INACTIVE_STATUSES:
        raise ITQueueError(_("This program was cancelled or declined; nothing to prepare."))
    following = IT_NEXT_STATUS.get(request_.status)
    if following is None:
        raise ITQueueError(
            _("This request is “%(status)s”: nothing left to do.", status=request_.status.label)
        )
    request_.status = following
    if notes is not None:
        request_.it_notes = notes.strip()
    db.session.flush()
    handoffs.it_request_moved(_actor(), request_.program, request_)
    return request_
