"""Job pages through HTTP: who may follow a job, its progress, its file, expiry, My exports."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from program_planner.audit.models import AuditEvent
from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.jobs import service
from program_planner.jobs.models import Job, JobStatus
from tests.conftest import query

FILE = b"PK a small workbook"


def add_job(app, user_id, status=JobStatus.DONE, **fields) -> int:
    """Add an export job asked for by user_id; a finished one has a file kept 7 days."""
    now = utcnow()
    values = {
        "kind": "export",
        "params": {"program_ids": [1]},
        "status": status,
        "requested_by_id": user_id,
    }
    if status == JobStatus.DONE:
        values.update(
            progress=100,
            finished_at=now,
            expires_at=now + timedelta(days=7),
            result_name="programs.xlsx",
            result_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            result_data=FILE,
            result_size=len(FILE),
        )
    values.update(fields)
    with app.app_context():
        job = Job(**values)
        db.session.add(job)
        db.session.commit()
        return job.id


@pytest.mark.parametrize("role", ["programmer", "coordinator", "frontline"])
def test_only_the_requester_and_admins_follow_a_job(clean_app, client, login_as, make_user, role):
    owner = make_user("coordinator")
    job_id = add_job(clean_app, owner.id)
    login_as(role)
    for url in (f"/jobs/{job_id}", f"/jobs/{job_id}.json", f"/jobs/{job_id}/download"):
        assert client.get(url).status_code == 403, url
    assert "job_download" not in query(clean_app, sa.select(AuditEvent.action))
    assert client.get("/jobs/999999").status_code == 404
    assert f"/jobs/{job_id}" not in client.get("/jobs").get_data(as_text=True)


def test_the_requester_downloads_the_file_and_the_download_is_audited(
    clean_app, client, login_as, make_user
):
    me = login_as("coordinator")
    job_id = add_job(clean_app, me.id)
    response = client.get(f"/jobs/{job_id}/download")
    assert response.status_code == 200 and response.get_data() == FILE
    assert response.headers["Content-Disposition"] == "attachment; filename=programs.xlsx"
    (event,) = query(clean_app, sa.select(AuditEvent).where(AuditEvent.action == "job_download"))
    assert (event.actor_id, event.object_type, event.object_id) == (me.id, "Job", job_id)
    assert event.details == {"kind": "export", "file": "programs.xlsx", "size": len(FILE)}
    assert event.ip_address == "127.0.0.1"


def test_an_admin_may_download_someone_elses_file(clean_app, client, login_as, make_user):
    job_id = add_job(clean_app, make_user("coordinator").id)
    admin = login_as("admin")
    assert client.get(f"/jobs/{job_id}/download").get_data() == FILE
    actors = query(
        clean_app, sa.select(AuditEvent.actor_id).where(AuditEvent.action == "job_download")
    )
    assert actors == [admin.id]


def test_an_expired_file_is_refused_with_a_clear_page(clean_app, client, login_as):
    me = login_as("coordinator")
    job_id = add_job(clean_app, me.id)
    with clean_app.app_context():
        job = db.session.get(Job, job_id)
        job.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = client.get(f"/jobs/{job_id}/download")
    page = response.get_data(as_text=True)
    assert response.status_code == 410 and "File no longer kept" in page
    assert "files are deleted 7 days after they are ready" in page
    assert "Run it again to get a fresh file" in page
    assert "job_download" not in query(clean_app, sa.select(AuditEvent.action))
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "This file is no longer kept." in page and "/download" not in page
    assert client.get(f"/jobs/{job_id}.json").get_json()["download_url"] is None
    with clean_app.app_context():  # the nightly purge empties the file; the row stays
        assert service.purge_expired_results(utcnow()) == 1
        db.session.commit()
    assert client.get(f"/jobs/{job_id}/download").status_code == 410
    assert "No longer kept" in client.get("/jobs").get_data(as_text=True)


def test_a_running_job_page_polls_and_refreshes_without_javascript(clean_app, client, login_as):
    me = login_as("coordinator")
    job_id = add_job(
        clean_app, me.id, status=JobStatus.RUNNING, progress=42, message="Writing the sheet"
    )
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'value="42"' in page and "42 %" in page and "Writing the sheet" in page
    assert "This job is running." in page and "You can leave this page" in page
    assert f'data-status-url="/jobs/{job_id}.json"' in page and "js/job-progress.js" in page
    state = client.get(f"/jobs/{job_id}.json")
    assert state.headers["Cache-Control"] == "no-store"
    assert state.get_json()["progress"] == 42 and state.get_json()["active"] is True
    response = client.get(f"/jobs/{job_id}/download")
    assert response.status_code == 409 and "Not ready yet" in response.get_data(as_text=True)


def test_a_failed_job_says_so_with_its_number(clean_app, client, login_as):
    me = login_as("coordinator")
    job_id = add_job(clean_app, me.id, status=JobStatus.FAILED, last_error="no programs to export")
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "This job could not be finished." in page and "no programs to export" in page
    assert f"#{job_id}" in page and "refresh" not in page


def test_my_jobs_lists_my_recent_jobs_newest_first(clean_app, client, login_as, make_user):
    other = add_job(clean_app, make_user("coordinator").id)
    me = login_as("coordinator")
    older = add_job(clean_app, me.id)
    newer = add_job(clean_app, me.id, status=JobStatus.QUEUED)
    page = client.get("/jobs").get_data(as_text=True)
    assert page.index(f'href="/jobs/{newer}"') < page.index(f'href="/jobs/{older}"')
    assert f'href="/jobs/{other}"' not in page
    assert f'href="/jobs/{older}/download"' in page and "Waiting to start (0 %)" in page
    with clean_app.app_context():
        db.session.execute(sa.delete(Job))
        db.session.commit()
    assert "You have no exports or imports yet." in client.get("/jobs").get_data(as_text=True)
