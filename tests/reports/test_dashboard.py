"""The portfolio dashboard through HTTP: figures worked by hand, filters, coverage, statements."""

import lxml.html
import pytest

from program_planner.extensions import db
from program_planner.programs.models import Status
from tests.conftest import count_statements
from tests.reports.test_dashboard_data import add_session, build_portfolio


@pytest.fixture
def system(clean_app, make_user, branch):
    owner = make_user("programmer")
    return build_portfolio(clean_app, owner.id, branch)


def page(client, url="/dashboard"):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.get_data(as_text=True))


def figure(doc, key):
    """Return the value of a headline figure."""
    return doc.get_element_by_id(f"figure-{key}").find_class("figure-value")[0].text_content()


def table(doc, table_id):
    """Return {row header: [cell texts]} of a table."""
    rows = {}
    for tr in doc.get_element_by_id(table_id).iter("tr"):
        th = tr.find("th")
        if th is None or tr.getparent().tag == "thead":
            continue
        rows[th.text_content().strip()] = [td.text_content().strip() for td in tr.findall("td")]
    return rows


@pytest.mark.parametrize(
    ("role", "status"),
    [("programmer", 403), ("frontline", 403), ("coordinator", 200), ("admin", 200)],
)
def test_who_sees_the_dashboard(client, login_as, role, status):
    login_as(role)
    assert client.get("/dashboard").status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_headline_figures_match_the_hand_worked_system(client, login_as, system):
    login_as("coordinator")
    doc = page(client)
    assert figure(doc, "programs") == "2"  # P1 and P2: the draft and the cancelled one left out
    assert figure(doc, "sessions") == "3"
    assert figure(doc, "attendance") == "42"  # 10 + 20 + 12 (not 99 nor 77)
    assert figure(doc, "first-time") == "22"
    assert figure(doc, "objectives") == "1 of 2"  # P1 attendance met, P2 not met
    note = doc.get_element_by_id("figure-objectives").text_content()
    assert "1 more without enough evidence" in note
    assert figure(doc, "satisfaction") == "4 / 5"  # (5 + 4 + 3) / 3
    assert (
        "67 % rated 4 or 5, of 3 answers"
        in doc.get_element_by_id("figure-satisfaction").text_content()
    )
    assert "5.00" in figure(doc, "cost")  # 150 ÷ 30: P2 has no actual cost, so it is left out
    assert figure(doc, "consulted") == "0"  # no consultation or community survey yet
    assert (
        "4 evaluation responses and 1 debriefs"
        in doc.get_element_by_id("figure-consulted").text_content()
    )
    assert figure(doc, "new-programs") == "4"  # every status, no period chosen
    assert "Drafts" in doc.get_element_by_id("scope-note").text_content()


def test_breakdowns_have_a_chart_and_a_table(client, login_as, system):
    login_as("coordinator")
    doc = page(client)
    branches = table(doc, "table-branch")
    assert branches["Central Library"][:4] == ["1", "2", "30", "10"]
    assert branches["Central Library"][4] == "1 of 1"
    assert "5.00" in branches["Central Library"][7]
    assert branches["Eastside Branch"][:5] == ["1", "1", "12", "12", "0 of 1"]
    assert branches["Eastside Branch"][7] == "—"
    types = table(doc, "table-type")
    assert types["Digital literacy"][:3] == ["1", "2", "30"]
    assert types["Job & career"][:3] == ["1", "1", "12"]
    groups = table(doc, "table-group")
    assert groups["Seniors (65+)"][:3] == ["2", "3", "42"]  # both programs aim at seniors
    assert groups["Newcomers"][:3] == ["1", "1", "12"]
    assert "Youth" not in groups
    months = table(doc, "table-period")
    assert [v[2] for v in months.values()] == ["10", "20", "12"]  # March, April, May 2019
    assert list(months) == ["Mar 2019", "Apr 2019", "May 2019"]
    for key in ("branch", "type", "group", "period", "coverage"):
        svg = doc.get_element_by_id(f"chart-{key}")
        assert svg.tag == "svg" and svg.get("role") == "img"


def test_coverage_highlights_under_served_groups(client, login_as, system):
    login_as("coordinator")
    doc = page(client)
    rows = {
        tr.find("th").text_content().strip(): tr
        for tr in doc.get_element_by_id("coverage-table").iter("tr")
        if tr.getparent().tag == "tbody"
    }
    cells = {
        name: [td.text_content().strip() for td in tr.findall("td")] for name, tr in rows.items()
    }
    assert cells["Seniors (65+)"][:4] == ["2", "120", "42", "1,000"]
    assert cells["Seniors (65+)"][4] == "12 %"
    assert cells["Newcomers"][4] == "2.5 %"
    assert cells["People with disabilities"][4] == "0.1 %"
    assert cells["Youth"][0] == "0"  # the draft aiming at youth does not count
    # median of 12 %, 2.5 %, 0.1 % is 2.5 %: below 1.25 % is under-served, and so is no program
    under = {name for name, tr in rows.items() if "under-served" in (tr.get("class") or "")}
    assert under == {"Youth", "People with disabilities"}
    assert "half the median" in doc.get_element_by_id("under-served-rule").text_content()


@pytest.mark.parametrize(
    ("query", "programs", "attendance"),
    [
        ("branch={east}", "1", "12"),
        ("program_type=digital_literacy", "1", "30"),
        ("target_group={newcomers}", "1", "12"),
        ("target_group={seniors}", "2", "42"),
        ("fiscal_year=2020", "1", "12"),
        ("date_from=2019-04-01&date_to=2019-04-30", "1", "20"),
        ("date_from=2019-04-01", "2", "32"),
        ("date_to=2019-03-31", "1", "10"),
        ("branch={central}&date_from=2019-04-01", "1", "20"),
        ("target_group={seniors}&program_type=job_career", "1", "12"),
    ],
)
def test_filters_narrow_the_figures(client, login_as, system, query, programs, attendance):
    login_as("coordinator")
    doc = page(client, "/dashboard?" + query.format(**vars(system)))
    assert figure(doc, "programs") == programs
    assert figure(doc, "attendance") == attendance


def test_period_counts_new_programs_created_in_it(client, login_as, system):
    login_as("coordinator")
    doc = page(client, "/dashboard?date_from=2019-03-01&date_to=2019-12-31")
    assert figure(doc, "new-programs") == "0"  # all four were created today, not in 2019


def test_filters_with_no_result_say_so(client, login_as, system):
    login_as("coordinator")
    html = client.get(f"/dashboard?branch={system.east}&program_type=digital_literacy").get_data(
        as_text=True
    )
    assert "No program matches these filters." in html
    assert 'id="totals"' not in html and "chart-branch" not in html
    html = client.get("/dashboard?date_from=2030-01-01").get_data(as_text=True)
    assert "No program matches these filters." in html


def test_an_empty_library_gets_a_message(client, login_as):
    login_as("coordinator")
    html = client.get("/dashboard").get_data(as_text=True)
    assert "No approved program yet" in html


@pytest.mark.parametrize(
    "query",
    ["branch=999", "branch=abc", "program_type=astrology", "target_group=x", "fiscal_year=1"],
)
def test_invalid_filters_are_shown_and_ignored(client, login_as, system, query):
    login_as("coordinator")
    doc = page(client, "/dashboard?" + query)
    assert figure(doc, "programs") == "2"
    assert "This filter was ignored." in doc.text_content()


def test_an_inverted_period_is_refused(client, login_as, system):
    login_as("coordinator")
    doc = page(client, "/dashboard?date_from=2019-05-01&date_to=2019-04-01")
    assert "The end of the period is before its start." in doc.text_content()
    assert figure(doc, "programs") == "1"  # the start is kept, the end ignored
    doc = page(client, "/dashboard?date_from=not-a-date")
    assert figure(doc, "programs") == "2"
    assert "This filter was ignored." in doc.text_content()


def test_user_text_is_escaped(client, login_as, clean_app, make_user, branch):
    owner = make_user("programmer")
    build_portfolio(clean_app, owner.id, branch, seniors_name="<script>alert(1)</script>")
    login_as("coordinator")
    html = client.get("/dashboard").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def add_programs(app, owner_id, branch_id, group_id, count):
    """Add count delivered programs with a session, a headcount, a budget and an objective."""
    from datetime import datetime

    from program_planner.planning.models import ProgramTargetGroup
    from tests.factories import add_objective
    from tests.reports.test_dashboard_data import add_budget, new_program

    with app.app_context():
        for i in range(count):
            program = new_program(
                owner_id, branch_id, status=Status.DELIVERED, title=f"Extra {i}", fiscal_year=2019
            )
            db.session.add(
                ProgramTargetGroup(
                    program_id=program.id, target_group_id=group_id, expected_reach=5
                )
            )
            add_session(program.id, datetime(2019, 1 + i % 12, 3), 7, 1)
            add_budget(program.id, 10, 9)
            add_objective(program.id)
        db.session.commit()


@pytest.mark.parametrize("query", ["", "?date_from=2019-01-01&date_to=2019-12-31&branch={central}"])
def test_statements_do_not_grow_with_programs(clean_app, client, login_as, system, query):
    me = login_as("coordinator")
    url = "/dashboard" + query.format(**vars(system))
    add_programs(clean_app, me.id, system.central, system.seniors, 5)
    assert count_statements(clean_app, client, url) < 70  # brings the programs up to date
    few = count_statements(clean_app, client, url)
    add_programs(clean_app, me.id, system.central, system.newcomers, 45)
    assert count_statements(clean_app, client, url) < 70  # 45 programs: as many statements
    assert count_statements(clean_app, client, url) == few
    assert few < 40
