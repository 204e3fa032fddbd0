"""Every minute: send the follow-up invitations and reminders that are due, purge closed ones.

Each step claims its rows with a conditional UPDATE and commits, so two workers running the
upkeep at the same moment send every message once; running it again changes nothing.
"""

from program_planner.evaluation.followup import service
from program_planner.extensions import db
from program_planner.jobs.tasks import upkeep


def run_follow_ups(now) -> dict:
    """Invite, remind and purge what is due at now; return the counts."""
    counts = {"invited": 0, "reminded": 0, "purged": 0}
    for program_id in service.due_programs(now):
        counts["invited"] += service.invite_program(program_id, now)
        db.session.commit()
    db.session.commit()
    for invitation_id in service.remind_due(now):
        counts["reminded"] += int(service.remind(invitation_id, now))
        db.session.commit()
    counts["purged"] = service.close_due(now)
    db.session.commit()
    return counts


@upkeep("follow-up surveys")
def _follow_ups(now):
    return run_follow_ups(now)
