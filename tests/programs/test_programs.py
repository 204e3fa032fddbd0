"""Programs through HTTP: propose, edit basics, list and filter, conflicts, permissions."""

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.programs.models import Program, Status, StrategicGoal
from tests.conftest import count_statements, query
from tests.factories import make_program


def basics(branch, **overrides):
    data = {
        "title": "Job search workshop",
        "description": "Résumés and online applications.",
        "branch_id": str(branch),
        "program_type": "job_career",
        "delivery_mode": "in_branch",
        "languages": ["en", "fr"],
        "community_need": "Unemployment rose in the east end.",
        "need_evidence": "Employment Ontario referrals",
        "fiscal_year": "2027",
    }
    data.update(overrides)
    return data


def new_program(app, owner_id, branch, **fields):
    with app.app_context():
        program = make_program(owner_id, branch, **fields)
        db.session.commit()
        return program.id


def test_programmer_proposes_a_program(clean_app, client, login_as, branch):
    me = login_as("programmer")
    with clean_app.app_context():
        db.session.add(StrategicGoal(name="Economic opportunity"))
        db.session.commit()
        goal_id = db.session.scalar(sa.select(StrategicGoal.id))
    response = client.post("/programs/new", data=basics(branch, strategic_goals=[str(goal_id)]))
    assert response.status_code == 302
    program = query(clean_app, sa.select(Program))[0]
    assert (program.title, program.status, program.owner_id) == (
        "Job search workshop",
        Status.DRAFT,
        me.id,
    )
    assert program.languages == ["en", "fr"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Job search workshop" in page and "Economic opportunity" in page
    assert "Draft" in page and "English, French" in page


def test_bad_basics_keep_what_was_typed(client, login_as, branch):
    login_as("programmer")
    page = client.post(
        "/programs/new",
        data=basics(
            branch,
            title="",
            fiscal_year="twenty",
            languages=[],
            community_need="",
            description="Keep me please",
        ),
    ).get_data(as_text=True)
    assert "Give the program a title." in page
    assert "Enter a whole number, e.g. 25." in page or "Enter the fiscal year" in page
    assert "Choose at least one language." in page
    assert "Say which community need this program answers." in page
    assert "Keep me please" in page


def test_programmer_cannot_set_status_or_owner_by_posting_extra_fields(
    clean_app, client, login_as, make_user, branch
):
    other = make_user("programmer")
    me = login_as("programmer")
    client.post(
        "/programs/new",
        data=basics(branch, status="approved", owner_id=str(other.id), approved_by_id=str(me.id)),
    )
    program = query(clean_app, sa.select(Program))[0]
    assert program.status == Status.DRAFT and program.owner_id == me.id
    assert program.approved_by_id is None
    client.post(
        f"/programs/{program.id}/basics",
        data=basics(branch, version=str(program.version), status="closed", owner_id=str(other.id)),
    )
    program = query(clean_app, sa.select(Program))[0]
    assert program.status == Status.DRAFT and program.owner_id == me.id


def test_owner_edits_basics_while_draft_only(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid = new_program(clean_app, me.id, branch)
    response = client.post(
        f"/programs/{pid}/basics", data=basics(branch, title="Renamed", version="1")
    )
    assert response.status_code == 302
    assert query(clean_app, sa.select(Program.title)) == ["Renamed"]
    pid2 = new_program(clean_app, me.id, branch, status=Status.SUBMITTED, title="Sent")
    assert client.get(f"/programs/{pid2}/basics").status_code == 403
    assert (
        client.post(f"/programs/{pid2}/basics", data=basics(branch, version="1")).status_code == 403
    )


def test_other_programmers_cannot_edit_by_id(clean_app, client, login_as, make_user, branch):
    owner = make_user("programmer")
    pid = new_program(clean_app, owner.id, branch)
    login_as("programmer")
    assert client.get(f"/programs/{pid}").status_code == 200  # reading is fine
    assert (
        client.post(f"/programs/{pid}/basics", data=basics(branch, version="1")).status_code == 403
    )
    assert client.get("/programs/999999").status_code == 404
    assert client.get("/programs/999999/basics").status_code == 404


def test_second_save_is_a_conflict_and_keeps_input(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid = new_program(clean_app, me.id, branch)
    assert (
        client.post(
            f"/programs/{pid}/basics", data=basics(branch, title="First save", version="1")
        ).status_code
        == 302
    )
    response = client.post(
        f"/programs/{pid}/basics",
        data=basics(branch, title="Second save from an old page", version="1"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else saved this program while you were editing" in page
    assert "Second save from an old page" in page
    assert query(clean_app, sa.select(Program.title)) == ["First save"]
    # saving again (now based on the current version) keeps the second person's text
    assert 'name="version" type="hidden" value="2"' in page
    client.post(f"/programs/{pid}/basics", data=basics(branch, title="Second wins", version="2"))
    assert query(clean_app, sa.select(Program.title)) == ["Second wins"]


def test_list_filters_search_and_pagination(clean_app, client, login_as, make_user, branch):
    owner = make_user("programmer")
    with clean_app.app_context():
        for i in range(30):
            make_program(
                owner.id,
                branch,
                title=f"Conversation circle {i:02d}",
                status=Status.APPROVED if i % 3 == 0 else Status.DRAFT,
            )
        make_program(owner.id, branch, title="Tax clinic", status=Status.SUBMITTED)
        db.session.commit()
    login_as("frontline")
    page = client.get("/programs").get_data(as_text=True)
    assert "31 programs" in page and 'aria-label="Pages"' in page
    page = client.get("/programs?q=tax").get_data(as_text=True)
    assert "1 program" in page and "Tax clinic" in page
    page = client.get("/programs?status=approved").get_data(as_text=True)
    assert "10 programs" in page and "Tax clinic" not in page
    page = client.get("/programs?program_type=arts_culture").get_data(as_text=True)
    assert "No program matches these filters." in page
    page = client.get("/programs?status=bogus").get_data(as_text=True)
    assert "This filter was ignored." in page and "31 programs" in page
    page2 = client.get("/programs?page=2").get_data(as_text=True)
    assert "Conversation circle" in page2


def test_program_list_statements_do_not_grow(clean_app, client, login_as, make_user, branch):
    owners = [make_user("programmer") for _ in range(3)]
    login_as("coordinator")
    with clean_app.app_context():
        make_program(owners[0].id, branch)
        db.session.commit()
    few = count_statements(clean_app, client, "/programs")
    with clean_app.app_context():
        for i in range(24):
            make_program(owners[i % 3].id, branch, title=f"P{i}")
        db.session.commit()
    assert count_statements(clean_app, client, "/programs") == few


def test_program_page_statements_do_not_grow(clean_app, client, login_as, branch):
    from tests.factories import add_objective

    me = login_as("programmer")
    pid = new_program(clean_app, me.id, branch)
    with clean_app.app_context():
        add_objective(pid)
        db.session.commit()
    few = count_statements(clean_app, client, f"/programs/{pid}")
    with clean_app.app_context():
        for i in range(10):
            add_objective(pid, statement=f"Objective {i}")
        db.session.commit()
    assert count_statements(clean_app, client, f"/programs/{pid}") == few
