"""Programs answer needs: the section, the choices a programmer sees, and needs put in hand."""

import sqlalchemy as sa

from program_planner.admin.service import save_branch
from program_planner.community.models import Need, NeedChange, ProgramNeed
from program_planner.extensions import db
from program_planner.programs.models import Program, Status
from tests.community.factories import make_need
from tests.conftest import query
from tests.factories import make_program, make_ready_program


def other_branch(app):
    with app.app_context():
        created = save_branch(None, None, name="Eastside", code="EST", address="", active=True)
        db.session.commit()
        return created.id


def submit(app, client, pid, action="submit"):
    version = query(app, sa.select(Program.version).where(Program.id == pid))[0]
    return client.post(f"/programs/{pid}/{action}", data={"comment": "", "version": version})


def test_owner_links_a_need_and_submitting_puts_it_in_hand(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    east = other_branch(clean_app)
    with clean_app.app_context():
        pid = make_ready_program(owner.id, branch, title="Conversation circle").id
        answered = make_need(None, branch, statement="Newcomers want conversation practice").id
        other = make_need(None, None, statement="Homebound residents need access").id
        make_need(None, east, statement="Eastside-only need")
        db.session.commit()
    form = client.get(f"/programs/{pid}/program_needs/new").get_data(as_text=True)
    assert "Newcomers want conversation practice" in form
    assert "Homebound residents need access" in form  # whole system
    assert "Eastside-only need" not in form  # another branch's need is not offered
    response = client.post(
        f"/programs/{pid}/program_needs/new",
        data={"need_id": str(answered), "how": "Weekly practice", "version": "0"},
    )
    assert response.status_code == 302
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert "Newcomers want conversation practice" in page and "Census 2021" in page  # evidence
    duplicate = client.post(
        f"/programs/{pid}/program_needs/new",
        data={"need_id": str(answered), "version": "0"},
    )
    assert "already answers this need" in duplicate.get_data(as_text=True)

    assert submit(clean_app, client, pid).status_code == 302
    assert query(clean_app, sa.select(Program.status).where(Program.id == pid)) == ["submitted"]
    statuses = dict(query(clean_app, sa.select(Need.id, Need.status)))
    assert statuses == {
        answered: "being_addressed",
        other: "identified",
        **{k: v for k, v in statuses.items() if k not in (answered, other)},
    }
    assert query(
        clean_app,
        sa.select(NeedChange.from_value, NeedChange.to_value, NeedChange.actor_id).where(
            NeedChange.need_id == answered
        ),
    ) == [("identified", "being_addressed", owner.id)]
    page = client.get("/community/needs/unanswered").get_data(as_text=True)
    assert "Homebound residents need access" in page
    assert "Newcomers want conversation practice" not in page
    page = client.get(f"/community/needs/{answered}").get_data(as_text=True)
    assert "Being addressed" in page and "Conversation circle" in page


def test_a_need_of_another_branch_is_refused(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    east = other_branch(clean_app)
    with clean_app.app_context():
        pid = make_program(owner.id, branch).id
        foreign = make_need(None, east, statement="Eastside-only need").id
        db.session.commit()
    page = client.post(
        f"/programs/{pid}/program_needs/new",
        data={"need_id": str(foreign), "version": "0"},
    ).get_data(as_text=True)
    assert "Choose a need from the list." in page
    assert query(clean_app, sa.select(sa.func.count(ProgramNeed.id))) == [0]


def test_a_need_cannot_be_linked_to_a_program_one_may_not_edit(
    clean_app, client, login_as, make_user, branch
):
    other = make_user("programmer")
    with clean_app.app_context():
        pid = make_program(other.id, branch).id
        nid = make_need(None, branch).id
        db.session.commit()
    login_as("programmer")
    response = client.post(
        f"/programs/{pid}/program_needs/new", data={"need_id": str(nid), "version": "0"}
    )
    assert response.status_code == 403
    assert client.get("/programs/999999/program_needs/new").status_code == 404
    assert query(clean_app, sa.select(sa.func.count(ProgramNeed.id))) == [0]


def test_a_need_linked_to_an_approved_program_is_put_in_hand(clean_app, client, login_as, branch):
    login_as("admin")
    with clean_app.app_context():
        pid = make_program(None, branch, status=Status.APPROVED).id
        nid = make_need(None, None).id
        db.session.commit()
    response = client.post(
        f"/programs/{pid}/program_needs/new", data={"need_id": str(nid), "version": "0"}
    )
    assert response.status_code == 302
    assert query(clean_app, sa.select(Need.status)) == ["being_addressed"]


def test_approval_puts_needs_in_hand(clean_app, client, make_user, branch):
    from tests.conftest import sign_in

    owner = make_user("programmer")
    with clean_app.app_context():
        program = make_ready_program(owner.id, branch, status=Status.SUBMITTED)
        nid = make_need(None, branch).id
        db.session.add(ProgramNeed(program_id=program.id, need_id=nid))
        pid = program.id
        db.session.commit()
    coordinator = make_user("coordinator")
    sign_in(client, coordinator.username)
    assert submit(clean_app, client, pid, "approve").status_code == 302
    assert query(clean_app, sa.select(Need.status)) == ["being_addressed"]
    assert query(clean_app, sa.select(NeedChange.actor_id)) == [coordinator.id]
