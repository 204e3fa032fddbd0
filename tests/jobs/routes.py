"""Expected access to the job routes: the person who asked for a job, and administrators.

The sample job was asked for by the sample program's owner, the programmer under test.
"""

from tests.routes_expected import ANY_STAFF, PROGRAM_EDITORS

REQUESTER_OR_ADMIN = PROGRAM_EDITORS  # owner programmer and admins; the others 403

ROUTES = {
    "jobs.my_jobs": {"GET": ANY_STAFF},
    "jobs.job_page": {"GET": REQUESTER_OR_ADMIN},
    "jobs.job_status": {"GET": REQUESTER_OR_ADMIN},
    "jobs.job_download": {"GET": REQUESTER_OR_ADMIN},
}
