"""Annual statistics through HTTP: the counts by audience and delivery mode, and the workbook."""

from io import BytesIO

import lxml.html
import pytest
from openpyxl import load_workbook

from tests.conftest import audit_actions, count_statements
from tests.reports.test_dashboard import add_programs
from tests.reports.test_dashboard_data import build_portfolio

HOSTILE = '=HYPERLINK("http://evil.example","x")\x07 seniors'


@pytest.fixture
def system(clean_app, make_user, branch):
    owner = make_user("programmer")
    return build_portfolio(clean_app, owner.id, branch)


def rows(html, table_id):
    doc = lxml.html.fromstring(html)
    found = {}
    for tr in doc.get_element_by_id(table_id).iter("tr"):
        if tr.getparent().tag == "tbody":
            found[tr.find("th").text_content().strip()] = [
                int(td.text_content().replace(",", "")) for td in tr.findall("td")
            ]
    return found


@pytest.mark.parametrize(
    ("role", "status"),
    [("programmer", 403), ("frontline", 403), ("coordinator", 200), ("admin", 200)],
)
def test_who_sees_the_annual_statistics(client, login_as, system, role, status):
    login_as(role)
    assert client.get("/annual-statistics?year=2019").status_code == status
    assert client.get("/annual-statistics.xlsx?year=2019").status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in ("/annual-statistics", "/annual-statistics.xlsx?year=2019"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_counts_by_audience_and_delivery_mode(client, login_as, system):
    login_as("coordinator")
    html = client.get("/annual-statistics?year=2019").get_data(as_text=True)
    audience = rows(html, "annual-audience")
    # the draft (99) and the cancelled program (77) are left out
    assert audience == {
        "All adults": [2, 3, 42],
        "Newcomers": [1, 1, 12],
        "People with disabilities": [1, 2, 30],
        "Seniors (65+)": [2, 3, 42],
    }
    assert list(audience)[0] == "All adults"
    modes = rows(html, "annual-mode")
    assert modes == {
        "In person, on site": [1, 2, 30],
        "In person, off site": [0, 0, 0],
        "Live online": [1, 1, 12],
        "Recorded": [0, 0, 0],
    }
    assert "Hybrid programs (in branch and online) count as in person, on site." in html
    assert 'href="/annual-statistics.xlsx?year=2019"' in html


def test_hybrid_and_homebound_follow_the_agency_categories(client, login_as, system, clean_app):
    from program_planner.extensions import db
    from program_planner.programs.models import DeliveryMode, Program

    with clean_app.app_context():
        db.session.get(Program, system.p1).delivery_mode = DeliveryMode.HYBRID
        db.session.get(Program, system.p2).delivery_mode = DeliveryMode.HOMEBOUND
        db.session.commit()
    login_as("coordinator")
    modes = rows(client.get("/annual-statistics?year=2019").get_data(as_text=True), "annual-mode")
    assert modes["In person, on site"] == [1, 2, 30]
    assert modes["In person, off site"] == [1, 1, 12]
    assert modes["Live online"] == [0, 0, 0]


def test_a_year_without_sessions_says_so_and_offers_no_download(client, login_as, system):
    login_as("coordinator")
    html = client.get("/annual-statistics?year=2018").get_data(as_text=True)
    assert "nothing to report for that year" in html
    assert "annual-statistics.xlsx" not in html
    response = client.get("/annual-statistics.xlsx?year=2018")
    assert response.status_code == 302 and "year=2018" in response.headers["Location"]
    assert "annual_statistics_exported" not in audit_actions(client.application)


@pytest.mark.parametrize("year", ["abc", "20190", "-1"])
def test_an_invalid_year_is_refused_with_a_message(client, login_as, system, year):
    login_as("coordinator")
    response = client.get(f"/annual-statistics?year={year}")
    assert response.status_code == 200
    assert "That year is not valid" in response.get_data(as_text=True)


def test_the_year_selector_offers_the_years_with_sessions(client, login_as, system):
    login_as("coordinator")
    doc = lxml.html.fromstring(client.get("/annual-statistics?year=2019").get_data(as_text=True))
    years = [int(o.get("value")) for o in doc.get_element_by_id("year").iter("option")]
    assert 2019 in years and years == sorted(years, reverse=True)


def test_the_workbook_holds_the_tables(client, login_as, system):
    login_as("coordinator")
    response = client.get("/annual-statistics.xlsx?year=2019")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert 'filename="annual-statistics-2019.xlsx"' in response.headers["Content-Disposition"]
    book = load_workbook(BytesIO(response.data))
    assert book.sheetnames == ["By audience", "By delivery mode"]
    sheet = book["By audience"]
    assert sheet["A1"].value == "Public Library — program statistics 2019"
    assert [c.value for c in sheet[3]] == ["Audience", "Programs", "Sessions", "Attendance"]
    assert sheet["A3"].font.bold and sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:D7"
    table = {r[0]: list(r[1:]) for r in sheet.iter_rows(min_row=4, max_row=7, values_only=True)}
    assert table["All adults"] == [2, 3, 42]
    assert table["Seniors (65+)"] == [2, 3, 42]
    assert sheet["B4"].number_format == "#,##0"
    assert sheet.column_dimensions["A"].width >= 24
    modes = book["By delivery mode"]
    table = {r[0]: list(r[1:]) for r in modes.iter_rows(min_row=4, max_row=7, values_only=True)}
    assert table == {
        "In person, on site": [1, 2, 30],
        "In person, off site": [0, 0, 0],
        "Live online": [1, 1, 12],
        "Recorded": [0, 0, 0],
    }
    notes = [modes.cell(row=r, column=1).value for r in range(9, 12)]
    assert "Hybrid programs (in branch and online) count as in person, on site." in notes
    assert audit_actions(client.application)[-1] == "annual_statistics_exported"


def test_hostile_group_names_stay_text_in_the_workbook(
    clean_app, client, login_as, make_user, branch
):
    owner = make_user("programmer")
    build_portfolio(clean_app, owner.id, branch, seniors_name=HOSTILE)
    login_as("coordinator")
    book = load_workbook(BytesIO(client.get("/annual-statistics.xlsx?year=2019").data))
    cells = [c for row in book["By audience"].iter_rows() for c in row if c.value]
    hostile = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert len(hostile) == 1
    assert hostile[0].data_type == "s"
    assert hostile[0].value == HOSTILE.replace("\x07", "")


def test_statements_do_not_grow_with_programs(clean_app, client, login_as, system):
    me = login_as("coordinator")
    add_programs(clean_app, me.id, system.central, system.seniors, 5)
    few = count_statements(clean_app, client, "/annual-statistics?year=2019")
    add_programs(clean_app, me.id, system.central, system.newcomers, 45)
    assert count_statements(clean_app, client, "/annual-statistics?year=2019") == few
