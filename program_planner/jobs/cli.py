"""flask jobs …: run a worker, see queued and failed jobs, retry one, run the upkeep now."""

import click
from flask import current_app
from flask.cli import AppGroup

from program_planner.extensions import db
from program_planner.jobs import service
from program_planner.jobs.models import Job, JobStatus
from program_planner.jobs.queue import huey, queue_problem, queue_url, set_worker_app

jobs_cli = AppGroup("jobs", help="Work outside the request: the task queue and its jobs.")


@jobs_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Threads doing tasks.")
def worker_command(workers):
    """Run a queue worker (with the periodic tasks) until stopped with Ctrl-C."""
    from huey.consumer import Consumer

    set_worker_app(current_app._get_current_object())
    click.echo(f"Worker on {queue_url(current_app).split('@')[-1]} with {workers} threads.")
    Consumer(huey, workers=workers, worker_type="thread", periodic=True).run()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
def serve_command(host, port):
    """Serve the app for development with a queue worker beside it; Ctrl-C stops both."""
    import subprocess
    import sys

    from werkzeug.serving import run_simple

    worker = subprocess.Popen(  # same configuration: it inherits the environment
        [sys.executable, "-m", "flask", "--app", "program_planner", "jobs", "worker"]
    )
    try:
        run_simple(host, port, current_app._get_current_object(), threaded=True)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()


@jobs_cli.command("list")
@click.option("--all", "everything", is_flag=True, help="Also the finished ones.")
def list_command(everything):
    """Show queued, running and failed jobs (and the queue's own backlog)."""
    problem = queue_problem()
    if problem:
        click.echo(f"The queue cannot be reached: {problem}")
    else:
        click.echo(
            f"Queue: {huey.pending_count()} task(s) waiting, {huey.scheduled_count()} "
            "scheduled for later."
        )
    statuses = (
        list(JobStatus) if everything else [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED]
    )
    jobs = service.jobs_for_listing(statuses)
    if not jobs:
        click.echo("No jobs waiting, running or failed.")
    for job in jobs:
        line = f"#{job.id:<6} {job.kind:<16} {job.status.value:<8} {job.progress:>3}%  "
        line += f"attempts {job.attempts}/{job.max_attempts}  asked {job.created_at:%Y-%m-%d %H:%M}"
        click.echo(line)
        if job.status == JobStatus.FAILED and job.last_error:
            click.echo("        " + job.last_error.strip().splitlines()[-1][:200])


@jobs_cli.command("retry")
@click.argument("job_id", type=int)
def retry_command(job_id):
    """Put a failed job back in the queue."""
    job = db.session.get(Job, job_id)
    if job is None:
        raise click.ClickException(f"No job #{job_id}.")
    if job.status != JobStatus.FAILED:
        raise click.ClickException(f"Job #{job_id} is {job.status.value}, not failed.")
    service.retry(job)
    db.session.commit()
    click.echo(f"Job #{job_id} is queued again.")


@jobs_cli.command("health")
@click.option("--max-wait-minutes", default=10, show_default=True)
def health_command(max_wait_minutes):
    """Exit 1 when the queue is unreachable or jobs wait longer than they should."""
    from datetime import timedelta

    import sqlalchemy as sa

    from program_planner.db import utcnow

    problems = []
    problem = queue_problem()
    if problem:
        problems.append(f"the queue cannot be reached: {problem}")
    oldest = db.session.scalar(
        sa.select(sa.func.min(Job.created_at)).where(Job.status == JobStatus.QUEUED)
    )
    if oldest is not None and utcnow() - oldest > timedelta(minutes=max_wait_minutes):
        problems.append(f"a job has waited since {oldest:%Y-%m-%d %H:%M} UTC: is a worker up?")
    for line in problems:
        click.echo(line, err=True)
    if problems:
        raise SystemExit(1)
    click.echo("ok")


@jobs_cli.command("upkeep")
def upkeep_command():
    """Run the every-minute and nightly upkeep once, now (without a worker)."""
    from program_planner.jobs.tasks import EVERY_MINUTE, NIGHTLY, run_upkeep

    for name, outcome in {**run_upkeep(EVERY_MINUTE), **run_upkeep(NIGHTLY)}.items():
        click.echo(f"{name}: {outcome}")
