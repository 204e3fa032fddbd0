"""The staff debrief (one per author per program) and the Debriefs section of a program."""

import re

import sqlalchemy as sa

from program_planner.evaluation.debriefs import service
from program_planner.evaluation.models import (
    Achievement,
    Debrief,
    DebriefKind,
    DebriefObjective,
)
from program_planner.extensions import db
from tests.conftest import count_statements, sign_in
from tests.evaluation.factories_debriefs import add_debrief_link
from tests.evaluation.test_debrief_links import setup_program
from tests.factories import add_objective, make_program


def objective_ids(app, pid):
    with app.app_context():
        return [o.id for o in service.program_objectives(pid)]


def staff_answers(objectives, **extra):
    first, second = objectives
    return {
        f"o{first}_achieved": "partly",
        f"o{first}_why": "Half could send an attachment.",
        f"o{second}_achieved": "unsure",
        f"o{second}_why": "",
        "what_worked": "Small groups.",
        "what_to_change": "Longer sessions.",
        "problems": "Room too warm.",
        "lessons_learned": "Book the lab, not the meeting room.",
        **extra,
    }


def staff_debriefs(app):
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Debrief).where(Debrief.kind == DebriefKind.STAFF).order_by(Debrief.id)
        ).all()
        return [
            (
                d.author_id,
                d.author_name,
                d.what_worked,
                d.lessons_learned,
                sorted((r.objective_id, r.achieved, r.why) for r in d.objectives),
            )
            for d in rows
        ]


def loaded_stamp(page):
    """Return the version of one's debrief the page's form carries (0: none written yet)."""
    return re.search(r'name="version" type="hidden" value="([^"]*)"', page).group(1)


def test_owner_writes_then_edits_the_staff_debrief(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid, _ = setup_program(clean_app, me.id, branch)
    first, second = objective_ids(clean_app, pid)
    page = client.get(f"/programs/{pid}/staff-debrief").get_data(as_text=True)
    assert "Participants feel confident using email" in page and 'name="lessons_learned"' in page
    response = client.post(
        f"/programs/{pid}/staff-debrief",
        data={**staff_answers([first, second]), "version": loaded_stamp(page)},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("#debriefs")
    assert staff_debriefs(clean_app) == [
        (
            me.id,
            "Programmer Person",
            "Small groups.",
            "Book the lab, not the meeting room.",
            [
                (first, Achievement.PARTLY, "Half could send an attachment."),
                (second, Achievement.UNSURE, ""),
            ],
        )
    ]
    # Editing shows what was saved and updates the same debrief.
    page = client.get(f"/programs/{pid}/staff-debrief").get_data(as_text=True)
    assert "Half could send an attachment." in page and "Book the lab" in page
    assert f'<input checked class="form-check-input" id="o{first}_achieved-1"' in page
    edited = staff_answers(
        [first, second], **{f"o{second}_achieved": "no", "what_worked": "Pairs."}
    )
    response = client.post(
        f"/programs/{pid}/staff-debrief", data={**edited, "version": loaded_stamp(page)}
    )
    assert response.status_code == 302
    [(author, _, worked, _, rows)] = staff_debriefs(clean_app)
    assert (author, worked) == (me.id, "Pairs.")
    assert rows[1] == (second, Achievement.NO, "")


def test_each_staff_member_writes_their_own(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    coordinator = make_user("coordinator")
    pid, _ = setup_program(clean_app, owner.id, branch)
    objectives = objective_ids(clean_app, pid)
    for user, text in ((owner, "Owner view"), (coordinator, "Coordinator view")):
        client.post("/logout")
        sign_in(client, user.username)
        client.post(
            f"/programs/{pid}/staff-debrief", data=staff_answers(objectives, what_worked=text)
        )
    assert [(d[0], d[2]) for d in staff_debriefs(clean_app)] == [
        (owner.id, "Owner view"),
        (coordinator.id, "Coordinator view"),
    ]


def test_a_save_from_another_window_is_not_overwritten_silently(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    pid, _ = setup_program(clean_app, me.id, branch)
    objectives = objective_ids(clean_app, pid)
    stale = loaded_stamp(client.get(f"/programs/{pid}/staff-debrief").get_data(as_text=True))
    client.post(
        f"/programs/{pid}/staff-debrief",
        data={**staff_answers(objectives, what_worked="First window"), "version": stale},
    )
    response = client.post(
        f"/programs/{pid}/staff-debrief",
        data={**staff_answers(objectives, what_worked="Second window"), "version": stale},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "saved from another window" in page and "Second window" in page
    assert staff_debriefs(clean_app)[0][2] == "First window"
    response = client.post(
        f"/programs/{pid}/staff-debrief",
        data={
            **staff_answers(objectives, what_worked="Second window"),
            "version": loaded_stamp(page),
        },
    )
    assert response.status_code == 302
    assert [d[2] for d in staff_debriefs(clean_app)] == ["Second window"]


def test_bad_input_keeps_what_was_typed(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid, _ = setup_program(clean_app, me.id, branch)
    first, second = objective_ids(clean_app, pid)
    data = staff_answers([first, second])
    del data[f"o{first}_achieved"]
    response = client.post(f"/programs/{pid}/staff-debrief", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="o{first}_achieved-error"' in page
    assert "Book the lab, not the meeting room." in page and "Room too warm." in page
    assert staff_debriefs(clean_app) == []
    # A program without objectives still needs something written.
    with clean_app.app_context():
        bare = make_program(me.id, branch, title="Bare").id
        db.session.commit()
    response = client.post(f"/programs/{bare}/staff-debrief", data={"what_worked": "  "})
    assert response.status_code == 422
    assert "Write at least one answer" in response.get_data(as_text=True)
    assert staff_debriefs(clean_app) == []


def test_who_may_write_a_staff_debrief(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    pid, _ = setup_program(clean_app, owner.id, branch)
    objectives = objective_ids(clean_app, pid)
    response = client.get(f"/programs/{pid}/staff-debrief")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    for role, allowed in (
        ("frontline", False),
        ("programmer", False),
        ("coordinator", True),
        ("admin", True),
    ):
        user = make_user(role)
        client.post("/logout")
        sign_in(client, user.username)
        assert client.get(f"/programs/{pid}/staff-debrief").status_code == (200 if allowed else 403)
        response = client.post(f"/programs/{pid}/staff-debrief", data=staff_answers(objectives))
        assert response.status_code == (302 if allowed else 403), role
    assert len(staff_debriefs(clean_app)) == 2
    assert client.get("/programs/999999/staff-debrief").status_code == 404


def add_debriefs(pid, objective_list, count):
    """Add count presenter debriefs (with their links) answering every objective."""
    for i in range(count):
        link, _ = add_debrief_link(pid, name=f"Presenter {i}")
        db.session.add(
            Debrief(
                program_id=pid,
                kind=DebriefKind.PRESENTER,
                link_id=link.id,
                author_name=f"Presenter {i}",
                what_worked=f"Worked {i}",
                would_return="maybe",
                objectives=[
                    DebriefObjective(objective_id=o.id, achieved=Achievement.YES, why=f"Why {i}")
                    for o in objective_list
                ],
            )
        )
    db.session.flush()


def test_the_section_shows_debriefs_in_a_fixed_number_of_statements(
    clean_app, client, login_as, branch
):
    me = login_as("coordinator")
    pid, _ = setup_program(clean_app, me.id, branch)
    with clean_app.app_context():
        add_debriefs(pid, service.program_objectives(pid), 1)
        db.session.commit()
    few = count_statements(clean_app, client, f"/programs/{pid}")
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    section = page[page.index('id="debriefs"') :]
    assert "Presenter 0" in section and "Worked 0" in section and "Why 0" in section
    assert "Participants learn about library e-resources" in section and "Maybe" in section
    with clean_app.app_context():
        for i in range(3):
            add_objective(pid, f"Extra objective {i}")
        add_debriefs(pid, service.program_objectives(pid), 6)
        db.session.commit()
    assert count_statements(clean_app, client, f"/programs/{pid}") == few
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert page.count('data-kind="presenter"') == 7 and "Why 6" not in page and "Why 5" in page
