"""A large workbook is read and previewed by the queue (immediate mode here); small ones at once.

Also: pending imports abandoned for a day are purged by the nightly upkeep.
"""

import re
import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa

from program_planner.db import utcnow
from program_planner.evaluation.imports.models import PendingImport
from program_planner.extensions import db
from program_planner.jobs import service as jobs_service
from program_planner.jobs.models import Job, JobStatus
from program_planner.jobs.tasks import NIGHTLY, run_upkeep
from tests.conftest import query
from tests.evaluation.factories_imports import (
    confirm,
    make_import_program,
    pending_files,
    preview,
    previewed,
    selected_mapping,
    upload,
    xlsx_bytes,
)

ROWS = [["I learned something new", "Any other comments?", "Session date"]] + [
    [("Agree", "Strongly agree", "Maybe")[n % 3], f"Comment {n}", "2027-03-03"] for n in range(30)
]  # 30 rows: 20 answer, 10 refused ("Maybe" is not on the scale)


@pytest.fixture
def large(clean_app, monkeypatch):
    monkeypatch.setitem(clean_app.config, "IMPORT_IN_REQUEST_MAX_BYTES", 1000)
    monkeypatch.setitem(clean_app.config, "IMPORT_IN_REQUEST_MAX_ROWS", 10)


def job_id_of(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    found = re.fullmatch(r"/jobs/(\d+)", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found.group(1))


def job(app, job_id):
    return query(app, sa.select(Job.kind, Job.status, Job.last_error).where(Job.id == job_id))[0]


def test_a_large_workbook_is_read_previewed_and_imported_by_jobs(
    clean_app, client, login_as, branch, large
):
    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    data = xlsx_bytes(ROWS)
    assert len(data) > 1000
    read = job_id_of(upload(client, pid, data, "big.xlsx"))
    assert job(clean_app, read) == ("import-read", JobStatus.DONE, "")
    page = client.get(f"/jobs/{read}").get_data(as_text=True)
    assert "Reading a file to import" in page and "Map the columns" in page
    cells = query(clean_app, sa.select(PendingImport.cells, PendingImport.rows))[0]
    assert cells[1] == 30 and cells[0]["header"] == ROWS[0]
    page = client.get(f"/programs/{pid}/import/mapping").get_data(as_text=True)
    mapping = selected_mapping(page)
    assert list(mapping.values())[2] == "session_date"

    made = job_id_of(preview(client, pid, mapping))
    assert job(clean_app, made) == ("import-preview", JobStatus.DONE, "")
    assert "See the preview" in client.get(f"/jobs/{made}").get_data(as_text=True)
    page = client.get(f"/programs/{pid}/import/mapping").get_data(as_text=True)
    assert "30 rows in the file: 20 would be imported, 10 refused." in page
    assert "Import 20 responses" in page and selected_mapping(page) == mapping

    stored = job_id_of(confirm(client, pid, mapping, previewed(page)))
    assert job(clean_app, stored) == ("import", JobStatus.DONE, "")
    assert query(clean_app, sa.select(sa.func.count(Job.id))) == [3]
    assert pending_files(clean_app) == []


def test_a_small_workbook_is_read_in_the_request(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    response = upload(client, pid, xlsx_bytes(ROWS[:4]), "small.xlsx")
    assert response.headers["Location"] == f"/programs/{pid}/import/mapping"
    assert query(clean_app, sa.select(Job.id)) == []
    assert query(clean_app, sa.select(PendingImport.rows)) == [3]


def test_while_the_file_is_read_the_mapping_page_leads_to_the_job(
    clean_app, client, login_as, branch, large, monkeypatch
):
    monkeypatch.setattr(jobs_service, "dispatch", lambda ids: True)  # the worker is busy
    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    read = job_id_of(upload(client, pid, xlsx_bytes(ROWS), "big.xlsx"))
    response = client.get(f"/programs/{pid}/import/mapping")
    assert response.headers["Location"] == f"/jobs/{read}"
    with clean_app.app_context():
        assert jobs_service.run(read) == "done"
    page = client.get(f"/programs/{pid}/import/mapping").get_data(as_text=True)
    assert "Map the columns of “big.xlsx”" in page


def not_a_workbook() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "x" * 5000)
    return buffer.getvalue()


def test_a_large_file_that_cannot_be_read_says_why_and_keeps_nothing(
    clean_app, client, login_as, branch, large
):
    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    read = job_id_of(upload(client, pid, not_a_workbook(), "broken.xlsx"))
    kind, status, error = job(clean_app, read)
    assert (kind, status) == ("import-read", JobStatus.FAILED)
    assert error == "This file is not a readable Excel (.xlsx) workbook."
    response = client.get(f"/programs/{pid}/import/mapping")
    assert response.headers["Location"] == f"/programs/{pid}/import"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This file is not a readable Excel (.xlsx) workbook." in page
    assert pending_files(clean_app) == []


def test_a_hostile_large_workbook_is_refused_before_any_job(
    clean_app, client, login_as, branch, large
):
    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    response = upload(client, pid, b"not a zip at all" * 200, "big.xlsx")
    assert response.status_code == 422
    assert "Is it a CSV file?" in response.get_data(as_text=True)
    assert query(clean_app, sa.select(Job.id)) == [] and pending_files(clean_app) == []


def test_abandoned_pending_imports_are_purged_nightly(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid = make_import_program(clean_app, me.id, branch)["program"]
    assert upload(client, pid, xlsx_bytes(ROWS[:4]), "old.xlsx").status_code == 302
    with clean_app.app_context():
        assert run_upkeep(NIGHTLY)["abandoned imports"] == 0
        db.session.execute(
            sa.update(PendingImport).values(uploaded_at=utcnow() - timedelta(days=1, minutes=1))
        )
        db.session.commit()
        assert run_upkeep(NIGHTLY)["abandoned imports"] == 1
    assert pending_files(clean_app) == []
