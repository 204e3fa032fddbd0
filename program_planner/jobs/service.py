"""Jobs: ask for one, run it with progress, retry it, sweep what nobody picked up.

A job is a row first; the queue is told after the commit (dispatch). If the queue cannot be
reached, the row waits and the periodic sweep dispatches it later: nothing asked is lost.
"""

import logging
import traceback
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, g, has_request_context

from program_planner.db import reading_only, utcnow
from program_planner.extensions import db
from program_planner.jobs.models import ACTIVE, Job, JobStatus

log = logging.getLogger(__name__)
HANDLERS: dict[str, Callable] = {}
FINISHED_HOOKS: dict[str, list[Callable]] = {}
TO_DISPATCH = "jobs_to_dispatch"
REDISPATCH_AFTER = timedelta(minutes=2)  # a queued job nobody started is sent again
RUNNING_TOO_LONG = timedelta(minutes=30)  # a running job of a dead worker is started again


class JobFailed(Exception):
    """A job's work refused its input for good: no retry; the message is shown to people."""


def handler(kind: str):
    """Register the function that does a kind of job.

    fn(job, report_progress) reads what it needs (in a transaction that holds no write lock)
    and returns None or (file name, content type, bytes); report_progress(percent, message)
    records how far it got. To write, it calls begin_write() and commits its own work.
    """

    def register(fn):
        HANDLERS[kind] = fn
        return fn

    return register


def on_finished(kind: str, hook: Callable) -> None:
    """Call hook(job) in the transaction that ends a job of this kind (done or failed)."""
    FINISHED_HOOKS.setdefault(kind, []).append(hook)


def request_job(kind: str, params: dict, user_id=None, dedupe_key=None) -> tuple[Job, bool]:
    """Add a job (the caller commits; it is dispatched after the commit).

    Returns (job, created): with a dedupe_key, an active job of the same key is returned instead.
    """
    if kind not in HANDLERS:
        raise ValueError(f"no handler for jobs of kind {kind!r}")
    if dedupe_key:
        existing = db.session.scalar(
            sa.select(Job).where(Job.dedupe_key == dedupe_key, Job.status.in_(ACTIVE))
        )
        if existing is not None:
            return existing, False
    job = Job(kind=kind, params=params, requested_by_id=user_id, dedupe_key=dedupe_key)
    db.session.add(job)
    db.session.flush()
    db.session.info.setdefault(TO_DISPATCH, set()).add(job.id)
    return job, True


def dispatch(job_ids) -> bool:
    """Tell the queue to run these jobs; return False (and note it) when it is unreachable."""
    from program_planner.jobs.tasks import run_job

    try:
        for job_id in sorted(job_ids):
            run_job(job_id)
    except Exception as error:  # noqa: BLE001 - Redis down, disk full: the sweep retries
        log.warning("could not queue jobs %s: %s", sorted(job_ids), error)
        if has_request_context():
            g.queue_unreachable = True
        return False
    return True


def queue_was_unreachable() -> bool:
    """Return whether this request could not reach the queue (its work waits in the database)."""
    return has_request_context() and g.get("queue_unreachable", False)


def _dispatch_after_commit(session) -> None:
    ids = session.info.pop(TO_DISPATCH, None)
    if ids:
        dispatch(ids)


def _forget_after_rollback(session, *_args) -> None:
    session.info.pop(TO_DISPATCH, None)


def register_dispatch() -> None:
    """Dispatch the jobs a transaction added once it commits (once per process)."""
    for name, listener in (
        ("after_commit", _dispatch_after_commit),
        ("after_soft_rollback", _forget_after_rollback),
    ):
        if not sa.event.contains(db.session, name, listener):
            sa.event.listen(db.session, name, listener)


def _claim(job_id: int) -> bool:
    """Mark a queued job running (one worker wins); commit."""
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, attempts=Job.attempts + 1, started_at=now, progress=0)
    ).rowcount
    db.session.commit()
    return bool(claimed)


def report_progress(job_id: int, percent: int, message: str = "") -> None:
    """Record how far a running job got, in its own short transaction."""
    percent = max(0, min(99, int(percent)))
    with db.engine.begin() as connection:
        connection.execute(
            sa.update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.RUNNING)
            .values(progress=percent, message=message[:300])
        )


def run(job_id: int) -> str:
    """Do a queued job; return what became of it ("done", "failed", "retry", "skipped")."""
    if not _claim(job_id):
        return "skipped"
    job = db.session.get(Job, job_id)
    work = HANDLERS.get(job.kind)
    try:
        if work is None:
            raise JobFailed(f"unknown kind of job: {job.kind}")
        with reading_only():
            db.session.commit()  # the work's reads begin a transaction without the write lock
            result = work(
                job, lambda percent, message="": report_progress(job_id, percent, message)
            )
            db.session.rollback()  # end the reads; the outcome is written below
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the job
        db.session.rollback()
        return _failed(job_id, error)
    job = db.session.get(Job, job_id)
    if result is not None:
        store_result(job, *result)
    job.status, job.progress, job.finished_at = JobStatus.DONE, 100, utcnow()
    days = current_app.config["JOB_RESULT_DAYS"]
    job.expires_at = job.finished_at + timedelta(days=days)
    for hook in FINISHED_HOOKS.get(job.kind, []):
        hook(job)
    db.session.commit()
    return "done"


def _failed(job_id: int, error: Exception) -> str:
    job = db.session.get(Job, job_id)
    final = isinstance(error, JobFailed) or job.attempts >= job.max_attempts
    job.last_error = str(error) if isinstance(error, JobFailed) else traceback.format_exc()[-4000:]
    if final:
        job.status, job.finished_at = JobStatus.FAILED, utcnow()
        for hook in FINISHED_HOOKS.get(job.kind, []):
            hook(job)
    else:
        job.status, job.dispatched_at = JobStatus.QUEUED, utcnow()
    db.session.commit()
    if not final:
        from program_planner.jobs.tasks import run_job

        run_job.schedule((job_id,), delay=30 * job.attempts)
        return "retry"
    log.error("job %s (%s) failed: %s", job_id, job.kind, job.last_error)
    return "failed"


def retry(job: Job) -> None:
    """Put a failed job back in the queue with fresh attempts (the caller commits)."""
    job.status, job.attempts, job.progress, job.last_error = JobStatus.QUEUED, 0, 0, ""
    job.finished_at = None
    db.session.info.setdefault(TO_DISPATCH, set()).add(job.id)


def sweep(now=None) -> dict:
    """Send again jobs nobody started and restart those of a worker that died (commit)."""
    now = now or utcnow()
    stale = list(
        db.session.scalars(
            sa.select(Job).where(
                Job.status == JobStatus.RUNNING, Job.started_at < now - RUNNING_TOO_LONG
            )
        )
    )
    for job in stale:
        job.status = JobStatus.QUEUED if job.attempts < job.max_attempts else JobStatus.FAILED
        job.last_error = "the worker stopped while doing this job"
    waiting = list(
        db.session.scalars(
            sa.select(Job.id).where(
                Job.status == JobStatus.QUEUED,
                sa.or_(Job.dispatched_at.is_(None), Job.dispatched_at < now - REDISPATCH_AFTER),
            )
        )
    )
    if waiting:
        db.session.execute(sa.update(Job).where(Job.id.in_(waiting)).values(dispatched_at=now))
    db.session.commit()
    if waiting:
        dispatch(waiting)
    return {"restarted": len(stale), "dispatched": len(waiting)}


def purge_expired_results(now=None) -> int:
    """Delete the files of finished jobs past their expiry; return how many (caller commits)."""
    now = now or utcnow()
    return db.session.execute(
        sa.update(Job)
        .where(Job.expires_at < now, Job.result_data.is_not(None))
        .values(result_data=None, result_size=0)
    ).rowcount


def store_result(job: Job, name: str, content_type: str, data: bytes) -> None:
    """Attach the job's file (written with the job's final status, in one transaction)."""
    job.result_name, job.result_type = name, content_type
    job.result_data, job.result_size = data, len(data)


def jobs_for_listing(statuses, limit=50) -> list[Job]:
    """Return the newest jobs of these statuses, for the jobs command."""
    return list(
        db.session.scalars(
            sa.select(Job).where(Job.status.in_(statuses)).order_by(Job.id.desc()).limit(limit)
        )
    )
