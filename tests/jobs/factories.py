"""Job rows for the tests: a finished export of the sample program's owner."""

from datetime import timedelta

from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.jobs.models import Job, JobStatus
from program_planner.programs.models import Program


def add_job_rows(program_id, _ids) -> dict:
    """Add a finished export job asked for by the program's owner (flushed); return its id."""
    owner_id = db.session.get(Program, program_id).owner_id
    now = utcnow()
    job = Job(
        kind="export",
        params={"program_ids": [program_id], "label": "programs", "language": "en"},
        status=JobStatus.DONE,
        requested_by_id=owner_id,
        progress=100,
        attempts=1,
        finished_at=now,
        expires_at=now + timedelta(days=7),
        result_name="program-planner-programs.xlsx",
        result_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        result_data=b"PK sample",
        result_size=9,
    )
    db.session.add(job)
    db.session.flush()
    return {"job_id": job.id}
