"""End to end in Chromium: a coordinator exports many programs, watches the progress page move
(its script polls the job), and downloads the workbook once the worker has written it."""

import openpyxl
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from program_planner.extensions import db
from program_planner.jobs import service
from program_planner.jobs.models import Job, JobStatus
from program_planner.programs.models import Status
from tests.factories import make_ready_program

pytestmark = pytest.mark.e2e
PROGRAMS = 6


def test_coordinator_exports_many_programs_through_a_job(
    browser, site, clean_app, make_user, branch, monkeypatch, tmp_path
):
    monkeypatch.setitem(clean_app.config, "EXPORT_IN_REQUEST_MAX_PROGRAMS", 3)
    monkeypatch.setattr(service, "dispatch", lambda ids: True)  # the worker is "busy": we run it
    owner = make_user("programmer").id
    with clean_app.app_context():
        for number in range(PROGRAMS):
            make_ready_program(owner, branch, status=Status.APPROVED, title=f"Series {number}")
        db.session.commit()
    me = make_user("coordinator")
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(me.username)
    page.get_by_label("Password").fill(me.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/")

    page.goto(f"{site}/export")
    expect(page.locator("#export-background")).to_be_visible()
    page.get_by_role("button", name=f"Prepare {PROGRAMS} programs as one Excel workbook").click()
    page.wait_for_url(f"{site}/jobs/*")
    job_id = int(page.url.rsplit("/", 1)[-1])
    expect(page.get_by_role("heading", name="Excel export")).to_be_visible()
    expect(page.locator("#job-status")).to_have_text("Waiting to start")
    expect(page.locator("#job-progress")).to_have_attribute("value", "0")

    with clean_app.app_context():  # as a worker half way through: the script moves the bar
        db.session.execute(sa.update(Job).where(Job.id == job_id).values(status=JobStatus.RUNNING))
        db.session.commit()
        service.report_progress(job_id, 40, "Writing the “Responses” sheet")
    expect(page.locator("#job-progress")).to_have_attribute("value", "40", timeout=15_000)
    expect(page.locator("#job-percent")).to_have_text("40 %")
    expect(page.locator("#job-message")).to_have_text("Writing the “Responses” sheet")
    with clean_app.app_context():  # a worker does the job; the page follows it by polling
        db.session.execute(sa.update(Job).where(Job.id == job_id).values(status=JobStatus.QUEUED))
        db.session.commit()
        assert service.run(job_id) == "done"
    expect(page.get_by_text("Your file is ready.")).to_be_visible(timeout=15_000)
    expect(page.locator("#job-status")).to_have_text("Ready")
    expect(page.locator("#job-progress")).to_have_attribute("value", "100")
    with page.expect_download() as download_info:
        page.locator("#job-download").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert path.name.startswith("program-planner-programs-") and path.suffix == ".xlsx"
    summary = list(
        openpyxl.load_workbook(path, read_only=True)["Summary"].iter_rows(values_only=True)
    )
    titles = sorted(row[summary[0].index("Program")] for row in summary[1:])
    assert titles == [f"Series {n}" for n in range(PROGRAMS)]

    page.goto(f"{site}/jobs")
    expect(page.locator("#my-jobs").get_by_role("link", name="Download")).to_be_visible()
    with clean_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 1
    context.close()
