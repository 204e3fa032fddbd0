"""Nightly: forget the client addresses of audit events past the retention period."""

from program_planner.audit.service import purge_audit_addresses
from program_planner.extensions import db
from program_planner.jobs.tasks import upkeep


@upkeep("audit addresses", nightly=True)
def _purge_addresses(now):
    forgotten = purge_audit_addresses(now)
    db.session.commit()
    return forgotten
