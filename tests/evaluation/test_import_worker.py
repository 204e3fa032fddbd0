"""A real worker process (`flask jobs worker`) reads and previews a large import, and exports.

The test's app queues the jobs through HTTP (upload, preview) and the export service, exactly
as requests do, into the queue's own storage (SQLite file, or Redis); only the worker process
does the work. Afterwards: the mapping page shows the preview the worker made, and the export's
workbook holds the program.
"""

import os
import subprocess
import sys
import time
from io import BytesIO

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from program_planner import create_app
from program_planner.extensions import db
from program_planner.jobs.models import Job, JobStatus
from tests.conftest import PASSWORD, drop_postgres_database, fresh_postgres_database, sign_in
from tests.evaluation.factories_imports import (
    make_import_program,
    preview,
    selected_mapping,
    upload,
    xlsx_bytes,
)
from tests.jobs.test_worker import ROOT, queue_for

ROWS = [["I learned something new", "Any other comments?", "Session date"]] + [
    [("Agree", "Strongly agree", "Maybe")[n % 3], f"Comment {n}", "2027-03-10"] for n in range(60)
]  # 60 rows: 40 answer, 20 refused ("Maybe" is not on the scale)


def seed_user(app):
    from program_planner.admin.service import save_branch
    from program_planner.auth import service as accounts
    from program_planner.auth.models import Role

    with app.app_context():
        branch = save_branch(None, None, name="Central", code="CEN", address="1 Main", active=True)
        user = accounts.create_user(
            None,
            username="importer",
            full_name="Ida Importer",
            email="ida@library.example",
            role=Role("programmer"),
            branch=branch,
            password=PASSWORD,
            must_change_password=False,
        )
        db.session.commit()
        return user.id, branch.id


def wait_for(app, job_ids, worker, seconds=60):
    """Wait until the worker finished these jobs; return {id: (kind, status, error)}."""
    deadline = time.monotonic() + seconds
    while True:
        with app.app_context():
            found = {
                j.id: (j.kind, j.status, j.last_error)
                for j in db.session.scalars(sa.select(Job).where(Job.id.in_(job_ids)))
            }
            db.session.remove()
        if all(s in (JobStatus.DONE, JobStatus.FAILED) for _k, s, _e in found.values()):
            return found
        if worker.poll() is not None:
            pytest.fail("worker stopped: " + worker.stdout.read().decode()[-2000:])
        if time.monotonic() > deadline:
            pytest.fail(f"jobs not finished: {found}")
        time.sleep(0.3)


def job_of(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return int(response.headers["Location"].rsplit("/", 1)[1])


@pytest.mark.parametrize(
    ("queue_kind", "database"), [("sqlite", "sqlite"), ("redis", "postgresql")]
)
def test_a_worker_process_previews_an_import_and_writes_an_export(queue_kind, database, tmp_path):
    import flask_migrate

    from program_planner.reports.export.jobs import request_export

    queue_url = queue_for(queue_kind, tmp_path)
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    else:
        url = fresh_postgres_database("program_planner_import_worker")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        TASK_QUEUE_URL=queue_url,
        IMPORT_IN_REQUEST_MAX_BYTES=1000,
        IMPORT_IN_REQUEST_MAX_ROWS=10,
    )
    with app.app_context():
        flask_migrate.upgrade()
    user_id, branch_id = seed_user(app)
    ids = make_import_program(app, user_id, branch_id, title="Worker-made preview")
    pid = ids["program"]
    client = app.test_client()
    assert sign_in(client, "importer").status_code == 302
    read = job_of(upload(client, pid, xlsx_bytes(ROWS), "survey.xlsx"))
    with app.app_context():
        export, _created = request_export([pid], "Everything", {}, user_id, "en")
        db.session.commit()
        export = export.id
    env = dict(
        os.environ,
        PROGRAM_PLANNER_CONFIG="production",
        SECRET_KEY="worker-test-secret-key-0123456789-abcdefghij",
        DATABASE_URL=url,
        TASK_QUEUE_URL=queue_url,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "program_planner", "jobs", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        done = wait_for(app, [read, export], worker)
        assert done[read] == ("import-read", JobStatus.DONE, "")
        assert done[export] == ("export", JobStatus.DONE, "")
        page = client.get(f"/programs/{pid}/import/mapping").get_data(as_text=True)
        mapping = selected_mapping(page)
        made = job_of(preview(client, pid, mapping))
        assert wait_for(app, [made], worker)[made] == ("import-preview", JobStatus.DONE, "")
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
    page = client.get(f"/programs/{pid}/import/mapping").get_data(as_text=True)
    assert "60 rows in the file: 40 would be imported, 20 refused." in page, output[-2000:]
    assert "Import 40 responses" in page
    with app.app_context():
        data = db.session.get(Job, export).result_data
        sheets = load_workbook(BytesIO(data), read_only=True)
        texts = {
            str(cell)
            for sheet in sheets.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell
        }
        assert "Worker-made preview" in texts
        db.engine.dispose()
    if database == "postgresql":
        drop_postgres_database(url)
