"""Cost per attendee: one definition, the same figure on the report page, dashboard and workbook."""

import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import lxml.html
import openpyxl
import pytest

from program_planner.evaluation.models import OccurrenceReport
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import BudgetCategory, BudgetLine, FundingSource
from program_planner.programs.models import Status
from program_planner.reports.cost import cost_per_attendee
from tests.factories import make_program


@pytest.mark.parametrize(
    ("actual", "attendance", "expected"),
    [
        (Decimal("300"), 30, Decimal("10.00")),  # the worked example: 300 ÷ (10 + 20)
        (Decimal("100"), 3, Decimal("33.33")),
        (Decimal("200"), 3, Decimal("66.67")),  # to the cent, half up
        (Decimal("0"), 30, Decimal("0.00")),  # recorded as free: it cost nothing
        (300.0, 30, Decimal("10.00")),  # the dashboard's sums arrive as floats
        (None, 30, None),  # no actual spending recorded: not enough data
        (Decimal("300"), 0, None),  # no headcount recorded: not enough data
        (None, 0, None),
    ],
)
def test_the_definition(actual, attendance, expected):
    assert cost_per_attendee(actual, attendance) == expected


def build(owner_id, branch_id, headcounts=(10, 20, None), actual=("300.00",)):
    """A delivered program: a session per headcount (None: no report), one budget line per actual.

    Every line also has a planned amount, which the cost per attendee never uses.
    """
    program = make_program(owner_id, branch_id, status=Status.DELIVERED)
    start = datetime(2027, 3, 3, 18, tzinfo=UTC)
    for i, headcount in enumerate(headcounts):
        occurrence = Occurrence(
            program_id=program.id,
            starts_at=start + timedelta(days=7 * i),
            ends_at=start + timedelta(days=7 * i, hours=1),
            expected_attendance=30,
        )
        db.session.add(occurrence)
        db.session.flush()
        if headcount is not None:
            db.session.add(
                OccurrenceReport(
                    occurrence_id=occurrence.id, headcount=headcount, first_time_count=0
                )
            )
    for amount in actual:
        db.session.add(
            BudgetLine(
                program_id=program.id,
                category=BudgetCategory.MATERIALS,
                funding_source=FundingSource.OPERATING,
                planned=Decimal("700.00"),
                actual=Decimal(amount) if amount is not None else None,
            )
        )
    db.session.commit()
    return program.id


def text_of(node) -> str:
    return re.sub(r"\s+", " ", node.text_content()).strip()


def report_figures(client, pid, language="en") -> tuple[str, str]:
    """Return the report's cost tile and the sentence under its budget table."""
    response = client.get(f"/programs/{pid}/report", headers={"Accept-Language": language})
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    return text_of(doc.get_element_by_id("kpi-cost")), text_of(
        doc.get_element_by_id("cost-per-attendee")
    )


def dashboard_figure(client) -> str:
    response = client.get("/dashboard")
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    return text_of(doc.get_element_by_id("figure-cost").find_class("figure-value")[0])


def workbook_figure(client, pid):
    response = client.post(f"/programs/{pid}/export")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.get_data()))["Summary"]
    header = [c.value for c in ws[1]]
    return ws.cell(2, header.index("Cost per attendee") + 1).value


def test_three_sessions_two_headcounts_the_same_figure_everywhere(
    clean_app, client, login_as, make_user, branch
):
    owner = make_user("programmer")
    with clean_app.app_context():
        pid = build(owner.id, branch)
    login_as("coordinator")
    tile, sentence = report_figures(client, pid)
    assert re.fullmatch(r"[A-Z]*\$10\.00", tile)  # 300 ÷ (10 + 20), not 700 planned ÷ anything
    assert "$10.00" in sentence and "÷ 30 attendees" in sentence
    assert re.fullmatch(r"[A-Z]*\$10\.00", dashboard_figure(client))
    assert workbook_figure(client, pid) == 10


def test_no_actual_spending_is_not_enough_data(clean_app, client, login_as, make_user, branch):
    owner = make_user("programmer")
    with clean_app.app_context():
        pid = build(owner.id, branch, actual=(None,))  # planned 700, nothing spent recorded
    login_as("coordinator")
    tile, sentence = report_figures(client, pid)
    assert tile == "not enough data"
    assert "not enough data" in sentence and "no actual spending recorded yet" in sentence
    assert "$" not in sentence
    assert dashboard_figure(client) == "not enough data"
    assert workbook_figure(client, pid) is None


def test_no_headcount_is_not_enough_data(clean_app, client, login_as, make_user, branch):
    owner = make_user("programmer")
    with clean_app.app_context():
        pid = build(owner.id, branch, headcounts=(None, None, None))
    login_as("coordinator")
    tile, sentence = report_figures(client, pid)
    assert tile == "not enough data"
    assert "no headcount recorded yet" in sentence
    assert dashboard_figure(client) == "not enough data"
    assert workbook_figure(client, pid) is None


def test_in_french(clean_app, client, login_as, make_user, branch):
    owner = make_user("programmer")
    with clean_app.app_context():
        pid = build(owner.id, branch, actual=(None,))
    login_as("coordinator")
    tile, sentence = report_figures(client, pid, "fr")
    assert tile == "données insuffisantes"
    assert "aucune dépense réelle inscrite pour l'instant" in sentence
