"""Annual statistics in the agency's categories: the PLS counting rules by worked examples, the
provincial profile, the cross-checks, the files, and how programs and sessions are recorded."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from types import SimpleNamespace

import lxml.html
import pytest
from openpyxl import load_workbook

from program_planner.evaluation.models import OccurrenceReport
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import DeliveryMode, ProgramType, Status
from program_planner.reports.annual.models import (
    ActivityKind,
    Audience,
    ProgramCounting,
    Recording,
    ReportingSettings,
)
from program_planner.venues.models import Venue, VenueKind
from tests.conftest import audit_actions, count_statements, query
from tests.factories import make_program

HOSTILE = '=HYPERLINK("http://evil.example","x")\x07 class'


def session(program_id, day, headcount=None, online=0, venue_id=None):
    """Add a session at 18:00 UTC on day, with a report when headcount (everyone) is given."""
    start = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
    occurrence = Occurrence(
        program_id=program_id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue_id=venue_id,
        expected_attendance=10,
    )
    db.session.add(occurrence)
    db.session.flush()
    if headcount is not None:
        db.session.add(
            OccurrenceReport(
                occurrence_id=occurrence.id, headcount=headcount, online_headcount=online
            )
        )
    return occurrence


def program(
    owner,
    branch,
    title,
    mode=DeliveryMode.IN_BRANCH,
    audience=None,
    activity=None,
    kind=ProgramType.DIGITAL_LITERACY,
    status=Status.DELIVERED,
):
    made = make_program(owner, branch, status=status, title=title)
    made.delivery_mode, made.program_type = mode, kind
    if audience or activity:
        db.session.add(
            ProgramCounting(
                program_id=made.id,
                audience=audience or Audience.ADULT,
                activity=activity or ActivityKind.PROGRAM,
            )
        )
    db.session.flush()
    return made


def build_year(app, owner, branch):
    """2027, as in the agency's worked examples:
    - a series of 8 adult sessions in a branch room, 12 each (8 programs, 96 attendees);
    - a hybrid general-interest session, 10 in the room and 5 online;
    - an online young-adult session of 7; an adult session at a community venue, 9;
    - a recording posted in 2027 with 40 views in 30 days (and one from 2026, not counted);
    - one-to-one help (2 sessions) and a self-directed activity, left out and listed;
    - a draft with a session, left out.
    """
    with app.app_context():
        room = Venue(name="Room A", kind=VenueKind.BRANCH_ROOM, branch_id=branch, capacity=30)
        park = Venue(name="Park hall", kind=VenueKind.COMMUNITY, capacity=50, address="Park")
        db.session.add_all([room, park])
        db.session.flush()
        series = program(owner, branch, "Computer basics")
        for week in range(8):
            session(series.id, date(2027, 2, 1) + timedelta(weeks=week), 12, venue_id=room.id)
        hybrid = program(
            owner,
            branch,
            "Family history",
            DeliveryMode.HYBRID,
            Audience.GENERAL,
            kind=ProgramType.LIFELONG_LEARNING,
        )
        session(hybrid.id, date(2027, 5, 4), 15, online=5, venue_id=room.id)
        teens = program(
            owner,
            branch,
            "Teen coding",
            DeliveryMode.ONLINE,
            Audience.YOUNG_ADULT,
            kind=ProgramType.JOB_CAREER,
        )
        session(teens.id, date(2027, 6, 1), 7)
        outreach = program(
            owner,
            branch,
            "Seniors' tablets",
            DeliveryMode.OFF_SITE,
            kind=ProgramType.SOCIAL_RECREATION,
        )
        session(outreach.id, date(2027, 7, 1), 9, venue_id=park.id)
        db.session.add_all(
            [
                Recording(
                    program_id=hybrid.id,
                    title="Family history talk",
                    posted_on=date(2027, 5, 6),
                    views_30_days=40,
                ),
                Recording(
                    program_id=hybrid.id,
                    title="Old talk",
                    posted_on=date(2026, 12, 30),
                    views_30_days=400,
                ),
            ]
        )
        help_desk = program(owner, branch, "Book a librarian", activity=ActivityKind.ONE_TO_ONE)
        session(help_desk.id, date(2027, 3, 1), 1)
        session(help_desk.id, date(2027, 3, 8), 1)
        kit = program(owner, branch, "Take-home kit", activity=ActivityKind.SELF_DIRECTED)
        session(kit.id, date(2027, 4, 1), 30)
        draft = program(owner, branch, "Draft idea", status=Status.DRAFT)
        session(draft.id, date(2027, 4, 2), 50)
        db.session.commit()
        return SimpleNamespace(hybrid=hybrid.id, room=room.id, series=series.id)


@pytest.fixture
def year(clean_app, make_user, branch):
    owner = make_user("programmer")
    return build_year(clean_app, owner.id, branch)


def elements(html):
    doc = lxml.html.fromstring(html)
    return {
        tr.get("data-element"): [
            int(td.text_content().replace(",", "")) for td in tr.findall("td")[1:]
        ]
        for tr in doc.get_element_by_id("annual-table").iter("tr")
        if tr.get("data-element") is not None
    }


def checked(html, name):
    """Return the value of the checked radio button of that name."""
    doc = lxml.html.fromstring(html)
    return [
        i.get("value")
        for i in doc.iter("input")
        if i.get("name") == name and i.get("checked") is not None
    ]


def choose(app, profile):
    with app.app_context():
        db.session.merge(ReportingSettings(id=1, profile=profile))
        db.session.commit()


def test_pls_counts_follow_the_agency_rules(client, login_as, year):
    login_as("coordinator")
    html = client.get("/annual-statistics?year=2027").get_data(as_text=True)
    found = {k: v[0] for k, v in elements(html).items()}
    # each session is a program: the series of 8 counts 8; one program per audience
    assert found["604"] == 8 + 1  # the series and the community-venue session (adults)
    assert found["605"] == 1 and found["603"] == 1 and found["601"] == found["602"] == 0
    assert found["600"] == 11
    # by format: the hybrid session counts once, in person, on site
    assert (found["606"], found["607"], found["608"], found["609"]) == (9, 1, 1, 11)
    # attendance: 10 in the room + 5 online = 15 by audience; 10 onsite, 5 live virtual
    assert found["615"] == 15
    assert found["614"] == 96 + 9 and found["613"] == 7
    assert found["610"] == 96 + 15 + 7 + 9
    assert found["616"] == 96 + 10 and found["617"] == 9 and found["618"] == 5 + 7
    assert found["619"] == found["610"]
    # recordings count once each with their views in the first 30 days, in the year posted
    assert (found["620"], found["630"]) == (1, 40)
    doc = lxml.html.fromstring(html)
    checks = doc.get_element_by_id("checks").findall("li")
    assert [li.get("data-ok") for li in checks] == ["yes", "yes"]
    assert "600" in checks[0].text_content() and "609" in checks[0].text_content()
    excluded = doc.get_element_by_id("excluded").text_content()
    assert "Book a librarian" in excluded and "2 sessions" in excluded
    assert "Take-home kit" in excluded and "Draft idea" not in html


def test_a_failing_cross_check_names_the_session_that_breaks_it(clean_app, client, login_as, year):
    with clean_app.app_context():
        report = db.session.scalar(
            db.select(OccurrenceReport).join(Occurrence).where(Occurrence.program_id == year.hybrid)
        )
        report.headcount, report.online_headcount = 3, 5  # 5 online of 3: impossible
        db.session.commit()
    login_as("coordinator")
    html = client.get("/annual-statistics?year=2027").get_data(as_text=True)
    doc = lxml.html.fromstring(html)
    programs, attendance = doc.get_element_by_id("checks").findall("li")
    assert programs.get("data-ok") == "yes" and attendance.get("data-ok") == "no"
    assert "Family history" in attendance.text_content()
    assert "5 online but a headcount of 3" in attendance.text_content()


def test_provincial_profile_maps_categories_and_lists_the_unmapped(
    clean_app, client, login_as, year
):
    choose(clean_app, "provincial")
    login_as("coordinator")
    html = client.get("/annual-statistics?year=2027").get_data(as_text=True)
    found = elements(html)
    assert found["2"] == [1, 7]  # careers: the teens' coding (job & career)
    assert found["3"] == [8, 96]  # technology: the series
    assert found["8"] == [1, 9]  # hobbies and recreation
    doc = lxml.html.fromstring(html)
    unmapped = doc.get_element_by_id("unmapped").text_content()
    assert "Family history" in unmapped and "1 session" in unmapped
    assert "attendance 15" in unmapped
    rows = {tr.findall("th")[0].text_content(): tr for tr in doc.iter("tr") if tr.findall("th")}
    total = [int(td.text_content()) for td in rows["All programs"].findall("td")[1:]]
    assert total == [11, 127]
    assert doc.get_element_by_id("checks").find("li").get("data-ok") == "no"


def test_a_target_group_maps_a_program_to_its_category(clean_app, client, login_as, year):
    with clean_app.app_context():
        group = TargetGroup(name="Newcomers to Canada")
        db.session.add(group)
        db.session.flush()
        db.session.add(ProgramTargetGroup(program_id=year.hybrid, target_group_id=group.id))
        db.session.commit()
    choose(clean_app, "provincial")
    login_as("coordinator")
    html = client.get("/annual-statistics?year=2027").get_data(as_text=True)
    assert elements(html)["1"] == [1, 15]
    assert "unmapped" not in html


def test_the_workbook_has_the_page_layout_and_the_csv_is_safe(clean_app, client, login_as, year):
    with clean_app.app_context():
        kit = db.session.scalar(
            db.select(ProgramCounting).where(ProgramCounting.activity == ActivityKind.SELF_DIRECTED)
        )
        kit.program.title = HOSTILE
        db.session.commit()
    login_as("coordinator")
    response = client.get("/annual-statistics.xlsx?year=2027")
    assert 'filename="annual-statistics-pls-2027.xlsx"' in response.headers["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.data)).active
    assert sheet["A1"].value == (
        "Public Library — annual statistics, January 1, 2027 – December 31, 2027"
    )
    assert sheet["A3"].value == "Period: January 1, 2027 – December 31, 2027"
    assert [c.value for c in sheet[4]][:3] == ["Element", "Label", "Count"]
    table = {r[0]: r[2] for r in sheet.iter_rows(min_row=5, max_row=26, values_only=True)}
    assert table["600"] == 11 and table["615"] == 15 and table["616"] == 106 and table["630"] == 40
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    texts = [str(c.value) for c in cells]
    assert any("Programs: total by audience (600) = total by format (609)" in t for t in texts)
    hostile = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert len(hostile) == 1 and hostile[0].data_type == "s" and "\x07" not in hostile[0].value
    response = client.get("/annual-statistics.csv?year=2027")
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Period: January 1, 2027 – December 31, 2027"]
    assert rows[1] == ["Element", "Label", "Count"]
    assert ["610", "Total attendance at synchronous programs (611 to 615)", "127"] in rows
    assert audit_actions(clean_app)[-2:] == ["annual_statistics_exported"] * 2


def test_csv_cells_never_start_a_formula():
    from program_planner.reports.annual.files import csv_safe

    assert csv_safe("=1+1") == "'=1+1" and csv_safe("-2") == "'-2" and csv_safe("@x") == "'@x"
    assert csv_safe(-2) == -2 and csv_safe("Seniors\x07") == "Seniors"


def test_a_year_without_sessions_says_so_and_offers_no_download(client, login_as, year):
    login_as("coordinator")
    html = client.get("/annual-statistics?year=2025").get_data(as_text=True)
    assert "nothing to report for that period" in html and "annual-statistics.csv" not in html
    for suffix in ("xlsx", "csv"):
        response = client.get(f"/annual-statistics.{suffix}?year=2025")
        assert response.status_code == 302 and "year=2025" in response.headers["Location"]


@pytest.mark.parametrize("bad", ["abc", "20190", "-1"])
def test_an_invalid_year_is_refused_with_a_message(client, login_as, year, bad):
    login_as("coordinator")
    response = client.get(f"/annual-statistics?year={bad}")
    assert response.status_code == 200
    assert "That year is not valid" in response.get_data(as_text=True)


def test_statements_do_not_grow_with_programs(clean_app, client, login_as, make_user, branch, year):
    login_as("coordinator")
    for profile in ("pls", "provincial"):
        choose(clean_app, profile)
        client.get("/annual-statistics?year=2027")  # brings the stored cells up to date
        few = count_statements(clean_app, client, "/annual-statistics?year=2027")
        with clean_app.app_context():
            owner = make_user("programmer").id
            for n in range(20):
                made = program(
                    owner, branch, f"More {profile} {n}", kind=ProgramType.LIFELONG_LEARNING
                )
                session(made.id, date(2027, 9, 1), 5)
            db.session.commit()
        refresh = count_statements(clean_app, client, "/annual-statistics?year=2027")
        assert refresh < 60  # the 20 programs' month recomputed in a fixed number of statements
        assert count_statements(clean_app, client, "/annual-statistics?year=2027") == few


def test_the_page_in_french(client, login_as, year):
    login_as("coordinator")
    client.post("/language", data={"lang": "fr"})
    html = client.get("/annual-statistics?year=2027").get_data(as_text=True)
    assert "Statistiques annuelles 2027" in html
    assert "Contrôles de cohérence" in html and "Public principal" not in html
    assert "Participation aux programmes pour adultes de 19 ans et plus" in html


def test_the_admin_chooses_the_profile(clean_app, client, login_as):
    login_as("admin")
    page = client.get("/admin/settings").get_data(as_text=True)
    assert checked(page, "profile") == ["pls"]
    response = client.post("/admin/settings", data={"profile": "provincial", "version": "0"})
    assert response.status_code == 302
    assert query(clean_app, db.select(ReportingSettings.profile)) == ["provincial"]
    assert audit_actions(clean_app)[-1] == "settings_changed"
    stale = client.post("/admin/settings", data={"profile": "pls", "version": "0"})
    assert stale.status_code == 422 and "Someone else saved the settings" in stale.get_data(
        as_text=True
    )
    assert query(clean_app, db.select(ReportingSettings.profile)) == ["provincial"]
    refused = client.post("/admin/settings", data={"profile": "nowhere", "version": "1"})
    assert refused.status_code == 422


def test_a_program_is_given_its_audience_and_kind(clean_app, client, login_as, make_user, branch):
    me = login_as("programmer")
    with clean_app.app_context():
        made = program(me.id, branch, "Mine", status=Status.DRAFT)
        db.session.commit()
        pid = made.id
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert "Adults (19 and over)" in page and f"/programs/{pid}/annual-counting" in page
    response = client.post(
        f"/programs/{pid}/annual-counting",
        data={"audience": "general", "activity": "program", "version": "0"},
    )
    assert response.status_code == 302
    row = query(clean_app, db.select(ProgramCounting.audience, ProgramCounting.version))
    assert row == [(Audience.GENERAL, 1)] or [tuple(r) for r in row] == [(Audience.GENERAL, 1)]
    stale = client.post(
        f"/programs/{pid}/annual-counting",
        data={"audience": "young_adult", "activity": "program", "version": "0"},
    )
    assert stale.status_code == 422
    assert checked(stale.get_data(as_text=True), "audience") == ["young_adult"]


def test_a_recording_is_added_with_its_views(clean_app, client, login_as, branch):
    me = login_as("programmer")
    with clean_app.app_context():
        pid = program(me.id, branch, "Mine", status=Status.DRAFT).id
        db.session.commit()
    response = client.post(
        f"/programs/{pid}/recordings/new",
        data={"title": "Talk", "posted_on": "2027-03-14", "views_30_days": "1,250"},
    )
    assert response.status_code == 302
    assert [
        tuple(r)
        for r in query(
            clean_app, db.select(Recording.title, Recording.posted_on, Recording.views_30_days)
        )
    ] == [("Talk", date(2027, 3, 14), 1250)]
    bad = client.post(f"/programs/{pid}/recordings/new", data={"title": "Talk", "posted_on": "x"})
    assert 'value="Talk"' in bad.get_data(as_text=True)
    assert 'id="form-has-errors"' in bad.get_data(as_text=True)


def test_a_hybrid_session_report_counts_the_room_and_online_apart(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    with clean_app.app_context():
        made = program(me.id, branch, "Hybrid", DeliveryMode.HYBRID, status=Status.SCHEDULED)
        occurrence = session(made.id, date(2026, 1, 5))
        db.session.commit()
        oid = occurrence.id
        made_id = made.id
    page = client.get(f"/occurrences/{oid}/report").get_data(as_text=True)
    assert "In the room" in page and 'name="online_headcount"' in page
    response = client.post(
        f"/occurrences/{oid}/report",
        data={"headcount": "10", "online_headcount": "5", "first_time_count": "12", "version": ""},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    saved = query(
        clean_app, db.select(OccurrenceReport.headcount, OccurrenceReport.online_headcount)
    )
    assert [tuple(r) for r in saved] == [(15, 5)]
    again = lxml.html.fromstring(client.get(f"/occurrences/{oid}/report").get_data(as_text=True))
    assert again.get_element_by_id("headcount").get("value") == "10"
    assert again.get_element_by_id("online_headcount").get("value") == "5"
    program_page = client.get(f"/programs/{made_id}").get_data(as_text=True)
    assert "of whom 5 online" in program_page


def test_a_session_that_is_not_hybrid_asks_one_headcount(clean_app, client, login_as, branch):
    me = login_as("programmer")
    with clean_app.app_context():
        made = program(me.id, branch, "In branch", status=Status.SCHEDULED)
        oid = session(made.id, date(2026, 1, 5)).id
        db.session.commit()
    page = client.get(f"/occurrences/{oid}/report").get_data(as_text=True)
    assert 'name="online_headcount"' not in page and "Headcount" in page
