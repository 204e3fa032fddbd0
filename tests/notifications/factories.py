"""Notices for the tests."""

from program_planner.extensions import db
from program_planner.notifications.models import Notification
from program_planner.programs.models import Program


def add_notice(recipient_id, program_id=None, kind="program_approve", **params) -> Notification:
    """Add an unread notice (flushed)."""
    if program_id is not None and "title" not in params:
        params["title"] = db.session.get(Program, program_id).title
    notice = Notification(
        recipient_id=recipient_id, kind=kind, program_id=program_id, params=params
    )
    db.session.add(notice)
    db.session.flush()
    return notice


def add_notice_rows(program_id, _ids) -> dict:
    """Add a notice to the sample program's owner; return {"notice_id": id}."""
    owner_id = db.session.get(Program, program_id).owner_id
    return {"notice_id": add_notice(owner_id, program_id, comment="Well planned.").id}
