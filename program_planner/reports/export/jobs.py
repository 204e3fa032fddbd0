"""Large Excel exports as jobs: asked for in a request, written by the queue with progress.

The request decides which programs (the filters as the person saw them) and stores their ids
on the job; the worker writes the same workbook write_export writes in a request, reporting
each sheet and chunk of programs, and hands the bytes back to be stored with the job's status.
"""

import hashlib
import json
import tempfile
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import lazy_gettext as _l

from program_planner.extensions import db
from program_planner.jobs.service import JobFailed, handler, request_job
from program_planner.jobs.views import register_kind
from program_planner.reports.export.service import write_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND = "export"


def dedupe_key(user_id: int, filters: dict, language: str) -> str:
    """Return the key that makes a second click with the same filters give the same job."""
    shown = json.dumps(
        {"filters": {k: str(v) for k, v in filters.items()}, "language": language},
        sort_keys=True,
    )
    return f"{KIND}:{user_id}:{hashlib.sha256(shown.encode()).hexdigest()}"


def request_export(
    program_ids, label: str, filters: dict, user_id: int, language: str, described=None
):
    """Add an export job for these programs (the caller commits); return (job, created).

    described: the filters as people read them, for the workbook's cover.
    """
    params = {
        "program_ids": sorted(set(program_ids)),
        "label": label,
        "language": language,
        "filters": {k: str(v)[:100] for k, v in filters.items()},
        "described": {str(k): str(v)[:100] for k, v in (described or {}).items()},
    }
    return request_job(KIND, params, user_id, dedupe_key(user_id, filters, language))


def requester_name(user_id) -> str | None:
    """Return the name of who asked for the export ("former staff" once erased)."""
    from program_planner.auth.models import FORMER_STAFF, User

    user = db.session.get(User, user_id) if user_id else None
    if user is None:
        return None
    return str(FORMER_STAFF) if user.is_erased else user.full_name


@handler(KIND)
def run_export(job, report_progress):
    """Write the workbook of the job's programs; return its name, type and bytes."""
    from program_planner.reports.export.views import download_name  # views import this module

    params = job.params
    program_ids = [int(i) for i in params.get("program_ids", [])]
    language = params.get("language", "en")
    if not program_ids:
        raise JobFailed("no programs to export")
    with force_locale(language):
        count = len(program_ids)
        report_progress(
            1,
            ngettext(
                "Starting the export of %(num)d program",
                "Starting the export of %(num)d programs",
                count,
            ),
        )
    with tempfile.TemporaryFile() as out:
        write_export(
            program_ids,
            out,
            language=language,
            progress=report_progress,
            requested_by=requester_name(job.requested_by_id),
            filters=params.get("described") or {},
        )
        out.seek(0)
        data = out.read()
    today = datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    return download_name(params.get("label", ""), today)[1], XLSX, data


register_kind(KIND, _l("Excel export"))
