"""Routes of jobs: the progress page (and its JSON), the download, the person's recent jobs.

Areas that start jobs register each kind's title and, optionally, the page its outcome leads
to (an import's report) with register_kind(); this package never imports them.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Blueprint, abort, jsonify, render_template, send_file, url_for
from flask_login import current_user

from program_planner.audit.service import record
from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.db import begin_write, utcnow
from program_planner.extensions import db
from program_planner.jobs.models import Job, JobStatus
from program_planner.web import client_ip

bp = Blueprint("jobs", __name__, template_folder="templates")
MY_JOBS_SHOWN = 30
POLL_SECONDS = 3  # how often the page without JavaScript reloads while the job is active


@dataclass(frozen=True)
class JobKind:
    """How jobs of one kind are shown: a title, and where a finished one leads (or None)."""

    title: object
    outcome: Callable[[Job], tuple[str, str] | None] | None = None  # job -> (url, link text)


KINDS: dict[str, JobKind] = {}


def register_kind(kind: str, title, outcome=None) -> None:
    """Name a kind of job on its pages; outcome(job) returns (url, text) of its result page."""
    KINDS[kind] = JobKind(title, outcome)


def kind_title(job: Job) -> str:
    """Return the title of a job's kind, for people."""
    found = KINDS.get(job.kind)
    return str(found.title) if found else job.kind


def expired(job: Job) -> bool:
    """Return whether a finished job's file is past its expiry (or already purged)."""
    if job.expires_at is not None and job.expires_at <= utcnow():
        return True
    return job.status == JobStatus.DONE and job.result_name != "" and job.result_size == 0


def job_state(job: Job) -> dict:
    """Return what the progress page shows, as JSON-ready values."""
    kind = KINDS.get(job.kind)
    outcome = kind.outcome(job) if kind and kind.outcome and job.status == JobStatus.DONE else None
    has_file = job.status == JobStatus.DONE and bool(job.result_name) and not expired(job)
    return {
        "id": job.id,
        "status": job.status.value,
        "status_label": str(job.status.label),
        "active": job.active,
        "progress": job.progress,
        "message": job.message,
        "download_url": url_for("jobs.job_download", job_id=job.id) if has_file else None,
        "outcome_url": outcome[0] if outcome else None,
        "outcome_text": outcome[1] if outcome else None,
    }


def _followed_job(job_id) -> Job:
    job = db.session.get(Job, job_id) or abort(404)
    if not perm.can_follow_job(current_user, job):
        abort(403)
    return job


@bp.route("/jobs")
@permission_required(perm.can_view_programs)
def my_jobs():
    """List the person's recent exports and imports, newest first."""
    jobs = db.session.scalars(
        sa.select(Job)
        .where(Job.requested_by_id == current_user.id)
        .order_by(Job.id.desc())
        .limit(MY_JOBS_SHOWN)
    ).all()
    rows = [(job, kind_title(job), job_state(job), expired(job)) for job in jobs]
    return render_template("jobs/my_jobs.html", rows=rows)


@bp.route("/jobs/<int:job_id>")
@permission_required(perm.can_view_programs)
def job_page(job_id):
    """Show a job's progress; once done, offer its file (or the page of its outcome)."""
    job = _followed_job(job_id)
    return render_template(
        "jobs/job.html",
        job=job,
        title=kind_title(job),
        state=job_state(job),
        expired=expired(job),
        poll_seconds=POLL_SECONDS,
    )


@bp.route("/jobs/<int:job_id>.json")
@permission_required(perm.can_view_programs)
def job_status(job_id):
    """Return a job's progress as JSON, for the progress page's script."""
    response = jsonify(job_state(_followed_job(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/jobs/<int:job_id>/download")
@permission_required(perm.can_view_programs)
def job_download(job_id):
    """Send a finished job's file to whoever asked for it (or an admin); audited."""
    job = _followed_job(job_id)
    if job.status != JobStatus.DONE or not job.result_name:
        return render_template("jobs/not_ready.html", job=job, title=kind_title(job)), 409
    data = None if expired(job) else job.result_data
    if data is None:
        return render_template("jobs/expired.html", job=job, title=kind_title(job)), 410
    begin_write(db.session)  # a GET that writes its audit event (SQLite: take the lock first)
    record(
        "job_download",
        actor=current_user,
        obj=job,
        ip_address=client_ip(),
        kind=job.kind,
        file=job.result_name,
        size=job.result_size,
    )
    db.session.commit()
    return send_file(
        io.BytesIO(data),
        mimetype=job.result_type or "application/octet-stream",
        as_attachment=True,
        download_name=job.result_name,
    )
