"""Large Excel exports as jobs, through HTTP: the progress page, the file, one job per click."""

import io
import re

import openpyxl
import pytest
import sqlalchemy as sa

from program_planner.audit.models import AuditEvent
from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.jobs import service
from program_planner.jobs.models import Job, JobStatus
from program_planner.programs.models import Status
from tests.conftest import query
from tests.factories import make_ready_program

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRAMS = 7


@pytest.fixture
def many_programs(clean_app, make_user, branch, monkeypatch):
    """Seven approved programs of 2027 and one of 2026; exports of more than 3 run as jobs."""
    monkeypatch.setitem(clean_app.config, "EXPORT_IN_REQUEST_MAX_PROGRAMS", 3)
    owner = make_user("programmer").id
    with clean_app.app_context():
        ids = []
        for number in range(PROGRAMS):
            program = make_ready_program(
                owner, branch, status=Status.APPROVED, title=f"Program {number:02d}"
            )
            ids.append(program.id)
        old = make_ready_program(owner, branch, status=Status.APPROVED, title="Old one")
        old.fiscal_year = 2026
        db.session.commit()
    return ids


def job_of(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    found = re.fullmatch(r"/jobs/(\d+)", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found.group(1))


def loaded(app, job_id) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.result_data  # noqa: B018 - load the deferred file before leaving the session
        db.session.expunge(job)
        return job


def test_a_large_export_runs_as_a_job_and_its_file_is_the_workbook(
    clean_app, client, login_as, many_programs, monkeypatch
):
    reported = []
    real = service.report_progress
    monkeypatch.setattr(
        service,
        "report_progress",
        lambda job_id, percent, message="": (
            reported.append((percent, message)),
            real(job_id, percent, message),
        ),
    )
    me = login_as("coordinator")
    page = client.get("/export?fiscal_year=2027").get_data(as_text=True)
    assert "Prepare 7 programs as one Excel workbook" in page and "in the background" in page
    job_id = job_of(client.post("/export", data={"fiscal_year": "2027"}))
    job = loaded(clean_app, job_id)
    assert (job.kind, job.status, job.progress, job.requested_by_id) == (
        "export",
        JobStatus.DONE,
        100,
        me.id,
    )
    assert job.params["program_ids"] == sorted(many_programs)
    assert job.params["filters"] == {"fiscal_year": "2027", "stage": "published"}
    percents = [p for p, _m in reported]
    assert percents == sorted(percents) and percents[0] == 1 and percents[-1] >= 90
    messages = [m for _p, m in reported]
    assert "Starting the export of 7 programs" in messages
    assert "Writing the “Responses” sheet (0 of 7 programs)" in messages
    assert messages[-1] == "Saving the workbook" and percents[-1] == 95

    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Your file is ready." in page and f'href="/jobs/{job_id}/download"' in page
    assert 'http-equiv="refresh"' not in page and "job-progress.js" not in page
    response = client.get(f"/jobs/{job_id}/download")
    assert response.status_code == 200 and response.mimetype == XLSX
    assert "program-planner-programs-" in response.headers["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert wb.sheetnames[:6] == [
        "About this workbook",
        "Summary",
        "Objectives",
        "Sessions",
        "Budget",
        "Responses",
    ]
    summary = list(wb["Summary"].iter_rows(values_only=True))
    titles = sorted(row[summary[0].index("Program")] for row in summary[1:])
    assert titles == [f"Program {n:02d}" for n in range(PROGRAMS)]
    objectives = list(wb["Objectives"].iter_rows(values_only=True))
    verdicts = [row[objectives[0].index("Verdict")] for row in objectives[1:]]
    assert verdicts == ["Not enough evidence"] * PROGRAMS
    assert wb["Summary"].freeze_panes == "A2"

    events = query(clean_app, sa.select(AuditEvent).order_by(AuditEvent.id))
    asked, downloaded = [e for e in events if e.action in ("export", "job_download")]
    assert (asked.action, asked.actor_id, asked.object_type, asked.object_id) == (
        "export",
        me.id,
        "Job",
        job_id,
    )
    assert asked.details["programs"] == PROGRAMS and asked.details["filters"] == {
        "fiscal_year": "2027",
        "stage": "published",
    }
    assert (downloaded.action, downloaded.actor_id, downloaded.object_id) == (
        "job_download",
        me.id,
        job_id,
    )
    assert downloaded.details["kind"] == "export" and downloaded.details["size"] == job.result_size


def test_an_export_at_the_threshold_stays_in_the_request(clean_app, client, login_as, branch):
    with clean_app.app_context():
        for number in range(3):
            make_ready_program(None, branch, status=Status.APPROVED, title=f"P{number}")
        db.session.commit()
    clean_app.config["EXPORT_IN_REQUEST_MAX_PROGRAMS"], before = (
        3,
        clean_app.config["EXPORT_IN_REQUEST_MAX_PROGRAMS"],
    )
    try:
        login_as("coordinator")
        assert "Download 3 programs as one Excel workbook" in client.get("/export").get_data(
            as_text=True
        )
        response = client.post("/export", data={})
    finally:
        clean_app.config["EXPORT_IN_REQUEST_MAX_PROGRAMS"] = before
    assert response.status_code == 200 and response.mimetype == XLSX
    assert query(clean_app, sa.select(Job.id)) == []


def test_a_second_click_with_the_same_filters_gives_the_same_job(
    clean_app, client, login_as, many_programs, monkeypatch
):
    monkeypatch.setattr(service, "dispatch", lambda ids: True)  # no worker has started it yet
    login_as("coordinator")
    first = job_of(client.post("/export", data={"fiscal_year": "2027"}))
    again = client.post("/export", data={"fiscal_year": "2027"}, follow_redirects=True)
    assert again.request.path == f"/jobs/{first}"
    page = again.get_data(as_text=True)
    assert "This export is already under way: here is its progress." in page
    assert "Waiting to start" in page and 'http-equiv="refresh"' in page
    assert "job-progress.js" in page
    other = job_of(client.post("/export", data={}))  # other filters: another job
    assert other != first
    assert len(query(clean_app, sa.select(Job.id))) == 2
    assert query(clean_app, sa.select(AuditEvent.action)).count("export") == 2
    state = client.get(f"/jobs/{first}.json").get_json()
    assert state == {
        "id": first,
        "status": "queued",
        "status_label": "Waiting to start",
        "active": True,
        "progress": 0,
        "message": "",
        "download_url": None,
        "outcome_url": None,
        "outcome_text": None,
    }
    assert client.get(f"/jobs/{first}/download").status_code == 409
    client.post("/logout")
    login_as("coordinator", username="another")
    assert client.post("/export", data={"fiscal_year": "2027"}).status_code == 302
    assert len(query(clean_app, sa.select(Job.id))) == 3  # another person: their own job


def test_queue_down_keeps_the_export_and_says_it_will_start_later(
    clean_app, client, login_as, many_programs, monkeypatch
):
    from program_planner.jobs import tasks

    def unreachable(*_args, **_kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks, "run_job", unreachable)
    login_as("coordinator")
    response = client.post("/export", data={"fiscal_year": "2027"}, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The export could not be queued just now." in page
    assert "will start by itself as soon as the queue is back" in page
    assert client.get("/").status_code == 200  # the site keeps serving
    (job_id,) = query(clean_app, sa.select(Job.id))
    assert loaded(clean_app, job_id).status == JobStatus.QUEUED
    monkeypatch.undo()
    with clean_app.app_context():
        assert service.sweep(utcnow())["dispatched"] == 1
    assert loaded(clean_app, job_id).status == JobStatus.DONE
    assert client.get(f"/jobs/{job_id}/download").mimetype == XLSX


def test_a_failing_export_leaves_no_file_and_is_retried(
    clean_app, client, login_as, many_programs, monkeypatch
):
    from program_planner.reports.export import jobs as export_jobs

    scheduled = []
    monkeypatch.setattr(
        "program_planner.jobs.tasks.run_job.schedule",
        lambda args, delay: scheduled.append((args, delay)),
    )
    real = export_jobs.write_export

    def dies_half_way(program_ids, out, *, language, progress, **_cover):
        progress(40, "half way")
        out.write(b"PK half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(export_jobs, "write_export", dies_half_way)
    login_as("coordinator")
    job_id = job_of(client.post("/export", data={"fiscal_year": "2027"}))
    job = loaded(clean_app, job_id)
    assert (job.status, job.attempts, job.result_data, job.result_size) == (
        JobStatus.QUEUED,
        1,
        None,
        0,
    )
    assert "disk full" in job.last_error and scheduled == [((job_id,), 30)]
    assert client.get(f"/jobs/{job_id}/download").status_code == 409
    monkeypatch.setattr(export_jobs, "write_export", real)
    with clean_app.app_context():
        assert service.run(job_id) == "done"
    job = loaded(clean_app, job_id)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert job.result_data.startswith(b"PK") and len(job.result_data) == job.result_size
    assert openpyxl.load_workbook(io.BytesIO(job.result_data)).sheetnames[:2] == [
        "About this workbook",
        "Summary",
    ]
