"""Evaluation debriefs rows for the route tests."""

import secrets
from datetime import timedelta

from program_planner.db import utcnow
from program_planner.evaluation.debriefs.service import hash_token
from program_planner.evaluation.models import DebriefLink
from program_planner.extensions import db


def add_debrief_link(program_id, name="Dana Presenter", days=30, token=None, **fields):
    """Add a presenter's debrief link (flushed); return (link, token)."""
    token = token or secrets.token_urlsafe(32)
    link = DebriefLink(
        program_id=program_id,
        presenter_name=name,
        token_hash=hash_token(token),
        expires_at=utcnow() + timedelta(days=days),
        **fields,
    )
    db.session.add(link)
    db.session.flush()
    return link, token


def add_rows(program_id, ids) -> dict:
    """Add rows for this area; return {kind name or URL argument name: value}."""
    link, token = add_debrief_link(program_id, presenter_id=ids.get("presenters"))
    return {"debrief_link_id": link.id, "debrief_token": token}
