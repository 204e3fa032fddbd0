"""The needs register through HTTP: propose, prioritise, set aside, history, filters, rights."""

import sqlalchemy as sa

from program_planner.community.models import Need, NeedChange, NeedEvidence, NeedStatus
from program_planner.extensions import db
from program_planner.planning.models import TargetGroup
from program_planner.programs.models import StrategicGoal
from tests.community.factories import make_need
from tests.conftest import count_statements, query
from tests.factories import make_program

HOSTILE = '=HYPERLINK("http://x.example")<script>alert(1)</script>'


def catalogue(app):
    with app.app_context():
        seniors = TargetGroup(name="Seniors")
        newcomers = TargetGroup(name="Newcomers")
        goal = StrategicGoal(name="Digital inclusion")
        db.session.add_all([seniors, newcomers, goal])
        db.session.commit()
        return seniors.id, newcomers.id, goal.id


def need_data(**fields):
    data = {
        "statement": "Seniors want help with online banking",
        "details": "Asked at the desk weekly.",
        "branch_id": "",
        "owner_id": "",
        "evidence_kind": "",
        "version": "0",
    }
    data.update(fields)
    return data


def test_programmer_proposes_a_need_with_groups_goals_and_evidence(clean_app, client, login_as):
    seniors, _newcomers, goal = catalogue(clean_app)
    me = login_as("programmer")
    page = client.get("/community/needs/new").get_data(as_text=True)
    assert 'name="statement"' in page
    assert 'name="priority"' not in page  # coordinators set priority and status
    response = client.post(
        "/community/needs/new",
        data=need_data(
            target_group_ids=[str(seniors)],
            goal_ids=[str(goal)],
            owner_id=str(me.id),
            evidence_kind="census",
            evidence_source="Census 2021",
            evidence_year="2021",
            evidence_summary="18% of residents are 65 or older.",
            priority="high",  # ignored: not theirs to set
        ),
    )
    assert response.status_code == 302
    need = query(clean_app, sa.select(Need.statement, Need.priority, Need.status, Need.owner_id))
    assert need == [("Seniors want help with online banking", "medium", "identified", me.id)]
    assert query(clean_app, sa.select(NeedEvidence.source, NeedEvidence.year)) == [
        ("Census 2021", 2021)
    ]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Need saved." in page
    assert "Seniors" in page and "Digital inclusion" in page and "Census 2021" in page
    assert "Added to the register" in page  # history


def test_census_evidence_needs_source_and_year_and_no_future_year(clean_app, client, login_as):
    login_as("programmer")
    page = client.post(
        "/community/needs/new", data=need_data(evidence_kind="census", evidence_summary="Many.")
    ).get_data(as_text=True)
    assert "Census or local data needs its source and year." in page
    assert "Seniors want help with online banking" in page  # typed text kept
    page = client.post(
        "/community/needs/new",
        data=need_data(evidence_kind="desk_requests", evidence_summary="x", evidence_year="2999"),
    ).get_data(as_text=True)
    assert "Enter a year such as 2025." in page
    page = client.post(
        "/community/needs/new", data=need_data(evidence_summary="Lots of requests")
    ).get_data(as_text=True)
    assert "Choose the kind of evidence." in page
    assert query(clean_app, sa.select(sa.func.count(Need.id))) == [0]


def test_coordinator_sets_priority_and_status_with_history(clean_app, client, login_as, branch):
    coordinator = login_as("coordinator")
    with clean_app.app_context():
        nid = make_need(None, branch).id
        db.session.commit()
    url = f"/community/needs/{nid}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'name="priority"' in page
    data = need_data(
        statement="Seniors want help with online banking", priority="low", status="set_aside"
    )
    data["version"] = "1"
    data["branch_id"] = str(branch)
    page = client.post(url, data=data).get_data(as_text=True)
    assert "Say why the need is set aside." in page
    data["status_reason"] = "The credit union runs this every week."
    assert client.post(url, data=data).status_code == 302
    assert query(clean_app, sa.select(Need.status, Need.priority, Need.version)) == [
        ("set_aside", "low", 2)
    ]
    changes = query(
        clean_app,
        sa.select(
            NeedChange.field, NeedChange.from_value, NeedChange.to_value, NeedChange.actor_id
        ).order_by(NeedChange.field),
    )
    assert ("status", "identified", "set_aside", coordinator.id) in changes
    assert ("priority", "high", "low", coordinator.id) in changes
    page = client.get(f"/community/needs/{nid}").get_data(as_text=True)
    assert "Set aside" in page and "The credit union runs this every week." in page


def test_who_may_edit_a_need(clean_app, client, login_as, make_user, branch):
    other = make_user("programmer")
    with clean_app.app_context():
        nid = make_need(other.id, branch).id
        db.session.commit()
    login_as("programmer")
    assert client.get(f"/community/needs/{nid}/edit").status_code == 403
    assert client.get(f"/community/needs/{nid}").status_code == 200
    assert client.get("/community/needs/999999").status_code == 404


def test_frontline_reads_the_register_but_does_not_propose(clean_app, client, login_as, branch):
    with clean_app.app_context():
        make_need(None, branch, statement="Job seekers need résumé help")
        db.session.commit()
    login_as("frontline")
    page = client.get("/community/needs").get_data(as_text=True)
    assert "Job seekers need résumé help" in page
    assert "Add a need" not in page
    assert client.get("/community/needs/new").status_code == 403


def test_hostile_text_is_shown_as_text(clean_app, client, login_as):
    login_as("coordinator")
    data = need_data(statement=HOSTILE, details=HOSTILE, priority="high", status="identified")
    response = client.post("/community/needs/new", data=data)
    assert response.status_code == 302
    page = client.get("/community/needs").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert query(clean_app, sa.select(Need.statement)) == [HOSTILE]


def test_register_filters_and_needs_with_no_response(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    with clean_app.app_context():
        answered = make_need(owner.id, branch, statement="Newcomers want conversation practice")
        make_need(owner.id, None, statement="Homebound residents need access")
        make_need(owner.id, None, statement="Old need", status=NeedStatus.MET)
        program = make_program(owner.id, branch, title="Conversation circle")
        from program_planner.community.models import ProgramNeed

        db.session.add(ProgramNeed(program_id=program.id, need_id=answered.id))
        db.session.commit()
    page = client.get("/community/needs").get_data(as_text=True)
    assert "Conversation circle" in page
    assert page.count("data-need=") == 3
    page = client.get("/community/needs?status=met").get_data(as_text=True)
    assert page.count("data-need=") == 1 and "Old need" in page
    page = client.get("/community/needs/unanswered").get_data(as_text=True)
    assert "Homebound residents need access" in page
    assert "Newcomers want conversation practice" not in page
    assert "Old need" not in page


def test_register_statement_count_is_constant(clean_app, client, login_as, branch):
    owner = login_as("coordinator")
    seniors, newcomers, _goal = catalogue(clean_app)

    def add(n):
        with clean_app.app_context():
            groups = db.session.scalars(sa.select(TargetGroup)).all()
            for i in range(n):
                need = make_need(owner.id, branch if i % 2 else None, statement=f"Need {i}")
                need.target_groups = groups
                program = make_program(owner.id, branch, title=f"Program {i}")
                from program_planner.community.models import ProgramNeed

                db.session.add(ProgramNeed(program_id=program.id, need_id=need.id))
            db.session.commit()

    add(2)
    few = count_statements(clean_app, client, "/community/needs")
    few_open = count_statements(clean_app, client, "/community/needs/unanswered")
    add(6)
    assert count_statements(clean_app, client, "/community/needs") == few
    assert count_statements(clean_app, client, "/community/needs/unanswered") == few_open


def test_register_and_consultation_form_in_french(clean_app, client, login_as, branch):
    login_as("programmer")
    with clean_app.app_context():
        make_need(None, branch)
        db.session.commit()
    client.post("/language", data={"lang": "fr"})
    page = client.get("/community/needs").get_data(as_text=True)
    assert "Registre des besoins" in page and "Relevé" in page and "Élevée" in page
    page = client.get("/community/consultations/new").get_data(as_text=True)
    assert "Groupe de discussion" in page and "Personnes jointes" in page
