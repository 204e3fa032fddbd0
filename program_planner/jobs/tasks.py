"""The queue's tasks: run a job, and the periodic sweep and upkeep of the whole application.

Upkeep functions of other areas register with upkeep(); the periodic tasks here call them, so
the worker's schedule lives in one place and lower packages never import higher ones.
"""

import logging
from collections.abc import Callable

from program_planner.extensions import db
from program_planner.jobs import service
from program_planner.jobs.queue import crontab, huey, in_app_context

log = logging.getLogger(__name__)
EVERY_MINUTE: list[tuple[str, Callable]] = []
NIGHTLY: list[tuple[str, Callable]] = []


def upkeep(name: str, nightly: bool = False):
    """Register fn(now) to run every minute (or nightly); it commits its own work."""

    def register(fn):
        (NIGHTLY if nightly else EVERY_MINUTE).append((name, fn))
        return fn

    return register


@huey.task(retries=2, retry_delay=10)
@in_app_context
def run_job(job_id: int) -> str:
    """Do one job (a second delivery of the same job is skipped)."""
    try:
        return service.run(job_id)
    finally:
        db.session.remove()


def run_upkeep(entries, now=None) -> dict:
    """Run each registered upkeep function; one failing does not stop the others."""
    from program_planner.db import utcnow

    now = now or utcnow()
    outcomes = {}
    for name, fn in entries:
        try:
            outcomes[name] = fn(now)
        except Exception:  # noqa: BLE001 - logged; the next run tries again
            db.session.rollback()
            log.exception("upkeep %s failed", name)
            outcomes[name] = "failed"
        finally:
            db.session.remove()
    return outcomes


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def every_minute() -> dict:
    """Send waiting mail, dispatch waiting jobs, send reminders that are due."""
    return run_upkeep(EVERY_MINUTE)


@huey.periodic_task(crontab(minute="17", hour="3"))
@in_app_context
def nightly() -> dict:
    """Purge what is kept no longer than it may be: contacts, addresses, expired files."""
    return run_upkeep(NIGHTLY)


@upkeep("dispatch waiting jobs")
def _sweep_jobs(now):
    return service.sweep(now)


@upkeep("expired job files", nightly=True)
def _purge_job_files(now):
    count = service.purge_expired_results(now)
    db.session.commit()
    return count
