"""The queue's mail task, and the every-minute upkeep that sends whatever still waits."""

from program_planner.extensions import db
from program_planner.jobs.queue import huey, in_app_context
from program_planner.jobs.tasks import upkeep
from program_planner.mail.sending import send_due


@huey.task()
@in_app_context
def send_waiting_mail() -> dict:
    """Send the outbox's due messages now (after a commit that added some)."""
    try:
        return send_due()
    finally:
        db.session.remove()


@upkeep("send waiting mail")
def _send_every_minute(now):
    return send_due(now)
