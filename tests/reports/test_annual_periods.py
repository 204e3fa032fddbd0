"""Annual statistics by the library's reporting year (calendar or fiscal), and the stored month
cells they are read from: equal to the figures straight from the sessions after every kind of
write, on both databases."""

import csv
import io
from datetime import date, datetime, time, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from program_planner.evaluation.models import OccurrenceReport
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.programs.models import Program, Status
from program_planner.reports.annual.models import (
    ActivityKind,
    AnnualCell,
    ProgramCounting,
    Recording,
    ReportingSettings,
)
from program_planner.reports.annual.profiles import PLS, PROVINCIAL
from program_planner.reports.annual.queries import Period
from program_planner.reports.annual.tables import annual_report
from program_planner.reports.results import bring_up_to_date, refresh_all
from tests.conftest import query
from tests.reports.test_annual import build_year, elements, program, session

ZONE = ZoneInfo("America/Toronto")
PERIODS = (
    Period.year(2026),
    Period.year(2027),
    Period.year(2028),
    Period.year(2026, 4),
    Period.year(2027, 4),
    Period.year(2026, 10),
)


@pytest.fixture
def year(clean_app, make_user, branch):
    owner = make_user("programmer")
    return build_year(clean_app, owner.id, branch)


def assert_stored_equal_fresh(app):
    """Bring the stored cells up to date, then compare every profile and period with the
    figures computed straight from the sessions."""
    with app.app_context():
        while bring_up_to_date():
            pass
        db.session.commit()
        for profile in (PLS, PROVINCIAL):
            for period in PERIODS:
                stored = annual_report(profile, period)
                fresh = annual_report(profile, period, stored=False)
                assert stored.lines == fresh.lines, (profile, period)
                assert stored.checks == fresh.checks, (profile, period)
                assert [tuple(r) for r in stored.excluded] == [tuple(r) for r in fresh.excluded]
                assert [tuple(r) for r in stored.unmapped] == [tuple(r) for r in fresh.unmapped]
        return annual_report(PLS, Period.year(2027))


def occurrences_of(title):
    stmt = (
        sa.select(Occurrence)
        .join(Program)
        .where(Program.title == title)
        .order_by(Occurrence.starts_at)
    )
    return list(db.session.scalars(stmt))


def test_stored_figures_equal_fresh_ones_after_every_kind_of_write(clean_app, year):
    before = assert_stored_equal_fresh(clean_app)
    assert before.lines[0].values == (11,)
    with clean_app.app_context():  # a session of the series moves into December 2026
        first = occurrences_of("Computer basics")[0]
        first.starts_at -= timedelta(days=60)
        db.session.commit()
    assert assert_stored_equal_fresh(clean_app).lines[0].values == (10,)
    with (
        clean_app.app_context()
    ):  # a headcount changes; more online than in total (a failing check)
        report = db.session.scalar(
            sa.select(OccurrenceReport).join(Occurrence).where(Occurrence.program_id == year.hybrid)
        )
        report.headcount, report.online_headcount = 3, 5
        db.session.commit()
    after = assert_stored_equal_fresh(clean_app)
    assert [c.ok for c in after.checks] == [True, False]
    with clean_app.app_context():  # a program is cancelled; a session is deleted
        db.session.scalar(
            sa.select(Program).where(Program.title == "Teen coding")
        ).status = Status.CANCELLED
        db.session.delete(occurrences_of("Seniors' tablets")[0])
        db.session.commit()
    assert assert_stored_equal_fresh(clean_app).lines[0].values == (8,)
    with clean_app.app_context():  # the kit becomes a program; a recording moves to 2028
        kit = db.session.scalar(
            sa.select(ProgramCounting).where(ProgramCounting.activity == ActivityKind.SELF_DIRECTED)
        )
        kit.activity = ActivityKind.PROGRAM
        recording = db.session.scalar(sa.select(Recording).where(Recording.views_30_days == 40))
        recording.posted_on = date(2028, 1, 15)
        db.session.commit()
    last = assert_stored_equal_fresh(clean_app)
    assert last.lines[0].values == (9,) and not last.excluded[1:]
    with clean_app.app_context():  # and a rebuild from nothing gives the same cells
        cells = db.session.execute(sa.select(AnnualCell).order_by(*AnnualCell.__table__.c)).all()
        count = len(cells)
        refresh_all()
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AnnualCell)) == count
    assert_stored_equal_fresh(clean_app)


def local(day, hour, minute):
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


@pytest.fixture
def boundary(clean_app, make_user, branch):
    """A session late on 31 March 2027 and one early on 1 April 2027, library time."""
    owner = make_user("programmer").id
    with clean_app.app_context():
        made = program(owner, branch, "Boundary talks")
        for start, headcount in (
            (local(date(2027, 3, 31), 23, 30), 4),
            (local(date(2027, 4, 1), 0, 30), 6),
        ):
            occurrence = session(made.id, date(2027, 1, 1), headcount)
            occurrence.starts_at = start
            occurrence.ends_at = start + timedelta(minutes=20)
        db.session.merge(ReportingSettings(id=1, profile=PLS, year_start_month=4))
        db.session.commit()


def test_a_fiscal_year_counts_the_sessions_on_its_boundary_days(client, login_as, boundary):
    login_as("coordinator")
    html = client.get("/annual-statistics?year=2026").get_data(as_text=True)
    assert "Period: April 1, 2026 – March 31, 2027" in html
    assert elements(html)["600"] == [1] and elements(html)["610"] == [4]
    assert '<option value="2026" selected>2026–27</option>' in html
    html = client.get("/annual-statistics?year=2027").get_data(as_text=True)
    assert "Period: April 1, 2027 – March 31, 2028" in html
    assert elements(html)["600"] == [1] and elements(html)["610"] == [6]
    sheet = load_workbook(BytesIO(client.get("/annual-statistics.xlsx?year=2026").data)).active
    assert sheet["A3"].value == "Period: April 1, 2026 – March 31, 2027"
    table = {r[0]: r[2] for r in sheet.iter_rows(min_row=5, max_row=26, values_only=True)}
    assert table["610"] == 4
    text = client.get("/annual-statistics.csv?year=2027").data.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Period: April 1, 2027 – March 31, 2028"]
    assert ["610", "Total attendance at synchronous programs (611 to 615)", "6"] in rows
    client.post("/language", data={"lang": "fr"})
    french = client.get("/annual-statistics?year=2026").get_data(as_text=True)
    assert "1 avril 2026 – 31 mars 2027" in french


def test_the_calendar_year_counts_both_boundary_sessions(clean_app, client, login_as, boundary):
    with clean_app.app_context():
        db.session.get(ReportingSettings, 1).year_start_month = 1
        db.session.commit()
    login_as("coordinator")
    html = client.get("/annual-statistics?year=2027").get_data(as_text=True)
    assert "Period: January 1, 2027 – December 31, 2027" in html
    assert elements(html)["610"] == [10]


def test_the_admin_chooses_the_first_month_of_the_reporting_year(clean_app, client, login_as):
    login_as("admin")
    page = client.get("/admin/settings").get_data(as_text=True)
    assert '<option selected value="1">1 January</option>' in page
    data = {"profile": "pls", "year_start_month": "7", "version": "0"}
    assert client.post("/admin/settings", data=data).status_code == 302
    assert query(clean_app, sa.select(ReportingSettings.year_start_month)) == [7]
    bad = client.post("/admin/settings", data={**data, "year_start_month": "13", "version": "1"})
    assert bad.status_code == 422
    assert query(clean_app, sa.select(ReportingSettings.year_start_month)) == [7]
    page = client.get("/admin/settings").get_data(as_text=True)
    assert '<option selected value="7">1 July</option>' in page
