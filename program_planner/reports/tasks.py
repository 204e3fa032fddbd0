"""Every minute: bring the stored result, engagement and survey figures of changes up to date."""

from program_planner.extensions import db
from program_planner.jobs.tasks import upkeep
from program_planner.reports.results import bring_up_to_date


@upkeep("result figures")
def _bring_results_up_to_date(now):
    waiting = bring_up_to_date(limit=2_000)
    db.session.commit()
    return waiting


@upkeep("engagement figures")
def _bring_engagement_up_to_date(now):
    """Every minute: the stored engagement figures and survey results of what changed."""
    from program_planner.community.survey.cells import bring_surveys_up_to_date
    from program_planner.reports.engagement.cells import bring_engagement_up_to_date

    waiting = bring_engagement_up_to_date()
    db.session.commit()
    bring_surveys_up_to_date()
    db.session.commit()
    return waiting
