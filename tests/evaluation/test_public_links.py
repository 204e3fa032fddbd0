"""The "Collect responses" section: links, QR codes, counts, follow-up addresses."""

import pytest
import sqlalchemy as sa

from program_planner.evaluation.models import EvaluationLink, Response, ResponseKind
from program_planner.extensions import db
from program_planner.programs.models import Program, Status
from tests.conftest import audit_actions, count_statements, query
from tests.evaluation.factories_public import add_contact, add_link, valid_answers
from tests.factories import make_program
from tests.occurrences.factories import add_occurrence


@pytest.fixture
def program(clean_app, make_user, branch):
    """A scheduled program of its own programmer, with one session; returns ids."""
    from datetime import UTC, datetime

    owner = make_user("programmer", username="owner")
    with clean_app.app_context():
        program = make_program(owner.id, branch, status=Status.SCHEDULED)
        occurrence = add_occurrence(program.id, datetime(2027, 3, 3, 23, 0, tzinfo=UTC))
        db.session.commit()
        return {"id": program.id, "occurrence": occurrence.id, "owner": owner}


def links(app):
    rows = query(
        app,
        sa.select(EvaluationLink.kind, EvaluationLink.occurrence_id, EvaluationLink.active),
    )
    return sorted(((r[0].value, r[1], r[2]) for r in rows), key=lambda r: (r[0], r[1] or 0))


def sign_in_owner(client, program):
    owner = program["owner"]
    client.post("/login", data={"username": owner.username, "password": owner.password})


def test_owner_creates_the_program_session_and_follow_up_links(clean_app, client, program):
    sign_in_owner(client, program)
    base = f"/programs/{program['id']}/evaluation-links"
    assert client.post(base, data={"kind": "immediate"}).status_code == 302
    assert client.post(base, data={"kind": "immediate"}).status_code == 302  # no second one
    client.post(base, data={"kind": "immediate", "occurrence_id": program["occurrence"]})
    client.post(base, data={"kind": "follow_up"})
    assert links(clean_app) == [
        ("follow_up", None, True),
        ("immediate", None, True),
        ("immediate", program["occurrence"], True),
    ]
    tokens = query(clean_app, sa.select(EvaluationLink.token))
    assert all(len(t) >= 22 for t in tokens) and len(set(tokens)) == 3
    page = client.get(f"/programs/{program['id']}").get_data(as_text=True)
    assert 'id="collect"' in page and "Collect responses" in page
    for token in tokens:
        assert f"http://localhost/f/{token}" in page
        assert f"/f/{token}/qr.svg" in page
    assert "Create the public link" not in page and "Create the follow-up link" not in page


def test_a_session_of_another_program_is_refused(clean_app, client, program, branch):
    sign_in_owner(client, program)
    with clean_app.app_context():
        other = make_program(program["owner"].id, branch, title="Other")
        from datetime import UTC, datetime

        foreign = add_occurrence(other.id, datetime(2027, 5, 5, 18, tzinfo=UTC)).id
        db.session.commit()
    response = client.post(
        f"/programs/{program['id']}/evaluation-links",
        data={"kind": "immediate", "occurrence_id": foreign},
        follow_redirects=True,
    )
    assert "choose one of this program" in response.get_data(as_text=True)
    assert links(clean_app) == []


@pytest.mark.parametrize("role", ["frontline", "programmer"])
def test_others_cannot_manage_links_or_download(clean_app, client, program, login_as, role):
    with clean_app.app_context():
        link_id = add_link(program["id"]).id
        add_contact(program["id"])
        db.session.commit()
    login_as(role)  # frontline, or a programmer who does not own it
    pid = program["id"]
    assert client.post(f"/programs/{pid}/evaluation-links", data={}).status_code == 403
    toggle = f"/programs/{pid}/evaluation-links/{link_id}/toggle"
    assert client.post(toggle).status_code == 403
    assert client.post(f"/programs/{pid}/follow-up-contacts").status_code == 403
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert "Collect responses" in page
    assert "Close the form" not in page and "Download the addresses" not in page
    assert "reader@example.org" not in page
    assert links(clean_app) == [("immediate", None, True)]


def test_closing_and_reopening_a_link(clean_app, client, program, login_as):
    with clean_app.app_context():
        link = add_link(program["id"])
        link_id, token = link.id, link.token
        db.session.commit()
    login_as("coordinator")
    toggle = f"/programs/{program['id']}/evaluation-links/{link_id}/toggle"
    client.post(toggle)
    assert links(clean_app) == [("immediate", None, False)]
    assert client.get(f"/f/{token}").status_code == 410
    client.post(toggle)
    assert client.get(f"/f/{token}").status_code == 200
    with clean_app.app_context():
        db.session.get(Program, program["id"]).status = Status.CLOSED
        db.session.commit()
    assert client.post(toggle).status_code == 403  # a closed program's form is not changed


def test_counts_by_kind_and_link_in_a_fixed_number_of_statements(clean_app, client, program):
    from program_planner.evaluation.models import ResponseChannel
    from tests.evaluation.factories_public import add_questions_of_every_type

    with clean_app.app_context():
        add_questions_of_every_type(program["id"])
        immediate = add_link(program["id"]).token
        follow_up = add_link(program["id"], kind=ResponseKind.FOLLOW_UP).token
        db.session.add(
            Response(
                program_id=program["id"],
                channel=ResponseChannel.PAPER,
                submission_key="paper" * 8,
            )
        )
        db.session.commit()
    names = None
    with clean_app.app_context():
        from program_planner.evaluation.engine import program_questions

        names = {
            pq.question.code.rsplit("-", 1)[1]: f"q{pq.question_id}"
            for pq in program_questions(program["id"])
        }
    form = type("F", (), {"names": names})
    for n, token in enumerate([immediate, immediate, follow_up]):
        client.post(f"/f/{token}", data={**valid_answers(form), "submission_key": f"{n}" * 32})
    sign_in_owner(client, program)
    url = f"/programs/{program['id']}"
    page = client.get(url).get_data(as_text=True)
    assert '<strong data-count="immediate">3</strong>' in page
    assert '<strong data-count="follow_up">1</strong>' in page
    before = count_statements(clean_app, client, url)
    with clean_app.app_context():
        for n in range(5):
            add_contact(program["id"], email=f"p{n}@example.org")
            add_occurrence_link = add_link(program["id"], kind=ResponseKind.IMMEDIATE)
            add_occurrence_link.active = n % 2 == 0
        db.session.commit()
    after = count_statements(clean_app, client, url)
    assert after == before
    assert "5 people left an email address" in client.get(url).get_data(as_text=True)


def test_owner_downloads_the_addresses_once_each_and_it_is_audited(clean_app, client, program):
    with clean_app.app_context():
        add_contact(program["id"], email="b@example.org")
        add_contact(program["id"], email="a@example.org")
        add_contact(program["id"], email="a@example.org")
        db.session.commit()
    sign_in_owner(client, program)
    page = client.get(f"/programs/{program['id']}").get_data(as_text=True)
    assert "2 people left an email address" in page
    assert "a@example.org" not in page  # staff pages show only the count
    response = client.post(f"/programs/{program['id']}/follow-up-contacts")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True) == "a@example.org\r\nb@example.org\r\n"
    assert "follow_up_contacts_downloaded" in audit_actions(clean_app)


def test_qr_codes(clean_app, client, program):
    with clean_app.app_context():
        token = add_link(program["id"]).token
        db.session.commit()
    svg = client.get(f"/f/{token}/qr.svg")
    assert svg.status_code == 200
    assert svg.mimetype == "image/svg+xml"
    assert svg.get_data(as_text=True).lstrip().startswith("<svg")
    png = client.get(f"/f/{token}/qr.png")
    assert png.mimetype == "image/png" and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get("/f/nope/qr.svg").status_code == 404
    assert client.get(f"/f/{token}/qr.svg?lang=fr").data != svg.data  # the French form's address
