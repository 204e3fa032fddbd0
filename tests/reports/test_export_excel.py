"""The Excel export through HTTP: sheets, formats, values, charts, permission, audit, names."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest
import sqlalchemy as sa

from program_planner.audit.models import AuditEvent
from program_planner.evaluation.models import Answer, Question, Response, ResponseKind
from program_planner.extensions import db
from program_planner.programs.models import Program, Status
from program_planner.reports.export.views import content_disposition
from tests.conftest import counting_statements, query, sign_in
from tests.factories import make_ready_program

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS = [
    "About this workbook",
    "Summary",
    "Objectives",
    "Sessions",
    "Budget",
    "Responses",
    "Comments",
    "Debriefs",
]


def demo_program_id(app):
    """Load the demo into an empty database; return the evaluated program's id."""
    from program_planner.demo import load_demo

    with app.app_context():
        assert load_demo()
        db.session.commit()
        return db.session.scalar(
            sa.select(Program.id).where(Program.title == "Computer basics for seniors")
        )


def sign_in_demo(app, client, username="coordinator"):
    """Sign in as a demo account; return its id."""
    from program_planner.auth.models import User
    from program_planner.demo import DEMO_ACCOUNTS

    password = next(p for u, p, *_rest in DEMO_ACCOUNTS if u == username)
    assert sign_in(client, username, password).status_code == 302
    return query(app, sa.select(User.id).where(User.username == username))[0]


def export(client, pid):
    response = client.post(f"/programs/{pid}/export")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == XLSX
    return response


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def rows(ws):
    """The sheet's table: its header and rows, up to the first blank row (charts data follow)."""
    table = []
    for row in ws.iter_rows(values_only=True):
        if all(v is None for v in row):
            break
        table.append(list(row))
    return table


def column(ws, header):
    headers = [c.value for c in ws[1]]
    index = headers.index(header)
    return [r[index] for r in rows(ws)[1:]]


def test_demo_program_workbook(clean_app, client):
    pid = demo_program_id(clean_app)
    user_id = sign_in_demo(clean_app, client)
    response = export(client, pid)
    wb = workbook(response)
    assert wb.sheetnames == SHEETS
    for name in SHEETS[1:]:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        last = ws.cell(1, len(rows(ws)[0])).column_letter
        assert ws.auto_filter.ref == f"A1:{last}{len(rows(ws))}", name
        assert all(c.font.bold for c in ws[1] if c.value), name
        assert ws.column_dimensions["A"].width >= 10

    summary = rows(wb["Summary"])
    assert summary[0][:3] == ["Program", "Branch", "Program type"]
    assert len(summary) == 2
    row = dict(zip(summary[0], summary[1], strict=True))
    n_responses = query(
        clean_app,
        sa.select(sa.func.count(Response.id)).where(
            Response.program_id == pid, Response.kind == ResponseKind.IMMEDIATE
        ),
    )[0]
    assert row["Program"] == "Computer basics for seniors"
    assert row["Status"] == "Evaluated"
    assert row["Sessions"] == 4
    assert row["Headcount"] == 45 and row["First-time attendees"] == 11
    assert row["Responses (immediate)"] == n_responses > 30
    assert row["Objectives"] == 3
    satisfaction = query(
        clean_app,
        sa.select(Answer.value_number)
        .join(Response, Answer.response_id == Response.id)
        .join(Question, Answer.question_id == Question.id)
        .where(
            Response.program_id == pid,
            Response.kind == ResponseKind.IMMEDIATE,
            Question.code == "satisfaction",
        ),
    )
    assert len(satisfaction) == 36 and sum(satisfaction) == 160  # the seeded demo's answers
    assert row["Satisfaction (mean of 5)"] == pytest.approx(160 / 36)
    assert row["Cost per attendee"] == round(row["Budget actual"] / 45, 2)  # reports.cost
    money = wb["Summary"].cell(2, summary[0].index("Budget planned") + 1)
    assert "#,##0.00" in money.number_format and "$" in money.number_format

    objectives = wb["Objectives"]
    verdicts = column(objectives, "Verdict")
    # confidence 23 of 36 agree (CI 48-78 %) against 80 %; phishing 30 of 36 (68-92 %)
    # against 75 %; reach 45 attendances against 40
    assert verdicts == ["Not met", "Not enough evidence", "Met"]
    share = objectives.cell(2, 7)
    assert share.number_format == "0.0%" and share.value == pytest.approx(23 / 36)

    sessions = wb["Sessions"]
    start = sessions.cell(2, 2)
    assert start.is_date and start.number_format == "yyyy-mm-dd hh:mm"
    assert start.value.tzinfo is None and start.value.hour == 10  # local time, not UTC
    assert column(sessions, "Headcount") == [12, 11, 10, 12]

    responses = wb["Responses"]
    header = [c.value for c in responses[1]]
    assert header[:7] == [
        "Response",
        "Program",
        "Session",
        "Submitted",
        "Kind",
        "Channel",
        "Language",
    ]
    assert "Overall, how satisfied are you with this program?" in header
    assert len(rows(responses)) == n_responses + 1
    heard = column(responses, "How did you hear about this program?")
    assert any("; " in v for v in heard if v)  # multiple choice joined
    assert set(column(responses, "Is this your first time at a library program?")) <= {"Yes", "No"}

    comments = column(wb["Comments"], "Comment")
    assert "Finally I can video call my grandchildren!" in comments
    assert wb["Comments"].cell(2, 4).number_format == "yyyy-mm-dd"
    debriefs = rows(wb["Debriefs"])
    assert any("Eastview Seniors' Centre volunteer lead" in r for r in debriefs)
    assert "Keep groups at 12 and book the lab a week earlier." in column(
        wb["Debriefs"], "Lessons learned"
    )

    parts = zipfile.ZipFile(io.BytesIO(response.get_data())).namelist()
    charts = [p for p in parts if p.startswith("xl/charts/chart")]
    assert len(charts) == 2
    chart_xml = b"".join(
        zipfile.ZipFile(io.BytesIO(response.get_data())).read(p) for p in charts
    ).decode()
    assert chart_xml.count("<barChart>") == 2
    plain = chart_xml.replace("'", "")
    assert "Objectives!$B$" in plain and "Sessions!$B$" in plain  # each under its data
    assert chart_xml.count('<c:min val="0"') + chart_xml.count('<min val="0"') == 2

    events = query(
        clean_app,
        sa.select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.object_id, AuditEvent.details),
    )
    assert ("export", user_id, pid) == events[-1][:3]
    assert events[-1][3]["programs"] == 1


def test_programmer_and_frontline_may_not_export(clean_app, client, login_as, make_user, branch):
    with clean_app.app_context():
        pid = make_ready_program(make_user("programmer").id, branch).id
        db.session.commit()
    login_as("programmer")
    assert client.post(f"/programs/{pid}/export").status_code == 403
    assert client.get("/export").status_code == 403
    assert client.post("/export").status_code == 403
    assert "export" not in query(clean_app, sa.select(AuditEvent.action))


def test_missing_program_is_404(clean_app, client, login_as):
    login_as("admin")
    assert client.post("/programs/999999/export").status_code == 404


def test_filtered_set_in_one_workbook(clean_app, client, login_as, make_user, branch):
    owner = make_user("programmer").id
    with clean_app.app_context():
        for title, year in (("Tax clinic", 2027), ("Seed library", 2027), ("Old one", 2026)):
            program = make_ready_program(owner, branch, status=Status.APPROVED, title=title)
            program.fiscal_year = year
        db.session.commit()
    login_as("coordinator")
    page = client.get("/export?fiscal_year=2027").get_data(as_text=True)
    assert "2 programs match these filters." in page
    assert 'name="fiscal_year" value="2027"' in page
    response = client.post("/export", data={"fiscal_year": "2027"})
    assert response.mimetype == XLSX
    titles = column(workbook(response)["Summary"], "Program")
    assert sorted(titles) == ["Seed library", "Tax clinic"]
    assert column(workbook(response)["Objectives"], "Verdict") == ["Not enough evidence"] * 2
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="program-planner-programs-')
    event = query(clean_app, sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))[0]
    assert event.action == "export" and event.details["programs"] == 2
    assert event.details["filters"]["fiscal_year"] == "2027"


def test_empty_selection_gets_a_message_not_a_file(clean_app, client, login_as, make_user, branch):
    with clean_app.app_context():
        make_ready_program(make_user("programmer").id, branch)
        db.session.commit()
    login_as("coordinator")
    response = client.post("/export", data={"q": "no program is called this"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Nothing was exported." in page and "No program matches these filters." in page
    assert 'value="no program is called this"' in page  # what was typed is kept
    assert "Download" not in page
    assert "export" not in query(clean_app, sa.select(AuditEvent.action))
    assert "No program matches" in client.get("/export?status=cancelled").get_data(as_text=True)


def test_program_without_responses_has_no_evidence(clean_app, client, login_as, make_user, branch):
    with clean_app.app_context():
        pid = make_ready_program(make_user("programmer").id, branch).id
        db.session.commit()
    login_as("admin")
    wb = workbook(export(client, pid))
    assert column(wb["Objectives"], "Verdict") == ["Not enough evidence"]
    assert column(wb["Summary"], "Responses (immediate)") == [0]
    assert rows(wb["Responses"]) == [rows(wb["Responses"])[0]]  # the header alone
    assert len(rows(wb["Comments"])) == 1


def test_content_disposition_is_safe(clean_app, client, login_as, make_user, branch):
    title = 'Café "night" /../\r\n'
    with clean_app.app_context():
        program = make_ready_program(make_user("programmer").id, branch)
        program.title = title
        pid = program.id
        db.session.commit()
    login_as("coordinator")
    header = export(client, pid).headers["Content-Disposition"]
    plain = f"program-planner-cafe-night-{date.today().isoformat()}"[:-10]
    assert header.startswith(f'attachment; filename="{plain}')
    assert "filename*=UTF-8''program-planner-caf%C3%A9-night-" in header
    assert "\r" not in header and "\n" not in header and "/" not in header
    assert header.count('"') == 2


def test_content_disposition_function():
    day = date(2027, 3, 4)
    assert content_disposition("Ateliers d'été", day) == (
        'attachment; filename="program-planner-ateliers-d-ete-2027-03-04.xlsx"; '
        "filename*=UTF-8''program-planner-ateliers-d-%C3%A9t%C3%A9-2027-03-04.xlsx"
    )
    assert 'filename="program-planner-export-2027-03-04.xlsx"' in content_disposition("中文", day)
    assert content_disposition("", day).startswith('attachment; filename="program-planner-export-')


def test_export_statements_do_not_grow_with_responses(clean_app, make_user, branch):

    from program_planner.reports.export.service import write_export
    from tests.reports.test_excel_hostile import add_responses

    with clean_app.app_context():
        pid = make_ready_program(make_user("programmer").id, branch).id
        db.session.commit()

    def statements():
        with counting_statements(clean_app) as seen, clean_app.app_context():
            write_export([pid], io.BytesIO())
        return len(seen)

    with clean_app.app_context():
        add_responses(pid, 2)
        db.session.commit()
    few = statements()
    with clean_app.app_context():
        add_responses(pid, 40)
        db.session.commit()
    assert statements() == few
    assert query(clean_app, sa.select(sa.func.count(Program.id))) == [1]


def test_responses_and_their_answers_merge_in_one_pass():
    from program_planner.reports.export.rows import with_answers

    responses = [(1, "a"), (2, "b"), (5, "c")]
    answers = [(1, 10, 4, None), (1, 11, None, "x"), (5, 10, 2, None)]
    assert list(with_answers(responses, answers)) == [
        ((1, "a"), [(10, 4, None), (11, None, "x")]),
        ((2, "b"), []),
        ((5, "c"), [(10, 2, None)]),
    ]
    with pytest.raises(RuntimeError, match="same order"):
        list(with_answers([(1, "a"), (2, "b")], [(2, 10, 4, None), (1, 10, 3, None)]))


def test_objectives_kept_by_the_summary_match_those_judged_again(
    clean_app, make_user, branch, monkeypatch
):
    """The Summary keeps the Objectives rows of its first chunks; later chunks are judged again
    by the Objectives sheet. Both ways give the same workbook, in the same order."""
    from program_planner.reports.export import rows as export_rows
    from program_planner.reports.export import sheets as export_sheets
    from program_planner.reports.export.service import write_export
    from tests.reports.test_excel_hostile import add_responses

    owner = make_user("programmer").id
    with clean_app.app_context():
        ids = []
        for title in ("Tax clinic", "Seed library", "Knitting circle"):
            program = make_ready_program(owner, branch, status=Status.EVALUATED, title=title)
            db.session.flush()
            add_responses(program.id, 5)
            ids.append(program.id)
        db.session.commit()

    def cells(kept_chunks):
        monkeypatch.setattr(export_rows, "CHUNK", 1)
        monkeypatch.setattr(export_sheets, "KEPT_CHUNKS", kept_chunks)
        out = io.BytesIO()
        with clean_app.app_context():
            write_export(ids, out)
        wb = openpyxl.load_workbook(out)
        return {ws.title: rows(ws) for ws in wb.worksheets[1:]}  # the cover says when

    all_kept, none_kept, some_kept = cells(3), cells(0), cells(1)
    objectives = all_kept["Objectives"]
    assert len(objectives) > 3  # a header, then each program's objectives
    assert [row[0] for row in objectives[1:]][0] == "Tax clinic"
    assert all_kept == none_kept == some_kept
