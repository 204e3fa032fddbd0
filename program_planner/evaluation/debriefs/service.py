"""Presenter debrief links and debriefs: issue, look up, revoke, save; the section's rows.

A link's token is shown once and stored only as its SHA-256; lookups compare in constant time.
Services flush and never commit.
"""

import hashlib
import hmac
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from program_planner.audit.service import record
from program_planner.db import locked, utcnow
from program_planner.evaluation.engine import strip_control_characters
from program_planner.evaluation.models import (
    Achievement,
    Debrief,
    DebriefKind,
    DebriefLink,
    DebriefObjective,
    utc_hour,
)
from program_planner.extensions import db
from program_planner.mail.links import external_url
from program_planner.mail.service import normalized_address, queue_mail
from program_planner.notifications import handoffs
from program_planner.occurrences.models import Occurrence
from program_planner.people.models import Presenter
from program_planner.planning.models import Objective
from program_planner.programs.models import Program

DEFAULT_DAYS = 30
MAX_DAYS = 90
TOKEN_MAX_LENGTH = 128  # token_urlsafe(32) is 43 characters; anything far longer is not ours
WAITING, USED, EXPIRED, REVOKED = "waiting", "used", "expired", "revoked"
RETURN_CHOICES = ("yes", "no", "maybe")


class DebriefError(Exception):
    """A debrief or link that cannot be saved; field names the form field, if any."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest stored for a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_status(link: DebriefLink, now=None) -> str:
    """Return waiting, used, revoked or expired."""
    now = now or utcnow()
    if link.used_at is not None:
        return USED
    if link.revoked_at is not None:
        return REVOKED
    if link.expires_at <= now:
        return EXPIRED
    return WAITING


def find_link(token: str) -> DebriefLink | None:
    """Return the link whose token this is, comparing the hashes in constant time."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    digest = hash_token(token)
    link = db.session.scalar(sa.select(DebriefLink).where(DebriefLink.token_hash == digest))
    stored = link.token_hash if link is not None else "0" * len(digest)
    if not hmac.compare_digest(stored.encode(), digest.encode()) or link is None:
        return None
    return link


def program_presenters(program_id: int) -> list[Presenter]:
    """Return the program's presenters by name."""
    return db.session.scalars(
        sa.select(Presenter)
        .where(Presenter.program_id == program_id)
        .order_by(Presenter.name, Presenter.id)
    ).all()


def issue_link(program, *, presenter_id, name, days, actor) -> tuple[DebriefLink, str]:
    """Create a link for a presenter; return it and its token (shown once, never stored)."""
    presenter = None
    if presenter_id:
        presenter = db.session.get(Presenter, int(presenter_id))
        if presenter is None or presenter.program_id != program.id:
            raise DebriefError(_("Choose one of this program's presenters."), "presenter_id")
    name = strip_control_characters(name) or (presenter.name if presenter else "")
    if not name:
        raise DebriefError(_("Choose a presenter or type the person's name."), "name")
    if not days or not 1 <= days <= MAX_DAYS:
        raise DebriefError(_("Choose from 1 to %(max)s days.", max=MAX_DAYS), "days")
    token = secrets.token_urlsafe(32)
    link = DebriefLink(
        program_id=program.id,
        presenter_id=presenter.id if presenter else None,
        presenter_name=name[:120],
        token_hash=hash_token(token),
        expires_at=utcnow() + timedelta(days=days),
        issued_by_id=actor.id,
    )
    db.session.add(link)
    db.session.flush()
    record("debrief_link_issued", actor=actor, obj=link, presenter=link.presenter_name)
    return link, token


def program_sessions(program_id: int) -> list[Occurrence]:
    """Return the program's sessions in order (for the link's email and its page)."""
    return db.session.scalars(
        sa.select(Occurrence)
        .where(Occurrence.program_id == program_id)
        .order_by(Occurrence.starts_at, Occurrence.id)
    ).all()


def expires_before_last_session(link: DebriefLink, sessions) -> bool:
    """Whether the link stops working before the program's last session ends."""
    return bool(sessions) and link.expires_at < max(s.ends_at for s in sessions)


def address_for(link: DebriefLink, typed: str | None) -> str:
    """Return the address to mail a link to: the one typed, else the presenter's on file."""
    typed = (typed or "").strip()
    if typed:
        return typed
    if link.presenter_id:
        presenter = db.session.get(Presenter, link.presenter_id)
        if presenter is not None and presenter.email:
            return presenter.email
    return ""


def send_link(program, link: DebriefLink, token: str, address: str, language: str, actor):
    """Mail the presenter their private link with the program, its sessions and the expiry.

    Raises DebriefError (field "email") for an address that cannot be mailed. The caller
    commits; the message leaves after the commit.
    """
    address = normalized_address(address)
    if address is None:
        raise DebriefError(_("Enter a valid email address."), "email")
    url = external_url("evaluation.presenter_debrief_open", debrief_token=token)
    context = {
        "program": program,
        "name": link.presenter_name,
        "sessions": program_sessions(program.id),
        "expires_at": link.expires_at,
        "url": url,
        "sender": actor.display_name,
    }
    message = queue_mail(address, "debrief_link", language, context)
    if message is None:
        raise DebriefError(
            _("Mail to this address was refused before; check it or copy the link."), "email"
        )
    link.sent_to, link.sent_at = address, utcnow()
    db.session.flush()
    return message


def resend_link(program, link: DebriefLink, address: str, language: str, actor) -> str:
    """Mail a waiting link again under a fresh token (the one mailed before stops working).

    The token is stored only hashed, so the link cannot be mailed as it was; a fresh one also
    means a lost or forwarded message no longer opens the debrief. Audited; returns the token.
    """
    if link_status(link) != WAITING:
        raise DebriefError(_("This link was already used, revoked or expired."))
    token = secrets.token_urlsafe(32)
    link.token_hash = hash_token(token)
    send_link(program, link, token, address, language, actor)
    record("debrief_link_resent", actor=actor, obj=link, presenter=link.presenter_name)
    return token


def revoke_link(link: DebriefLink, actor) -> bool:
    """Revoke a link not used yet; return False when there was nothing to revoke."""
    if link.used_at is not None or link.revoked_at is not None:
        return False
    link.revoked_at = utcnow()
    db.session.flush()
    record("debrief_link_revoked", actor=actor, obj=link, presenter=link.presenter_name)
    return True


def program_objectives(program_id: int) -> list[Objective]:
    """Return the program's objectives in order."""
    return db.session.scalars(
        sa.select(Objective)
        .where(Objective.program_id == program_id)
        .order_by(Objective.position, Objective.id)
    ).all()


def _objective_rows(objectives, answers) -> list[DebriefObjective]:
    rows = []
    for objective in objectives:
        achieved, why = answers.get(objective.id, (None, ""))
        if achieved:
            rows.append(
                DebriefObjective(
                    objective_id=objective.id,
                    achieved=Achievement(achieved),
                    why=strip_control_characters(why),
                )
            )
    return rows


def _fill(debrief: Debrief, texts: dict) -> None:
    for key in ("what_worked", "what_to_change", "problems", "lessons_learned"):
        if key in texts:
            setattr(debrief, key, strip_control_characters(texts[key]))
    if texts.get("would_return") in RETURN_CHOICES:
        debrief.would_return = texts["would_return"]


def save_presenter_debrief(link_id: int, objectives, answers: dict, texts: dict):
    """Store the presenter's debrief once and mark the link used.

    answers: {objective_id: (achieved, why)}. Returns (debrief or None, status) where status is
    "saved", or the link's status when it can no longer be used (a second submit stores nothing).
    """
    link = db.session.scalar(locked(sa.select(DebriefLink).where(DebriefLink.id == link_id)))
    if link is None:
        return None, REVOKED
    status = link_status(link)
    if status != WAITING:
        return None, status
    hour = utc_hour()  # sent from outside: no time an access log line could be matched to
    debrief = Debrief(
        program_id=link.program_id,
        kind=DebriefKind.PRESENTER,
        link_id=link.id,
        author_name=link.presenter_name,
        objectives=_objective_rows(objectives, answers),
        created_at=hour,
        updated_at=hour,
    )
    _fill(debrief, texts)
    try:
        with db.session.begin_nested():  # the unique link_id settles two posts at once
            db.session.add(debrief)
            link.used_at = hour
    except sa.exc.IntegrityError:
        return None, USED
    handoffs.debrief_received(db.session.get(Program, link.program_id), link.presenter_name)
    return debrief, "saved"


def staff_debrief_of(program_id: int, author_id: int, fresh=False) -> Debrief | None:
    """Return this staff member's debrief of the program, if written.

    fresh: read it (and its objective rows) as stored now, not as read earlier in the request.
    """
    stmt = (
        sa.select(Debrief)
        .where(
            Debrief.program_id == program_id,
            Debrief.kind == DebriefKind.STAFF,
            Debrief.author_id == author_id,
        )
        .order_by(Debrief.id)
        .limit(1)
    )
    if not fresh:
        return db.session.scalar(stmt)
    debrief = db.session.scalar(stmt.execution_options(populate_existing=True))
    if debrief is not None:
        db.session.expire(debrief, ["objectives"])
    return debrief


def _objective_views(debrief) -> list[str]:
    return sorted(repr((r.objective_id, r.achieved.value, r.why)) for r in debrief.objectives)


# What a staff debrief's form changes: the version it carries (saving.version_of fields)
STAFF_DEBRIEF_EDITS = (
    "what_worked",
    "what_to_change",
    "problems",
    "lessons_learned",
    _objective_views,
)


def save_staff_debrief(program, author, debrief, objectives, answers: dict, texts: dict):
    """Create (debrief None) or update the author's staff debrief.

    The caller has locked the program and saves through saving.as_seen.
    """
    if debrief is None:
        debrief = Debrief(program_id=program.id, kind=DebriefKind.STAFF, author_id=author.id)
        db.session.add(debrief)
        handoffs.debrief_received(program, author.full_name, actor=author)
    debrief.author_name = author.full_name
    new_rows = {row.objective_id: row for row in _objective_rows(objectives, answers)}
    for row in list(debrief.objectives):
        if row.objective_id not in new_rows:
            debrief.objectives.remove(row)
        else:
            fresh = new_rows.pop(row.objective_id)
            row.achieved, row.why = fresh.achieved, fresh.why
    debrief.objectives.extend(new_rows.values())
    _fill(debrief, texts)
    debrief.updated_at = utcnow()
    db.session.flush()
    return debrief


@dataclass
class DebriefSection:
    """What the Debriefs section shows for one program."""

    links: list
    debriefs: list


def load_debrief_sections(programs) -> dict:
    """Return {program_id: DebriefSection} for the programs in four queries."""
    ids = [p.id for p in programs]
    links = db.session.scalars(
        sa.select(DebriefLink)
        .where(DebriefLink.program_id.in_(ids))
        .order_by(DebriefLink.created_at.desc(), DebriefLink.id.desc())
    ).all()
    debriefs = db.session.scalars(
        sa.select(Debrief)
        .where(Debrief.program_id.in_(ids))
        .options(selectinload(Debrief.objectives).selectinload(DebriefObjective.objective))
        .order_by(Debrief.kind, Debrief.created_at, Debrief.id)
    ).all()
    by_links, by_debriefs = defaultdict(list), defaultdict(list)
    now = utcnow()
    for link in links:
        by_links[link.program_id].append((link, link_status(link, now)))
    for debrief in debriefs:
        by_debriefs[debrief.program_id].append(debrief)
    return {pid: DebriefSection(by_links[pid], by_debriefs[pid]) for pid in ids}
