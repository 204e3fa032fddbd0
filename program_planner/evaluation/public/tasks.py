"""Nightly: delete follow-up contact details past the retention period."""

from flask import current_app

from program_planner.evaluation.public import service
from program_planner.extensions import db
from program_planner.jobs.tasks import upkeep


@upkeep("follow-up contacts", nightly=True)
def _purge_contacts(now):
    deleted = service.purge_contacts(current_app.config["FOLLOW_UP_RETENTION_DAYS"], now)
    db.session.commit()
    return deleted
