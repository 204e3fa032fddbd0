"""Large imports as jobs, and the pending file kept in the database (any app server goes on)."""

import re

import pytest
import sqlalchemy as sa

from program_planner.audit.models import AuditEvent
from program_planner.db import utcnow
from program_planner.evaluation.models import ImportBatch, Response
from program_planner.extensions import db
from program_planner.jobs import service
from program_planner.jobs.models import Job, JobStatus
from tests.conftest import query, sign_in
from tests.evaluation.factories_imports import (
    confirm,
    make_import_program,
    pending_files,
    preview,
    previewed,
    selected_mapping,
    upload,
)

# 6 data rows: 4 answer, 2 refused (an answer not on the scale, an empty row)
CSV = (
    b"I learned something new,Any other comments?,Session date\n"
    b"Strongly agree,Great,2027-03-03\n"
    b"4,Fine,2027-03-10\n"
    b"Maybe,,2027-03-10\n"
    b",,\n"
    b"2,Too fast,\n"
    b"5,,2027-03-03\n"
)


@pytest.fixture
def large_from_3_rows(clean_app, monkeypatch):
    monkeypatch.setitem(clean_app.config, "IMPORT_IN_REQUEST_MAX_ROWS", 3)


def mapped_and_previewed(client, pid):
    """Upload and preview (a preview of a large file is made by a job, then shown)."""
    assert upload(client, pid, CSV, "answers.csv").status_code == 302
    mapping = selected_mapping(client.get(f"/programs/{pid}/import/mapping").get_data(True))
    response = preview(client, pid, mapping)
    if response.status_code == 302:
        assert client.get(response.headers["Location"]).status_code == 200  # the job's page
        response = client.get(f"/programs/{pid}/import/mapping")
    page = response.get_data(as_text=True)
    assert "6 rows in the file: 4 would be imported, 2 refused." in page
    assert selected_mapping(page) == mapping
    return mapping, previewed(page)


def job_of(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    found = re.fullmatch(r"/jobs/(\d+)", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found.group(1))


def test_a_large_import_runs_as_a_job_with_progress_and_leads_to_its_report(
    clean_app, client, login_as, branch, large_from_3_rows, monkeypatch
):
    monkeypatch.setattr("program_planner.evaluation.imports.rows.PROGRESS_EVERY", 2)
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
    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    mapping, fingerprint = mapped_and_previewed(client, pid)
    job_id = job_of(confirm(client, pid, mapping, fingerprint))
    with clean_app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.kind, job.status, job.requested_by_id) == ("import", JobStatus.DONE, me.id)
        assert job.result_data is None  # an import makes no file
    assert reported == [
        (33, "Checked 2 of 6 rows"),  # the preview's job
        (61, "Checked 4 of 6 rows"),
        (2, "Reading “answers.csv”"),  # the import's job
        (30, "Checked 2 of 6 rows"),
        (55, "Checked 4 of 6 rows"),
        (85, "Storing 4 responses"),
    ]
    (batch,) = query(clean_app, sa.select(ImportBatch))
    assert (batch.rows_total, batch.rows_imported, batch.rows_refused) == (6, 4, 2)
    assert batch.imported_by_id == me.id and [r["row"] for r in batch.report] == [4, 5]
    assert len(query(clean_app, sa.select(Response.id))) == 4
    assert pending_files(clean_app) == []
    (event,) = query(
        clean_app, sa.select(AuditEvent).where(AuditEvent.action == "responses_imported")
    )
    assert event.actor_id == me.id and event.details["job"] == job_id
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Response import" in page and f'href="/imports/{batch.id}"' in page
    assert "See the import report" in page and "/download" not in page
    # a retry of a job whose import was stored (the worker died before marking it done)
    with clean_app.app_context():
        db.session.get(Job, job_id).status = JobStatus.QUEUED
        db.session.commit()
        assert service.run(job_id) == "done"
    assert len(query(clean_app, sa.select(Response.id))) == 4


def test_a_small_import_stays_in_the_request(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    mapping, fingerprint = mapped_and_previewed(client, pid)
    response = confirm(client, pid, mapping, fingerprint)
    assert response.headers["Location"].startswith("/imports/")
    assert query(clean_app, sa.select(Job.id)) == []


def test_a_changed_mapping_shows_the_preview_again_instead_of_importing(
    clean_app, client, login_as, branch, large_from_3_rows
):
    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    mapping, fingerprint = mapped_and_previewed(client, pid)
    response = confirm(client, pid, {**mapping, "col1": ""}, fingerprint)
    job_id = job_of(response)  # a new preview, made by a job
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "The mapping changed since the preview" in page
    kinds = query(clean_app, sa.select(Job.kind).order_by(Job.id))
    assert kinds == ["import-preview", "import-preview"]
    page = client.get(f"/programs/{pid}/import/mapping").get_data(as_text=True)
    assert selected_mapping(page)["col1"] == ""
    assert query(clean_app, sa.select(Response.id)) == []


def test_queue_down_keeps_the_import_waiting_and_says_so(
    clean_app, client, login_as, branch, large_from_3_rows, monkeypatch
):
    from program_planner.jobs import tasks

    def unreachable(*_args, **_kwargs):
        raise ConnectionError("Redis is down")

    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    mapping, fingerprint = mapped_and_previewed(client, pid)
    monkeypatch.setattr(tasks, "run_job", unreachable)
    response = client.post(
        f"/programs/{pid}/import/confirm",
        data={**mapping, "previewed": fingerprint},
        follow_redirects=True,
    )
    assert "The import could not be queued just now." in response.get_data(as_text=True)
    assert pending_files(clean_app) == ["answers.csv"]  # nothing lost
    (job_id,) = query(clean_app, sa.select(Job.id).where(Job.kind == "import"))
    again = confirm(client, pid, mapping, fingerprint)  # a second click: the same job
    assert job_of(again) == job_id
    assert len(query(clean_app, sa.select(Job.id).where(Job.kind == "import"))) == 1
    monkeypatch.undo()
    with clean_app.app_context():
        assert service.sweep(utcnow())["dispatched"] == 1
    assert len(query(clean_app, sa.select(Response.id))) == 4
    assert pending_files(clean_app) == []


def test_a_pending_file_gone_fails_the_job_with_a_message(
    clean_app, client, login_as, branch, large_from_3_rows, monkeypatch
):
    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    mapping, fingerprint = mapped_and_previewed(client, pid)
    monkeypatch.setattr(service, "dispatch", lambda ids: True)
    job_id = job_of(confirm(client, pid, mapping, fingerprint))
    assert client.post(f"/programs/{pid}/import/cancel").status_code == 302
    with clean_app.app_context():
        assert service.run(job_id) == "failed"
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "The uploaded file is no longer available: upload it again." in page
    assert query(clean_app, sa.select(Response.id)) == []


def test_the_pending_import_is_kept_in_the_database_not_the_session(
    clean_app, client, login_as, branch, tmp_path, monkeypatch
):
    """Another browser session (as another app server would see it) continues the import."""
    monkeypatch.setattr(clean_app, "instance_path", str(tmp_path))  # nothing written here
    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    assert upload(client, pid, CSV, "answers.csv").status_code == 302
    with client.session_transaction() as saved:
        assert not any("import" in key for key in saved)
    other = clean_app.test_client()
    assert sign_in(other, me.username, me.password).status_code == 302
    page = other.get(f"/programs/{pid}/import/mapping").get_data(as_text=True)
    assert "Map the columns of “answers.csv”" in page
    mapping = selected_mapping(page)
    fingerprint = previewed(preview(other, pid, mapping).get_data(as_text=True))
    assert confirm(other, pid, mapping, fingerprint).headers["Location"].startswith("/imports/")
    assert len(query(clean_app, sa.select(Response.id))) == 4
    assert list(tmp_path.iterdir()) == []
