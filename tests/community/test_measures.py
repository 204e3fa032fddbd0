"""Engagement measures: the figures, their definitions, the Excel download, statement counts."""

import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import sqlalchemy as sa

from program_planner.community.models import NeedChange, NeedPriority, ProgramNeed
from program_planner.evaluation.models import OccurrenceReport
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import Status
from tests.community.factories import make_consultation, make_need
from tests.conftest import count_statements
from tests.factories import make_program

HOSTILE_GROUP = '=HYPERLINK("http://x.example","x")'


def seed(app, owner_id, branch, n=1):
    """n rounds of: two consultations, a delivered program with first-timers, needs."""
    today = date.today()
    with app.app_context():
        group = db.session.scalar(sa.select(TargetGroup).where(TargetGroup.name == HOSTILE_GROUP))
        if group is None:
            group = TargetGroup(name=HOSTILE_GROUP)
            db.session.add(group)
            db.session.flush()
        for i in range(n):
            make_consultation(
                owner_id, branch, held_on=today - timedelta(days=10), reach=[(group.id, 5)]
            )
            make_consultation(
                owner_id,
                branch,
                held_on=today - timedelta(days=20),
                people_total=10,
                library_users=10,
                non_users=0,
            )
            make_consultation(owner_id, branch, held_on=today - timedelta(days=800))  # outside
            program = make_program(owner_id, branch, status=Status.DELIVERED, title=f"P{i}")
            db.session.add(ProgramTargetGroup(program_id=program.id, target_group_id=group.id))
            start = datetime.now(UTC) - timedelta(days=5)
            occurrence = Occurrence(
                program_id=program.id,
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                expected_attendance=10,
                capacity=20,
            )
            db.session.add(occurrence)
            db.session.flush()
            db.session.add(
                OccurrenceReport(occurrence_id=occurrence.id, headcount=12, first_time_count=4)
            )
            high = make_need(owner_id, branch, statement=f"High {i}", priority=NeedPriority.HIGH)
            make_need(owner_id, branch, statement=f"High open {i}", priority=NeedPriority.HIGH)
            db.session.add(ProgramNeed(program_id=program.id, need_id=high.id))
            db.session.add(
                NeedChange(
                    need_id=high.id,
                    field="status",
                    from_value="identified",
                    to_value="being_addressed",
                )
            )
        db.session.commit()


def test_measures_page_shows_figures_with_definitions(clean_app, client, login_as, branch):
    me = login_as("coordinator")
    seed(clean_app, me.id, branch)
    page = client.get("/engagement").get_data(as_text=True)
    assert "People consulted" in page and "People reached by consultations held" in page
    assert 'data-measure="people_consulted"' in page
    row = page.split('data-measure="people_consulted"')[1].split("</tr>")[0]
    assert ">40<" in row  # 30 + 10; the consultation of two years ago is outside the period
    row = page.split('data-measure="non_users"')[1].split("</tr>")[0]
    assert ">12<" in row
    row = page.split('data-measure="first_time"')[1].split("</tr>")[0]
    assert ">4<" in row
    row = page.split('data-measure="needs_addressed"')[1].split("</tr>")[0]
    assert ">1<" in row
    row = page.split('data-measure="high_priority_delivered"')[1].split("</tr>")[0]
    assert "50" in row and "(1/2)" in row
    assert "Central Library" in page
    old = client.get(
        f"/engagement?start={(date.today() - timedelta(days=900)).isoformat()}&branch={branch}"
    ).get_data(as_text=True)
    row = old.split('data-measure="people_consulted"')[1].split("</tr>")[0]
    assert ">70<" in row
    bad = client.get("/engagement?start=not-a-date&branch=abc")
    assert bad.status_code == 200


def test_measures_download_is_a_workbook_of_text_and_numbers(clean_app, client, login_as, branch):
    me = login_as("coordinator")
    seed(clean_app, me.id, branch)
    response = client.post("/engagement.xlsx", data={"start": "", "end": "", "branch": ""})
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    wb = openpyxl.load_workbook(io.BytesIO(response.data))
    measures = wb.worksheets[0]
    values = {row[0]: row[1] for row in measures.iter_rows(min_row=2, values_only=True)}
    assert values["People consulted"] == 40
    assert values["Non-users reached"] == 12
    assert abs(values["High-priority needs with a delivered program"] - 0.5) < 1e-9
    by_group = wb["First-time by group"]
    cell = by_group.cell(row=2, column=1)
    assert cell.value == HOSTILE_GROUP and cell.data_type == "s"  # text, never a formula
    assert by_group.cell(row=2, column=2).value == 4


def test_measures_statement_count_is_constant(clean_app, client, login_as, branch):
    me = login_as("coordinator")
    seed(clean_app, me.id, branch, n=1)
    few = count_statements(clean_app, client, "/engagement")
    seed(clean_app, me.id, branch, n=5)
    assert count_statements(clean_app, client, "/engagement") == few


def test_measures_are_for_reviewers(clean_app, client, login_as):
    login_as("programmer")
    assert client.get("/engagement").status_code == 403
    assert client.post("/engagement.xlsx").status_code == 403


def test_first_timers_by_group_are_named_in_the_readers_language(
    clean_app, client, login_as, branch
):
    me = login_as("coordinator")
    seed(clean_app, me.id, branch)
    with clean_app.app_context():
        group = db.session.scalar(sa.select(TargetGroup).where(TargetGroup.name == HOSTILE_GROUP))
        group.name_fr = "Aînés"
        db.session.commit()
    english = client.get("/engagement").get_data(as_text=True)
    assert "HYPERLINK" in english and "Aînés" not in english
    client.post("/language", data={"lang": "fr", "next": "/"})
    french = client.get("/engagement").get_data(as_text=True)
    assert "Aînés" in french and "HYPERLINK" not in french
    data = {"start": "", "end": "", "branch": ""}
    workbook = openpyxl.load_workbook(io.BytesIO(client.post("/engagement.xlsx", data=data).data))
    cells = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert "Aînés" in cells
