"""Jobs: one per request even on a second click, progress, retries, a dead worker, queue down."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.jobs import queue, service
from program_planner.jobs.models import Job, JobStatus

CALLS = []


@service.handler("test-count")
def count_job(job, report_progress):
    """A job that counts, reports progress and makes a small file; fails when asked."""
    CALLS.append(job.id)
    for step in range(1, 4):
        report_progress(step * 30, f"step {step}")
        progress = db.session.scalar(sa.select(Job.progress).where(Job.id == job.id))
        job.params.setdefault("seen", []).append(progress)
    if job.params.get("fail_times", 0) >= len(CALLS):
        raise RuntimeError("flaky")
    if job.params.get("refuse"):
        raise service.JobFailed("This file has no rows.")
    return "count.txt", "text/plain", f"counted to {job.params['to']}".encode()


@pytest.fixture(autouse=True)
def fresh_calls():
    CALLS.clear()


def ask(app, **params):
    with app.app_context():
        job, created = service.request_job("test-count", params, dedupe_key=params.get("key"))
        db.session.commit()
        return job.id, created


def loaded(app, job_id):
    with app.app_context():
        job = db.session.get(Job, job_id)
        data = job.result_data
        db.session.expunge(job)
        return job, data


def test_a_job_runs_after_the_commit_with_progress_and_keeps_its_file(clean_app):
    job_id, created = ask(clean_app, to=3)
    assert created and [job_id] == CALLS
    job, data = loaded(clean_app, job_id)
    assert (job.status, job.progress, job.attempts) == (JobStatus.DONE, 100, 1)
    assert data == b"counted to 3" and job.result_name == "count.txt" and job.result_size == 12
    assert job.expires_at - job.finished_at == timedelta(days=7)


def test_progress_is_visible_to_others_while_the_job_runs(clean_app, monkeypatch):
    seen = []
    real = service.report_progress

    def spy(job_id, percent, message=""):
        real(job_id, percent, message)
        with clean_app.app_context():  # another session, as the progress page reads it
            seen.append(db.session.scalar(sa.select(Job.progress).where(Job.id == job_id)))

    monkeypatch.setattr(service, "report_progress", spy)
    ask(clean_app, to=1)
    assert seen == [30, 60, 90]


def test_a_second_click_while_the_first_job_is_active_gives_the_same_job(clean_app, monkeypatch):
    monkeypatch.setattr(service, "dispatch", lambda ids: True)  # the queue has not run it yet
    first, created = ask(clean_app, to=1, key="export:7")
    again, created_again = ask(clean_app, to=1, key="export:7")
    assert created and not created_again and again == first
    with clean_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 1


def test_a_failing_job_is_retried_then_done(clean_app, monkeypatch):
    scheduled = []
    monkeypatch.setattr(
        "program_planner.jobs.tasks.run_job.schedule",
        lambda args, delay: scheduled.append((args, delay)),
    )
    job_id, _ = ask(clean_app, to=2, fail_times=1)
    job, _data = loaded(clean_app, job_id)
    assert job.status == JobStatus.QUEUED and "flaky" in job.last_error
    assert scheduled == [((job_id,), 30)]
    with clean_app.app_context():
        assert service.run(job_id) == "done"
    job, data = loaded(clean_app, job_id)
    assert (job.status, job.attempts, data) == (JobStatus.DONE, 2, b"counted to 2")


def test_a_refused_job_fails_at_once_with_its_message_and_can_be_retried(clean_app):
    job_id, _ = ask(clean_app, to=2, refuse=True)
    job, data = loaded(clean_app, job_id)
    assert (job.status, job.attempts, data) == (JobStatus.FAILED, 1, None)
    assert job.last_error == "This file has no rows."
    runner = clean_app.test_cli_runner()
    listing = runner.invoke(args=["jobs", "list"])
    assert (
        f"#{job_id:<6} test-count" in listing.output and "This file has no rows." in listing.output
    )
    with clean_app.app_context():
        db.session.get(Job, job_id).params = {"to": 5}
        db.session.commit()
    result = runner.invoke(args=["jobs", "retry", str(job_id)])
    assert f"Job #{job_id} is queued again." in result.output
    job, data = loaded(clean_app, job_id)
    assert (job.status, data) == (JobStatus.DONE, b"counted to 5")
    again = runner.invoke(args=["jobs", "retry", str(job_id)])
    assert again.exit_code != 0 and f"Job #{job_id} is done, not failed." in again.output


def test_a_job_of_a_worker_that_died_is_started_again_by_the_sweep(clean_app, monkeypatch):
    monkeypatch.setattr(service, "dispatch", lambda ids: True)
    job_id, _ = ask(clean_app, to=4)
    with clean_app.app_context():
        job = db.session.get(Job, job_id)
        job.status, job.attempts, job.started_at = JobStatus.RUNNING, 1, utcnow()
        db.session.commit()  # as a worker leaves it when it dies mid-job: no file written
        assert service.sweep(utcnow())["restarted"] == 0  # still within its time
    monkeypatch.undo()
    with clean_app.app_context():
        outcome = service.sweep(utcnow() + timedelta(hours=1))
    assert outcome == {"restarted": 1, "dispatched": 1}
    job, data = loaded(clean_app, job_id)
    assert (job.status, job.attempts, data) == (JobStatus.DONE, 2, b"counted to 4")


def test_queue_down_keeps_the_job_and_the_sweep_sends_it_later(clean_app, monkeypatch):
    def unreachable(*_args, **_kwargs):
        raise ConnectionError("Redis is down")

    from program_planner.jobs import tasks

    monkeypatch.setattr(tasks, "run_job", unreachable)
    job_id, _ = ask(clean_app, to=6)
    job, _data = loaded(clean_app, job_id)
    assert job.status == JobStatus.QUEUED and CALLS == []
    monkeypatch.undo()
    with clean_app.app_context():
        assert service.sweep(utcnow())["dispatched"] == 1
    assert loaded(clean_app, job_id)[0].status == JobStatus.DONE


def test_expired_files_are_purged_and_the_row_kept(clean_app):
    job_id, _ = ask(clean_app, to=1)
    with clean_app.app_context():
        assert service.purge_expired_results(utcnow() + timedelta(days=6)) == 0
        assert service.purge_expired_results(utcnow() + timedelta(days=8)) == 1
        db.session.commit()
    job, data = loaded(clean_app, job_id)
    assert data is None and job.status == JobStatus.DONE


def test_upkeep_command_runs_every_registered_task(clean_app):
    result = clean_app.test_cli_runner().invoke(args=["jobs", "upkeep"])
    assert result.exit_code == 0, result.output
    for name in (
        "dispatch waiting jobs",
        "send waiting mail",
        "result figures",
        "follow-up contacts",
        "audit addresses",
        "expired job files",
    ):
        assert f"{name}: " in result.output


def test_the_immediate_queue_is_what_tests_use(clean_app):
    assert queue.huey.immediate
