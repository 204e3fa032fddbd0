"""Notices: add them for the next person, mail them as each prefers, list and mark them read.

Services flush and never commit. A notice mailed "immediately" goes into the outbox in the
same transaction, so a rolled-back hand-off sends nothing.
"""

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from sqlalchemy.orm import joinedload

from program_planner.auth.models import Role, User
from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.mail.links import external_url
from program_planner.mail.service import queue_mail
from program_planner.notifications.messages import link_url, render
from program_planner.notifications.models import EmailNotices, Notification, ReminderSent

PAGE_SIZE = 30
UNREAD_SHOWN_UP_TO = 99  # the navigation bar says "99+" beyond; the count stays cheap


def user_language(user) -> str:
    """Return the language of a person's mail: theirs, else the library's default."""
    languages = current_app.config["LANGUAGES"]
    chosen = getattr(user, "language", None)
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def can_receive(user) -> bool:
    """An active account whose details were not erased."""
    return user is not None and user.active and user.erased_at is None


def active_staff(*roles: Role, branch_id=None, check=None) -> list[User]:
    """Return active staff holding one of roles (in a branch), kept by check(user) if given."""
    stmt = sa.select(User).where(
        User.active.is_(True), User.erased_at.is_(None), User.role.in_(roles)
    )
    if branch_id is not None:
        stmt = stmt.where(User.branch_id == branch_id)
    users = db.session.scalars(stmt.order_by(User.id)).all()
    return [u for u in users if check is None or check(u)]


def notify(recipients, kind: str, *, program=None, actor=None, params=None, now=None):
    """Add a notice of kind for each recipient (not the actor); mail those who want it now.

    program: anything with id and title; params: plain values the kind's text uses.
    Returns the notices added (flushed).
    """
    now = now or utcnow()
    values = dict(params or {})
    if program is not None:
        values.setdefault("title", program.title)
    seen, notices = set(), []
    for user in recipients:
        if user is None or user.id in seen or not can_receive(user):
            continue
        seen.add(user.id)
        if actor is not None and user.id == actor.id:
            continue  # nobody is told what they did themselves
        notice = Notification(
            recipient_id=user.id,
            recipient=user,
            kind=kind,
            program_id=program.id if program is not None else None,
            actor_id=actor.id if actor is not None else None,
            actor=actor,
            params=values,
            created_at=now,
        )
        db.session.add(notice)
        notices.append(notice)
    db.session.flush()
    for notice in notices:
        if notice.recipient.email_notices == EmailNotices.IMMEDIATELY and mail_notice(notice):
            notice.emailed_at = now
    return notices


def mail_context(notice, language: str) -> dict:
    """Return the notice's headline, lines and absolute link in a language, for mail."""
    with force_locale(language):
        rendered = render(notice)
        return {
            "headline": rendered.headline,
            "lines": rendered.lines,
            "link": link_url(rendered, external_url),
            "link_text": rendered.link_text,
        }


def mail_notice(notice) -> bool:
    """Put one notice in the outbox for its recipient; False when there is no usable address."""
    user = notice.recipient
    if not user.email:
        return False
    language = user_language(user)
    message = queue_mail(
        user.email, "notice", language, mail_context(notice, language), user_id=user.id
    )
    return message is not None


# --- The inbox ------------------------------------------------------------------------------


def unread_count(user_id: int) -> int:
    """Return how many unread notices a person has, counting at most UNREAD_SHOWN_UP_TO + 1."""
    unread = (
        sa.select(Notification.id)
        .where(Notification.recipient_id == user_id, Notification.read_at.is_(None))
        .limit(UNREAD_SHOWN_UP_TO + 1)
        .subquery()
    )
    return db.session.scalar(sa.select(sa.func.count()).select_from(unread)) or 0


def inbox_page(user_id: int, page: int):
    """Return a page of a person's notices, newest first, with their actors (one query)."""
    stmt = (
        sa.select(Notification)
        .where(Notification.recipient_id == user_id)
        .options(joinedload(Notification.actor))
        .order_by(Notification.id.desc())
    )
    return db.paginate(stmt, page=page, per_page=PAGE_SIZE, error_out=False, count=True)


def own_notice(user_id: int, notice_id: int) -> Notification | None:
    """Return the person's notice, or None (someone else's notices do not exist for them)."""
    notice = db.session.get(Notification, notice_id)
    return notice if notice is not None and notice.recipient_id == user_id else None


def mark_read(notice: Notification, now=None) -> None:
    """Mark one notice read (a second time changes nothing)."""
    if notice.read_at is None:
        notice.read_at = now or utcnow()
        db.session.flush()


def mark_all_read(user_id: int, now=None) -> int:
    """Mark every unread notice of a person read; return how many."""
    return db.session.execute(
        sa.update(Notification)
        .where(Notification.recipient_id == user_id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
    ).rowcount


def save_preferences(user: User, email_notices: str, language: str | None) -> None:
    """Change how a person's notices reach them and the language of their mail."""
    user.email_notices = EmailNotices(email_notices).value
    user.language = language if language in current_app.config["LANGUAGES"] else None
    db.session.flush()


# --- Reminders: each one once -----------------------------------------------------------------


def claim_reminder(kind: str, object_id: int, now=None) -> bool:
    """Record that a reminder about this object goes out now; False if it went before.

    The unique (kind, object_id) settles two workers at once: one wins, the other is told no.
    """
    exists = db.session.scalar(
        sa.select(ReminderSent.id).where(
            ReminderSent.kind == kind, ReminderSent.object_id == object_id
        )
    )
    if exists is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(ReminderSent(kind=kind, object_id=object_id, sent_at=now or utcnow()))
    except sa.exc.IntegrityError:
        return False
    return True


# --- The daily digest -----------------------------------------------------------------------


def local_midnight(now: datetime, days_back: int = 0) -> datetime:
    """Return the library's local midnight of now's local day (minus days_back), in UTC."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = now.astimezone(zone).date() - timedelta(days=days_back)
    return datetime.combine(local, time(0), tzinfo=zone).astimezone(now.tzinfo)


def digest_due(now: datetime) -> bool:
    """Whether it is past the morning hour digests go out at (DIGEST_HOUR, library time)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return now.astimezone(zone).hour >= current_app.config.get("DIGEST_HOUR", 7)


def send_digests(now: datetime) -> int:
    """Mail each digest reader yesterday's unread notices in one message; return how many.

    Each notice goes in one digest at most: it is claimed (emailed_at set) in the transaction
    that queues the message, and a second worker finds nothing left to claim. Commits.
    """
    if not digest_due(now):
        return 0
    start, end = local_midnight(now, 1), local_midnight(now)
    waiting = (
        sa.select(Notification.recipient_id)
        .join(User, User.id == Notification.recipient_id)
        .where(
            User.email_notices == EmailNotices.DIGEST.value,
            Notification.emailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at >= start,
            Notification.created_at < end,
        )
        .distinct()
    )
    sent = 0
    for user_id in db.session.scalars(waiting).all():
        sent += _send_digest(user_id, start, end, now)
        db.session.commit()
    return sent


def _send_digest(user_id, start, end, now) -> int:
    user = db.session.get(User, user_id)
    ids = list(
        db.session.scalars(
            sa.select(Notification.id)
            .where(
                Notification.recipient_id == user_id,
                Notification.emailed_at.is_(None),
                Notification.read_at.is_(None),
                Notification.created_at >= start,
                Notification.created_at < end,
            )
            .order_by(Notification.id)
        )
    )
    claimed = db.session.execute(
        sa.update(Notification)
        .where(Notification.id.in_(ids), Notification.emailed_at.is_(None))
        .values(emailed_at=now)
    ).rowcount
    if not claimed or not can_receive(user) or not user.email:
        return 0
    notices = db.session.scalars(
        sa.select(Notification)
        .where(Notification.id.in_(ids), Notification.emailed_at == now)
        .options(joinedload(Notification.actor))
        .order_by(Notification.id)
    ).all()
    language = user_language(user)
    items = [mail_context(notice, language) for notice in notices]
    with force_locale(language):
        context = {
            "items": items,
            "inbox": external_url("notifications.inbox"),
            "day": start,
        }
    message = queue_mail(user.email, "notice_digest", language, context, user_id=user.id)
    return 1 if message is not None else 0
