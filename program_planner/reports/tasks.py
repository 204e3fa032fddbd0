"""Every minute: bring the stored result figures of changed programs up to date."""

from program_planner.extensions import db
from program_planner.jobs.tasks import upkeep
from program_planner.reports.results import bring_up_to_date


@upkeep("result figures")
def _bring_results_up_to_date(now):
    waiting = bring_up_to_date(limit=2_000)
    db.session.commit()
    return waiting
