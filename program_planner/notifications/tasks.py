"""The daily digest (every minute, sent once the morning hour has come) and finished jobs."""

from program_planner.auth.models import User
from program_planner.extensions import db
from program_planner.jobs.models import JobStatus
from program_planner.jobs.service import on_finished
from program_planner.jobs.tasks import upkeep
from program_planner.notifications.service import notify, send_digests


@upkeep("daily notice digests")
def _send_digests(now):
    return send_digests(now)


def tell_requester(job) -> None:
    """Tell whoever asked for an export or import that it is ready, or that it failed."""
    if job.requested_by_id is None:
        return
    user = db.session.get(User, job.requested_by_id)
    done = job.status == JobStatus.DONE
    params = {"job_id": job.id, "what": job.kind}
    if done:
        params["name"] = job.result_name or ""
    else:
        error = (job.last_error or "").strip()
        # a refusal's message is for people; a crash's traceback is not
        params["error"] = "" if error.startswith("Traceback") else error[:300]
    notify([user], "job_done" if done else "job_failed", params=params)


on_finished("export", tell_requester)
on_finished("import", tell_requester)
