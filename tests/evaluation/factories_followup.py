"""Follow-up survey rows for the tests: an invitation with its personal tokens."""

import secrets
from datetime import timedelta

from program_planner.db import utcnow
from program_planner.evaluation.followup.models import (
    FollowUpInvitation,
    FollowUpToken,
    TokenPurpose,
)
from program_planner.evaluation.followup.service import hash_token
from program_planner.evaluation.followup.standard import ensure_follow_up_questions
from program_planner.extensions import db


def add_invitation(program_id, contact_id=None, language="en", invited_at=None, days=7):
    """Add an open invitation (flushed); return (invitation, survey token, unsubscribe token)."""
    ensure_follow_up_questions()
    invited_at = invited_at or utcnow()
    invitation = FollowUpInvitation(
        program_id=program_id,
        contact_id=contact_id,
        language=language,
        invited_at=invited_at,
        remind_at=invited_at + timedelta(days=days),
        closes_at=invited_at + timedelta(days=2 * days),
    )
    db.session.add(invitation)
    db.session.flush()
    tokens = {}
    for purpose in TokenPurpose:
        tokens[purpose] = secrets.token_urlsafe(24)
        db.session.add(
            FollowUpToken(
                invitation_id=invitation.id,
                purpose=purpose,
                token_hash=hash_token(tokens[purpose]),
            )
        )
    db.session.flush()
    return invitation, tokens[TokenPurpose.SURVEY], tokens[TokenPurpose.UNSUBSCRIBE]


def add_rows(program_id, contact_id=None) -> dict:
    """Add an invitation; return {URL argument name: value}."""
    _invitation, survey, unsubscribe = add_invitation(program_id, contact_id)
    return {"survey_token": survey, "unsubscribe_token": unsubscribe}
