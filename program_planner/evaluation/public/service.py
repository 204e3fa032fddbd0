"""Public links and QR codes, the follow-up opt-in and its withdrawal (flush, never commit)."""

import hashlib
import hmac
import io
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import segno
import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from program_planner.db import utcnow
from program_planner.evaluation.engine import new_submission_key
from program_planner.evaluation.models import (
    LINK_CODE_LENGTH,
    EvaluationLink,
    FollowUpContact,
    Response,
    ResponseChannel,
    ResponseKind,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.programs.models import Status

# Bump when the consent text shown with the follow-up opt-in changes; stored with each contact.
CONSENT_VERSION = "2026-01"
CLOSED_STATUSES = (Status.CLOSED, Status.CANCELLED, Status.DECLINED)
SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


class LinkError(Exception):
    """A link that cannot be created as asked."""


# --- Links ------------------------------------------------------------------------------------


def new_link_token() -> str:
    """Return an unguessable public token."""
    return secrets.token_urlsafe(16)


def link_by_token(token: str) -> EvaluationLink | None:
    """Return the link with its program and session, in one query; None when unknown."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        sa.select(EvaluationLink)
        .options(joinedload(EvaluationLink.program), joinedload(EvaluationLink.occurrence))
        .where(EvaluationLink.token == token)
    )


def normal_code(text: str) -> str:
    """Return a typed short code as stored: capitals, without spaces or dashes ("k7m4-qx2p")."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:32]


def link_by_code(text: str) -> EvaluationLink | None:
    """Return the link of a short code typed from a paper form; None when unknown."""
    code = normal_code(text)
    if len(code) != LINK_CODE_LENGTH:
        return None
    return db.session.scalar(sa.select(EvaluationLink).where(EvaluationLink.code == code))


def is_closed(link: EvaluationLink) -> bool:
    """A form is closed when its link is off or its program closed, cancelled or declined."""
    return not link.active or link.program.status in CLOSED_STATUSES


def session_dates(link: EvaluationLink) -> tuple[datetime | None, datetime | None]:
    """Return the first and last session the form is about (the link's session if it has one)."""
    if link.occurrence is not None:
        return link.occurrence.starts_at, link.occurrence.starts_at
    first, last = db.session.execute(
        sa.select(sa.func.min(Occurrence.starts_at), sa.func.max(Occurrence.starts_at)).where(
            Occurrence.program_id == link.program_id
        )
    ).one()
    return first, last


def create_link(program, kind: ResponseKind, occurrence_id: int | None = None):
    """Return (link, created): one immediate link per program and per session, one follow-up.

    The caller holds the program row locked, so two clicks at once create one link.
    """
    if kind == ResponseKind.FOLLOW_UP:
        occurrence_id = None
    if occurrence_id is not None:
        occurrence = db.session.get(Occurrence, occurrence_id)
        if occurrence is None or occurrence.program_id != program.id:
            raise LinkError("unknown session")
    existing = db.session.scalar(
        sa.select(EvaluationLink).where(
            EvaluationLink.program_id == program.id,
            EvaluationLink.kind == kind,
            EvaluationLink.occurrence_id.is_(None)
            if occurrence_id is None
            else EvaluationLink.occurrence_id == occurrence_id,
        )
    )
    if existing is not None:
        return existing, False
    link = EvaluationLink(
        program_id=program.id, occurrence_id=occurrence_id, kind=kind, token=new_link_token()
    )
    db.session.add(link)
    db.session.flush()
    return link, True


def set_link_active(link: EvaluationLink, active: bool) -> None:
    """Open or close a link."""
    link.active = active
    db.session.flush()


def program_link(program_id: int, occurrence_id: int | None = None) -> EvaluationLink | None:
    """Return the immediate link of a program (or of one of its sessions), if any."""
    stmt = sa.select(EvaluationLink).where(
        EvaluationLink.program_id == program_id,
        EvaluationLink.kind == ResponseKind.IMMEDIATE,
    )
    if occurrence_id is None:
        stmt = stmt.where(EvaluationLink.occurrence_id.is_(None))
    else:
        stmt = stmt.where(EvaluationLink.occurrence_id == occurrence_id)
    return db.session.scalar(stmt)


def clean_submission_key(key: str | None) -> str:
    """Return the form's key when it looks like one of ours, else a fresh one."""
    key = (key or "").strip()
    return key if SUBMISSION_KEY.fullmatch(key) else new_submission_key()


# --- QR codes ---------------------------------------------------------------------------------


def qr_svg(url: str, title: str = "") -> bytes:
    """Return a QR code of url as SVG."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, border=2, xmldecl=False, title=title or None
    )
    return out.getvalue()


def qr_png(url: str) -> bytes:
    """Return a QR code of url as a PNG large enough to print."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=12, border=2)
    return out.getvalue()


# --- The "collect" section of the program page ------------------------------------------------


@dataclass
class CollectData:
    """What the program page shows about collecting responses."""

    links: list = field(default_factory=list)
    occurrences: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)  # {"immediate": n, "follow_up": n}
    online: dict = field(default_factory=dict)  # {(kind, occurrence_id): n} by link
    contacts: int = 0

    def link_count(self, link) -> int:
        """Return the online responses that came through this link."""
        if link.occurrence_id is None and link.kind == ResponseKind.IMMEDIATE:
            return self.online.get((link.kind.value, None), 0)
        return self.online.get((link.kind.value, link.occurrence_id), 0)

    @property
    def occurrences_without_link(self):
        """Return the sessions that have no link of their own yet."""
        linked = {link.occurrence_id for link in self.links if link.occurrence_id}
        return [o for o in self.occurrences if o.id not in linked]


def load_collect(programs) -> dict:
    """Return each program's links, sessions, response counts and contacts, in four queries."""
    ids = [p.id for p in programs]
    data = {pid: CollectData(totals={"immediate": 0, "follow_up": 0}) for pid in ids}
    if not ids:
        return data
    occurrences = {}
    for o in db.session.scalars(
        sa.select(Occurrence)
        .where(Occurrence.program_id.in_(ids))
        .order_by(Occurrence.starts_at, Occurrence.id)
    ):
        data[o.program_id].occurrences.append(o)
        occurrences[o.id] = o
    for link in db.session.scalars(
        sa.select(EvaluationLink)
        .where(EvaluationLink.program_id.in_(ids))
        .order_by(EvaluationLink.kind, EvaluationLink.occurrence_id.is_not(None), EvaluationLink.id)
    ):
        link.session = occurrences.get(link.occurrence_id)
        data[link.program_id].links.append(link)
    rows = db.session.execute(
        sa.select(
            Response.program_id,
            Response.kind,
            Response.channel,
            Response.occurrence_id,
            sa.func.count(),
        )
        .where(Response.program_id.in_(ids))
        .group_by(Response.program_id, Response.kind, Response.channel, Response.occurrence_id)
    )
    online = defaultdict(int)
    for program_id, kind, channel, occurrence_id, count in rows:
        item = data[program_id]
        item.totals[kind.value] += count
        if channel == ResponseChannel.ONLINE:
            online[(program_id, kind.value, occurrence_id)] += count
    for (program_id, kind, occurrence_id), count in online.items():
        data[program_id].online[(kind, occurrence_id)] = count
    for program_id, count in db.session.execute(
        sa.select(FollowUpContact.program_id, sa.func.count(sa.distinct(FollowUpContact.email)))
        .where(FollowUpContact.program_id.in_(ids))
        .group_by(FollowUpContact.program_id)
    ):
        data[program_id].contacts = count
    return data


# --- Follow-up contacts -----------------------------------------------------------------------


def hash_token(token: str) -> str:
    """Return the sha256 of a withdrawal token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def today_utc() -> datetime:
    """Return today at midnight UTC: consent is dated to the day, never to the answer."""
    now = utcnow()
    return datetime(now.year, now.month, now.day, tzinfo=UTC)


def add_follow_up_contact(program_id: int, email: str, language: str) -> str:
    """Store an opt-in email apart from any response; return its withdrawal token (shown once)."""
    token = secrets.token_urlsafe(24)
    db.session.add(
        FollowUpContact(
            program_id=program_id,
            email=email.strip().lower(),
            language=language,
            consent_version=CONSENT_VERSION,
            consented_at=today_utc(),
            withdraw_token_hash=hash_token(token),
        )
    )
    db.session.flush()
    return token


def contact_for_token(token: str) -> FollowUpContact | None:
    """Return the contact whose withdrawal token this is, compared in constant time."""
    if not token or len(token) > 128:
        return None
    digest = hash_token(token)
    contact = db.session.scalar(
        sa.select(FollowUpContact).where(FollowUpContact.withdraw_token_hash == digest)
    )
    if contact is None or not hmac.compare_digest(contact.withdraw_token_hash, digest):
        return None
    return contact


def withdraw_contact(contact: FollowUpContact) -> int:
    """Delete this address from the program's follow-up list; return the rows deleted."""
    result = db.session.execute(
        sa.delete(FollowUpContact).where(
            FollowUpContact.program_id == contact.program_id,
            FollowUpContact.email == contact.email,
        )
    )
    db.session.expunge(contact)
    return result.rowcount


def contact_emails(program_id: int) -> list[str]:
    """Return the program's follow-up addresses, each once, in order."""
    return list(
        db.session.scalars(
            sa.select(FollowUpContact.email)
            .where(FollowUpContact.program_id == program_id)
            .distinct()
            .order_by(FollowUpContact.email)
        )
    )


def mark_invited(program_id: int) -> None:
    """Note when the addresses were handed to the programmer for the follow-up invitation."""
    db.session.execute(
        sa.update(FollowUpContact)
        .where(FollowUpContact.program_id == program_id, FollowUpContact.invited_at.is_(None))
        .values(invited_at=utcnow())
    )


def purge_contacts(retention_days: int, now: datetime | None = None) -> int:
    """Delete contacts who consented more than retention_days ago; return how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    result = db.session.execute(
        sa.delete(FollowUpContact).where(FollowUpContact.consented_at < cutoff)
    )
    return result.rowcount
