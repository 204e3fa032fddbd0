"""The audit log as people read it, through HTTP: sentences, filters, pages, CSV, statements."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
import sqlalchemy as sa

from program_planner.admin.audit_log import ACTIONS, safe_cell
from program_planner.audit.models import AuditEvent
from program_planner.audit.service import record
from program_planner.auth.models import User
from program_planner.extensions import db
from program_planner.programs.models import Program, Status
from tests.conftest import audit_actions, count_statements, query
from tests.factories import make_program

TITLE = "Computer basics for seniors"
HOSTILE = '=HYPERLINK("http://evil","x")'


def sentences(response) -> list[str]:
    """Return the sentences of the log's table, newest first."""
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    return [
        re.sub(r"\s+", " ", td.text_content()).strip() for td in doc.find_class("audit-sentence")
    ]


def details(response) -> list[str]:
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    return [
        re.sub(r"\s+", " ", td.text_content()).strip() for td in doc.find_class("audit-details")
    ]


@pytest.fixture
def history(clean_app, make_user, branch):
    """A coordinator who approved a program and exported a filtered set; an erased programmer."""
    chantal = make_user("coordinator", full_name="Chantal Côté")
    gone = make_user("programmer", full_name="Jeanne Partie")
    with clean_app.app_context():
        users = {u.id: u for u in db.session.scalars(sa.select(User))}
        program = make_program(gone.id, branch, status=Status.APPROVED, title=TITLE)
        record("program_created", actor=users[gone.id], obj=program, title=TITLE)
        record(
            "program_approve",
            actor=users[chantal.id],
            obj=program,
            old="submitted",
            new="approved",
            comment="",
        )
        record(
            "export",
            actor=users[chantal.id],
            programs=3,
            format="xlsx",
            filters={"branch": str(branch), "status": "approved"},
        )
        record(
            "role_changed",
            actor=users[chantal.id],
            obj=users[gone.id],
            old="programmer",
            new="coordinator",
        )
        users[gone.id].erased_at = datetime.now(UTC)
        users[gone.id].full_name = ""
        db.session.commit()
        return {"chantal": chantal.id, "gone": gone.id, "program": program.id, "branch": branch}


def test_every_recorded_action_has_a_sentence():
    import pathlib

    source = pathlib.Path(__file__).parents[2] / "program_planner"
    codes = set()
    for path in source.rglob("*.py"):
        for match in re.finditer(r'\brecord\(\s*f?"([a-z_{}]+)"', path.read_text()):
            codes.add(match.group(1))
    lifecycle = {code for code in codes if "{" in code}
    assert lifecycle == {"program_{action}"}
    from program_planner.programs.lifecycle import TRANSITIONS

    codes = (codes - lifecycle) | {f"program_{t.action}" for t in TRANSITIONS}
    assert codes <= set(ACTIONS), codes - set(ACTIONS)


def test_sentences_with_names_in_english_and_french(client, login_as, history):
    login_as("admin", full_name="Ada Admin")
    response = client.get("/admin/audit")
    assert response.status_code == 200
    shown = sentences(response)
    assert "Chantal Côté approved “Computer basics for seniors”" in shown
    assert "Former staff created “Computer basics for seniors”" in shown
    assert "Chantal Côté changed the role of former staff from Programmer to Coordinator" in shown
    assert "Chantal Côté exported 3 programs to Excel" in shown
    assert "Ada Admin signed in" in shown
    assert "Filters: Branch: Central Library; Status: Approved" in details(response)
    html = response.get_data(as_text=True)
    assert "program_approve" not in re.sub(r'data-action="[a-z_]+"', "", html.split("<tbody>")[1])
    assert "Jeanne Partie" not in html and "User #" not in html and "filters={" not in html

    response = client.get("/admin/audit", headers={"Accept-Language": "fr"})
    shown = sentences(response)
    assert "Chantal Côté a approuvé « Computer basics for seniors »" in shown
    assert "Ancien membre du personnel a créé « Computer basics for seniors »" in shown
    assert (
        "Rôle changé par Chantal Côté pour ancien membre du personnel : "
        "Responsable de programmes → Coordonnateur" in shown
    )
    assert "Chantal Côté a exporté 3 programmes vers Excel" in shown
    assert "Connexion : Ada Admin" in shown
    assert any(d.startswith("Filtres : Succursale : Central Library") for d in details(response)), (
        details(response)
    )


def test_filters_by_person_action_object_and_dates(client, login_as, history):
    login_as("admin")
    chantal = history["chantal"]
    shown = sentences(client.get(f"/admin/audit?person={chantal}"))
    assert len(shown) == 3 and all(s.startswith("Chantal Côté") for s in shown)
    shown = sentences(client.get("/admin/audit?person=erased"))
    assert shown == ["Former staff created “Computer basics for seniors”"]
    shown = sentences(client.get("/admin/audit?action=program_approve"))
    assert shown == ["Chantal Côté approved “Computer basics for seniors”"]
    shown = sentences(client.get("/admin/audit?object_type=User&action=role_changed"))
    assert len(shown) == 1 and "changed the role" in shown[0]
    today = datetime.now(UTC).date()
    assert len(sentences(client.get(f"/admin/audit?date_from={today - timedelta(days=1)}"))) >= 5
    tomorrow = today + timedelta(days=2)
    response = client.get(f"/admin/audit?date_from={tomorrow}")
    assert sentences(response) == []
    assert "No recorded action matches these filters." in response.get_data(as_text=True)
    with client.application.app_context():
        db.session.execute(
            sa.update(AuditEvent)
            .where(AuditEvent.action == "program_created")
            .values(occurred_at=datetime(2026, 1, 15, 15, tzinfo=UTC))
        )
        db.session.commit()
    shown = sentences(client.get("/admin/audit?date_from=2026-01-15&date_to=2026-01-15"))
    assert shown == ["Former staff created “Computer basics for seniors”"]


@pytest.mark.parametrize(
    "query_string",
    [
        "date_from=yesterday",
        "date_from=2026-13-45",
        "date_from=2026-03-01&date_to=2026-02-01",
        "person=99999999",
        "person=abc",
        "action=drop_table",
        "object_type=Secret",
        "page=-3",
        "person=%00",
    ],
)
def test_bad_filters_get_a_message_never_a_500(client, login_as, history, query_string):
    login_as("admin")
    response = client.get(f"/admin/audit?{query_string}")
    html = response.get_data(as_text=True)
    if query_string in ("page=-3", "person=%00"):  # read as no page / no person
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert "This filter was ignored." in html and 'id="filter-errors"' in html
    assert 'id="audit-csv"' not in html  # no download of a log filtered other than it says
    assert sentences(response)  # the valid part of the log still shows
    response = client.get(f"/admin/audit.csv?{query_string}")
    assert response.status_code == 400 and "This filter was ignored." in response.get_data(
        as_text=True
    )


def test_paging_keeps_the_filters(clean_app, client, login_as):
    admin = login_as("admin")
    with clean_app.app_context():
        user = db.session.get(User, admin.id)
        for _ in range(60):
            record("logout", actor=user, obj=user)
        db.session.commit()
    first = client.get("/admin/audit?action=logout")
    assert len(sentences(first)) == 50
    html = first.get_data(as_text=True)
    assert 'href="/admin/audit?page=2&amp;action=logout"' in html
    second = client.get("/admin/audit?page=2&action=logout")
    assert len(sentences(second)) == 10 and 'rel="next"' not in second.get_data(as_text=True)


def test_csv_download_is_safe_excel_ready_and_audited(clean_app, client, login_as, history):
    login_as("admin", full_name="Ada Admin")
    with clean_app.app_context():
        db.session.execute(
            sa.update(Program).where(Program.id == history["program"]).values(title=HOSTILE)
        )
        db.session.execute(
            sa.update(User).where(User.id == history["chantal"]).values(full_name="-2+3 Chantal")
        )
        db.session.commit()
    response = client.get(f"/admin/audit.csv?person={history['chantal']}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["When", "Who", "What happened", "Details", "Address"]
    assert len(rows) == 4
    approve = next(r for r in rows if "approved" in r[2])
    assert approve[1] == "'-2+3 Chantal"
    assert approve[2] == f"'-2+3 Chantal approved “{HOSTILE}”"
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)
    assert audit_actions(clean_app)[-1] == "audit_log_downloaded"
    filters = query(
        clean_app,
        sa.select(AuditEvent.details).where(AuditEvent.action == "audit_log_downloaded"),
    )[0]["filters"]
    assert filters == {"person": str(history["chantal"])}
    downloads = client.get("/admin/audit?action=audit_log_downloaded")
    assert sentences(downloads) == ["Ada Admin downloaded the audit log"]
    assert details(downloads) == ["Filters: Person: -2+3 Chantal"]

    french = client.get(
        "/admin/audit.csv?action=program_approve", headers={"Accept-Language": "fr"}
    )
    rows = list(csv.reader(io.StringIO(french.get_data().decode("utf-8-sig"))))
    assert rows[0][2] == "Ce qui s’est passé"
    assert rows[1][2] == f"'-2+3 Chantal a approuvé « {HOSTILE} »"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Chantal", "Chantal"),
        ("", ""),
        (None, ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_statements_do_not_grow_with_the_log(clean_app, client, login_as, make_user, branch):
    login_as("admin")
    people = [make_user("coordinator", full_name=f"Person {i}") for i in range(5)]

    def add(n):
        with clean_app.app_context():
            users = [db.session.get(User, p.id) for p in people]
            programs = [
                make_program(users[0].id, branch, status=Status.APPROVED, title=f"P{i}")
                for i in range(3)
            ]
            for i in range(n):
                user = users[i % len(users)]
                kind = i % 4
                if kind == 0:
                    record("program_approve", actor=user, obj=programs[i % 3], comment="")
                elif kind == 1:
                    record("role_changed", actor=user, obj=users[0], old="programmer", new="admin")
                elif kind == 2:
                    record("export", actor=user, programs=2, filters={"branch": str(branch)})
                else:
                    record("branch_changed", actor=user, obj=users[1], old=branch, new=branch)
            db.session.commit()

    add(10)
    few = count_statements(clean_app, client, "/admin/audit")
    add(190)
    many = count_statements(clean_app, client, "/admin/audit")
    assert many == few, (few, many)
    assert count_statements(clean_app, client, "/admin/audit?page=3") == few
