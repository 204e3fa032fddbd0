"""Follow-up surveys that run themselves (flush, never commit; the upkeep and views commit).

Each opted-in address of a program gets one personal link, weeks_after weeks after the last
session; one reminder reminder_days later to those who have not answered; the survey closes
reminder_days after the reminder, and then the addresses are deleted. Rows are claimed with a
conditional UPDATE, so two workers running the upkeep at once send each message once.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from program_planner.evaluation.followup.models import (
    DEFAULT_REMINDER_DAYS,
    DEFAULT_WEEKS,
    REMINDER_DAYS_RANGE,
    WEEKS_RANGE,
    FollowUpInvitation,
    FollowUpQuestion,
    FollowUpSettings,
    FollowUpToken,
    TokenPurpose,
)
from program_planner.evaluation.followup.standard import FOLLOW_UP_CODES, REQUIRED_CODES
from program_planner.evaluation.models import (
    FollowUpContact,
    Question,
)
from program_planner.extensions import db
from program_planner.mail.links import external_url
from program_planner.mail.service import queue_mail
from program_planner.occurrences.models import Occurrence
from program_planner.programs.models import Program, Status

NO_FOLLOW_UP_STATUSES = (Status.CANCELLED, Status.DECLINED)
TOKEN_MAX = 128


class FollowUpError(Exception):
    """A setting that cannot be saved; field names the form field to show it at."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# --- Settings ----------------------------------------------------------------------------------


@dataclass
class Schedule:
    """A program's follow-up settings (stored or default) and the dates they give."""

    settings: FollowUpSettings | None
    enabled: bool
    weeks_after: int
    reminder_days: int
    last_session: datetime | None

    @property
    def due_at(self) -> datetime | None:
        """When the invitations go out (None without sessions)."""
        if self.last_session is None:
            return None
        return self.last_session + timedelta(weeks=self.weeks_after)

    @property
    def remind_at(self) -> datetime | None:
        return self.due_at + timedelta(days=self.reminder_days) if self.due_at else None

    @property
    def closes_at(self) -> datetime | None:
        return self.remind_at + timedelta(days=self.reminder_days) if self.due_at else None


def last_session_ends(program_ids) -> dict:
    """Return {program_id: end of its last session or None}."""
    ends = dict(
        db.session.execute(
            sa.select(Occurrence.program_id, sa.func.max(Occurrence.ends_at))
            .where(Occurrence.program_id.in_(list(program_ids)))
            .group_by(Occurrence.program_id)
        ).all()
    )
    return {pid: ends.get(pid) for pid in program_ids}


def schedules(program_ids) -> dict:
    """Return {program_id: Schedule} in two queries."""
    ids = list(program_ids)
    stored = {
        s.program_id: s
        for s in db.session.scalars(
            sa.select(FollowUpSettings).where(FollowUpSettings.program_id.in_(ids))
        )
    }
    ends = last_session_ends(ids)
    result = {}
    for pid in ids:
        row = stored.get(pid)
        result[pid] = Schedule(
            settings=row,
            enabled=row.enabled if row else True,
            weeks_after=row.weeks_after if row else DEFAULT_WEEKS,
            reminder_days=row.reminder_days if row else DEFAULT_REMINDER_DAYS,
            last_session=ends[pid],
        )
    return result


def schedule(program_id: int) -> Schedule:
    """Return one program's Schedule."""
    return schedules([program_id])[program_id]


def save_settings(program, row, *, enabled, weeks_after, reminder_days, question_ids):
    """Save a program's follow-up settings and its own follow-up questions; return the row.

    row is the program's settings row (None: created). The caller holds the program row locked
    and saves through saving.as_seen.
    """
    low, high = WEEKS_RANGE
    if weeks_after is None or not low <= weeks_after <= high:
        raise FollowUpError(
            _l("Choose from %(low)s to %(high)s weeks.", low=low, high=high), "weeks_after"
        )
    low, high = REMINDER_DAYS_RANGE
    if reminder_days is None or not low <= reminder_days <= high:
        raise FollowUpError(
            _l("Choose from %(low)s to %(high)s days.", low=low, high=high), "reminder_days"
        )
    if row is None:
        row = FollowUpSettings(program_id=program.id)
        db.session.add(row)
    row.enabled = bool(enabled)
    row.weeks_after = weeks_after
    row.reminder_days = reminder_days
    _replace_questions(program.id, question_ids)
    db.session.flush()
    return row


def _replace_questions(program_id: int, question_ids) -> None:
    allowed = {q.id for q in choosable_questions(program_id)}
    wanted = [qid for qid in dict.fromkeys(question_ids or []) if qid in allowed]
    current = {fq.question_id: fq for fq in program_follow_up_questions(program_id)}
    for question_id, row in current.items():
        if question_id not in wanted:
            db.session.delete(row)
    for position, question_id in enumerate(wanted, start=1):
        row = current.get(question_id)
        if row is None:
            db.session.add(
                FollowUpQuestion(program_id=program_id, question_id=question_id, position=position)
            )
        else:
            row.position = position


# --- The follow-up form's questions ------------------------------------------------------------


@dataclass
class FormItem:
    """A question on the follow-up form (what the engine needs of a ProgramQuestion)."""

    question: Question
    required: bool = False


def standard_questions() -> list[Question]:
    """Return the standard follow-up questions in their order."""
    found = {
        q.code: q
        for q in db.session.scalars(sa.select(Question).where(Question.code.in_(FOLLOW_UP_CODES)))
    }
    return [found[code] for code in FOLLOW_UP_CODES if code in found and found[code].active]


def program_follow_up_questions(program_id: int) -> list[FollowUpQuestion]:
    """Return the program's own follow-up questions in order."""
    return list(
        db.session.scalars(
            sa.select(FollowUpQuestion)
            .where(FollowUpQuestion.program_id == program_id)
            .order_by(FollowUpQuestion.position, FollowUpQuestion.id)
        ).unique()
    )


def form_items(program_id: int) -> list[FormItem]:
    """Return the follow-up form: the standard follow-up questions, then the program's own."""
    items = [FormItem(q, q.code in REQUIRED_CODES) for q in standard_questions()]
    items += [FormItem(fq.question) for fq in program_follow_up_questions(program_id)]
    return items


def choosable_questions(program_id: int) -> list[Question]:
    """Return the active questions a program may add to its follow-up (bank and its own)."""
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(
                Question.active.is_(True),
                sa.or_(Question.program_id.is_(None), Question.program_id == program_id),
                Question.code.not_in(FOLLOW_UP_CODES),
            )
            .order_by(Question.program_id.is_not(None), Question.category, Question.id)
        )
    )


# --- Tokens ------------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    """Return the sha256 of a personal token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(invitation: FollowUpInvitation, purpose: TokenPurpose) -> str:
    token = secrets.token_urlsafe(24)
    db.session.add(
        FollowUpToken(invitation_id=invitation.id, purpose=purpose, token_hash=hash_token(token))
    )
    return token


def invitation_for(token: str, purpose: TokenPurpose) -> FollowUpInvitation | None:
    """Return the invitation of a personal link, compared in constant time; None when unknown."""
    if not token or len(token) > TOKEN_MAX:
        return None
    digest = hash_token(token)
    row = db.session.scalar(sa.select(FollowUpToken).where(FollowUpToken.token_hash == digest))
    if row is None or row.purpose != purpose or not hmac.compare_digest(row.token_hash, digest):
        return None
    return row.invitation


def link_state(invitation: FollowUpInvitation, now: datetime) -> str:
    """Return open, answered, unsubscribed or closed."""
    if invitation.answered:
        return "answered"
    if invitation.unsubscribed:
        return "unsubscribed"
    if invitation.closes_at <= now:
        return "closed"
    return "open"


def claim_answer(invitation: FollowUpInvitation, now: datetime) -> bool:
    """Mark the invitation answered if it is still open; False when someone used it already."""
    result = db.session.execute(
        sa.update(FollowUpInvitation)
        .where(
            FollowUpInvitation.id == invitation.id,
            FollowUpInvitation.answered.is_(False),
            FollowUpInvitation.unsubscribed.is_(False),
            FollowUpInvitation.closes_at > now,
        )
        .values(answered=True)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def unsubscribe(invitation: FollowUpInvitation) -> bool:
    """Withdraw consent: delete the address from the program's list; False when already done."""
    result = db.session.execute(
        sa.update(FollowUpInvitation)
        .where(FollowUpInvitation.id == invitation.id, FollowUpInvitation.unsubscribed.is_(False))
        .values(unsubscribed=True)
        .execution_options(synchronize_session=False)
    )
    deleted = _delete_contact_of(invitation)
    return result.rowcount == 1 or deleted > 0


def forget_contact(invitation: FollowUpInvitation) -> int:
    """Delete the address once the survey is answered: it is needed for nothing else."""
    return _delete_contact_of(invitation)


def _delete_contact_of(invitation: FollowUpInvitation) -> int:
    """Delete every row of the invitation's address for its program; return how many."""
    if invitation.contact_id is None:
        return 0
    email = db.session.scalar(
        sa.select(FollowUpContact.email).where(FollowUpContact.id == invitation.contact_id)
    )
    if email is None:
        return 0
    result = db.session.execute(
        sa.delete(FollowUpContact)
        .where(FollowUpContact.program_id == invitation.program_id, FollowUpContact.email == email)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


# --- The upkeep: invite, remind, close ---------------------------------------------------------


def _mail(invitation, email, template, program_title, now) -> None:
    survey = _new_token(invitation, TokenPurpose.SURVEY)
    leave = _new_token(invitation, TokenPurpose.UNSUBSCRIBE)
    language = invitation.language
    survey_url = external_url("evaluation.followup_survey", survey_token=survey, lang=language)
    unsubscribe_url = external_url(
        "evaluation.followup_unsubscribe", unsubscribe_token=leave, lang=language
    )
    queue_mail(
        email,
        template,
        language,
        {
            "program_title": program_title,
            "survey_url": survey_url,
            "unsubscribe_url": unsubscribe_url,
            "closes_at": invitation.closes_at,
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def due_programs(now: datetime) -> list[int]:
    """Return the programs whose follow-up is due and that have addresses not invited yet."""
    waiting = list(
        db.session.scalars(
            sa.select(FollowUpContact.program_id)
            .join(Program, Program.id == FollowUpContact.program_id)
            .where(
                FollowUpContact.invited_at.is_(None),
                Program.status.not_in(NO_FOLLOW_UP_STATUSES),
            )
            .distinct()
            .order_by(FollowUpContact.program_id)
        )
    )
    if not waiting:
        return []
    found = schedules(waiting)
    return [
        pid
        for pid in waiting
        if found[pid].enabled and found[pid].due_at and found[pid].due_at <= now
    ]


def invite_program(program_id: int, now: datetime) -> int:
    """Invite each address of the program not invited yet; return how many invitations."""
    plan = schedule(program_id)
    title = db.session.scalar(sa.select(Program.title).where(Program.id == program_id))
    rows = db.session.execute(
        sa.select(FollowUpContact.id, FollowUpContact.email, FollowUpContact.language)
        .where(FollowUpContact.program_id == program_id, FollowUpContact.invited_at.is_(None))
        .order_by(FollowUpContact.consented_at.desc(), FollowUpContact.id.desc())
    ).all()
    latest = {}
    for contact_id, email, language in rows:  # the latest opt-in of an address gives its language
        latest.setdefault(email, (contact_id, language))
    sent = 0
    for email, (contact_id, language) in latest.items():
        claimed = db.session.execute(
            sa.update(FollowUpContact)
            .where(
                FollowUpContact.program_id == program_id,
                FollowUpContact.email == email,
                FollowUpContact.invited_at.is_(None),
            )
            .values(invited_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            continue  # another worker got there first
        remind_at = now + timedelta(days=plan.reminder_days)
        invitation = FollowUpInvitation(
            program_id=program_id,
            contact_id=contact_id,
            language=language if language in ("en", "fr") else "en",
            invited_at=now,
            remind_at=remind_at,
            closes_at=remind_at + timedelta(days=plan.reminder_days),
        )
        db.session.add(invitation)
        db.session.flush()
        _mail(invitation, email, "followup_invitation", title, now)
        sent += 1
    db.session.flush()
    return sent


def remind_due(now: datetime) -> list[int]:
    """Return the invitations due a reminder (not answered, not reminded, still open)."""
    return list(
        db.session.scalars(
            sa.select(FollowUpInvitation.id)
            .where(
                FollowUpInvitation.remind_at <= now,
                FollowUpInvitation.closes_at > now,
                FollowUpInvitation.reminded_at.is_(None),
                FollowUpInvitation.answered.is_(False),
                FollowUpInvitation.unsubscribed.is_(False),
                FollowUpInvitation.contact_id.is_not(None),
            )
            .order_by(FollowUpInvitation.id)
        )
    )


def remind(invitation_id: int, now: datetime) -> bool:
    """Send one reminder, once; False when it was sent, answered or withdrawn meanwhile."""
    claimed = db.session.execute(
        sa.update(FollowUpInvitation)
        .where(
            FollowUpInvitation.id == invitation_id,
            FollowUpInvitation.reminded_at.is_(None),
            FollowUpInvitation.answered.is_(False),
            FollowUpInvitation.unsubscribed.is_(False),
        )
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        return False
    invitation = db.session.get(FollowUpInvitation, invitation_id, populate_existing=True)
    row = db.session.execute(
        sa.select(FollowUpContact.email, Program.title)
        .join(Program, Program.id == FollowUpContact.program_id)
        .where(FollowUpContact.id == invitation.contact_id)
    ).first()
    if row is None:
        return False  # the address was withdrawn meanwhile: nothing to send to
    _mail(invitation, row.email, "followup_reminder", row.title, now)
    return True


def close_due(now: datetime) -> int:
    """Delete the addresses of invitations whose survey has closed; return how many rows."""
    deleted = 0
    for invitation in db.session.scalars(
        sa.select(FollowUpInvitation).where(
            FollowUpInvitation.closes_at <= now, FollowUpInvitation.contact_id.is_not(None)
        )
    ).all():
        deleted += _delete_contact_of(invitation)
    db.session.expire_all()
    return deleted
