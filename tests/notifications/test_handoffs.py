"""Every hand-off tells the next person: in the app, and by email as each prefers."""

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.jobs import service as jobs
from program_planner.jobs.models import Job
from program_planner.notifications.models import Notification
from program_planner.planning.models import ITRequest, ITStatus
from program_planner.programs.models import Program, Status
from tests.conftest import query, sign_in
from tests.evaluation.factories_debriefs import add_debrief_link
from tests.factories import add_objective, make_program, make_ready_program
from tests.notifications.conftest import links_in, mail_to, set_user
from tests.planning.factories import add_it_request

S = Status


def notices(app, user_id=None):
    stmt = sa.select(Notification).order_by(Notification.id)
    if user_id is not None:
        stmt = stmt.where(Notification.recipient_id == user_id)
    return query(app, stmt)


def ready(app, owner_id, branch, status=S.DRAFT, title="Tablet basics for seniors"):
    with app.app_context():
        program = make_ready_program(owner_id, branch, status=status, title=title)
        db.session.commit()
        return program.id


def act(client, app, pid, action, comment=""):
    version = query(app, sa.select(Program.version).where(Program.id == pid))[0]
    response = client.post(
        f"/programs/{pid}/{action}", data={"comment": comment, "version": str(version)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    return response


def test_a_submission_reaches_the_coordinators_in_their_language_with_a_working_link(
    clean_app, client, make_user, branch, smtp
):
    owner = make_user("programmer", full_name="Priya Natarajan")
    french = make_user("coordinator", full_name="Chantal Côté")
    digest = make_user("coordinator", full_name="Dev Digest")
    admin = make_user("admin")
    make_user("frontline")
    set_user(clean_app, french.id, language="fr")
    set_user(clean_app, digest.id, email_notices="digest")
    pid = ready(clean_app, owner.id, branch)

    sign_in(client, owner.username)
    act(client, clean_app, pid, "submit", "Ready for review.")

    # in the app: each coordinator, nobody else (admins hear only when no coordinator is active)
    told = notices(clean_app)
    assert sorted(n.recipient_id for n in told) == sorted([french.id, digest.id])
    assert {n.kind for n in told} == {"program_submit"} and admin.id not in told
    # by email: only the one who wants notices immediately, in French, both parts
    assert [to for _from, to in smtp.envelopes] == [[f"{french.username}@library.example"]]
    [message] = smtp.messages
    assert message["Subject"] == "« Tablet basics for seniors » a été soumis pour approbation"
    parts = smtp.parts(message)
    assert "Priya Natarajan l’a soumis" in parts["text"]
    assert "Commentaire : Ready for review." in parts["text"]
    assert '<html lang="fr">' in parts["html"]
    assert links_in(parts["text"]) == [f"/programs/{pid}"]
    assert f'href="http://localhost/programs/{pid}"' in parts["html"]
    emailed = {n.recipient_id: n.emailed_at for n in told}
    assert emailed[french.id] is not None and emailed[digest.id] is None

    client.post("/logout")
    sign_in(client, french.username)
    page = client.get(links_in(parts["text"])[0])
    assert page.status_code == 200 and "Tablet basics for seniors" in page.get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert 'id="unread-count">1</span>' in home


def test_returned_with_a_comment_the_owner_is_told_and_reads_it(
    clean_app, client, make_user, branch, smtp
):
    owner = make_user("programmer")
    coordinator = make_user("coordinator", full_name="Chantal Côté")
    pid = ready(clean_app, owner.id, branch, status=S.SUBMITTED)
    sign_in(client, coordinator.username)
    act(client, clean_app, pid, "return", "Please say how you will reach seniors at home.")

    [notice] = notices(clean_app)
    assert (notice.recipient_id, notice.kind, notice.actor_id) == (
        owner.id,
        "program_return",
        coordinator.id,
    )
    [message] = mail_to(smtp, f"{owner.username}@library.example")
    assert message["Subject"] == "“Tablet basics for seniors” was returned with comments"
    text = smtp.parts(message)["text"]
    assert "Chantal Côté returned it for changes." in text
    assert "Comment: Please say how you will reach seniors at home." in text

    client.post("/logout")
    sign_in(client, owner.username)
    inbox = client.get("/notices").get_data(as_text=True)
    assert "was returned with comments" in inbox and "reach seniors at home" in inbox


def test_each_decision_goes_to_the_owner_and_nobody_hears_of_their_own_act(
    clean_app, client, make_user, branch, smtp
):
    owner = make_user("programmer")
    coordinator = make_user("coordinator")
    sign_in(client, coordinator.username)
    for action, source, kind in (
        ("approve", S.SUBMITTED, "program_approve"),
        ("decline", S.SUBMITTED, "program_decline"),
        ("schedule", S.APPROVED, "program_schedule"),
        ("cancel", S.APPROVED, "program_cancel"),
    ):
        pid = ready(clean_app, owner.id, branch, status=source, title=f"Program {action}")
        act(client, clean_app, pid, action, "Noted.")
        assert [(n.kind, n.recipient_id) for n in notices(clean_app) if n.program_id == pid] == [
            (kind, owner.id)
        ]
    count = len(notices(clean_app))
    # deliver is not a hand-off; the owner cancelling their own program tells nobody
    client.post("/logout")
    sign_in(client, owner.username)
    pid = ready(clean_app, owner.id, branch, status=S.APPROVED, title="Own cancel")
    act(client, clean_app, pid, "cancel", "Presenter ill.")
    assert len(notices(clean_app)) == count
    assert len(smtp.messages) == count


def test_it_requests_reach_the_it_queue_and_moves_reach_the_owner(
    clean_app, client, make_user, branch, smtp
):
    owner = make_user("programmer")
    coordinator = make_user("coordinator")
    admin = make_user("admin")
    make_user("frontline")
    with clean_app.app_context():
        pid = make_program(owner.id, branch, status=S.APPROVED, title="Job search lab").id
        db.session.commit()
    sign_in(client, owner.username)
    response = client.post(
        f"/programs/{pid}/it_requests/new",
        data={"item": "laptops", "quantity": "8", "needed_by": "2027-03-01", "details": ""},
    )
    assert response.status_code == 302
    told = notices(clean_app)
    assert sorted(n.recipient_id for n in told) == sorted([coordinator.id, admin.id])
    assert {n.kind for n in told} == {"it_requested"}
    message = mail_to(smtp, f"{coordinator.username}@library.example")[0]
    assert message["Subject"] == "IT request for “Job search lab”: 8 × Laptops"
    assert "Needed by March 1, 2027." in smtp.parts(message)["text"]
    assert links_in(smtp.parts(message)["text"]) == ["/it-requests"]

    client.post("/logout")
    sign_in(client, coordinator.username)
    req = query(clean_app, sa.select(ITRequest.id))[0]
    response = client.post(
        f"/it-requests/{req}/advance", data={"seen_status": "requested", "it_notes": "Cart 2"}
    )
    assert response.status_code == 302
    moved = [n for n in notices(clean_app) if n.kind == "it_moved"]
    assert [n.recipient_id for n in moved] == [owner.id]
    message = mail_to(smtp, f"{owner.username}@library.example")[0]
    assert message["Subject"] == "Your IT request for “Job search lab” is now “Confirmed”"
    assert "Notes from IT: Cart 2" in smtp.parts(message)["text"]
    assert links_in(smtp.parts(message)["text"]) == [f"/programs/{pid}"]


def test_a_change_that_sends_a_confirmed_request_back_tells_it_again(
    clean_app, client, make_user, branch
):
    owner = make_user("programmer")
    coordinator = make_user("coordinator")
    with clean_app.app_context():
        pid = make_program(owner.id, branch, status=S.APPROVED).id
        req = add_it_request(pid, status=ITStatus.CONFIRMED).id
        db.session.commit()
    sign_in(client, owner.username)
    version = query(clean_app, sa.select(ITRequest.version).where(ITRequest.id == req))[0]
    data = {"item": "laptops", "quantity": "12", "needed_by": "2027-03-01", "details": ""}
    response = client.post(
        f"/programs/{pid}/it_requests/{req}", data={**data, "version": str(version)}
    )
    assert response.status_code == 302
    assert [(n.kind, n.recipient_id) for n in notices(clean_app)] == [
        ("it_reopened", coordinator.id)
    ]
    # a change of the details alone keeps the request confirmed: IT is not told
    version = query(clean_app, sa.select(ITRequest.version).where(ITRequest.id == req))[0]
    client.post(
        f"/programs/{pid}/it_requests/{req}",
        data={**data, "version": str(version), "details": "Chargers too"},
    )
    assert len(notices(clean_app)) == 1


def test_debriefs_received_reach_the_owner(clean_app, client, make_user, branch, smtp):
    owner = make_user("programmer")
    coordinator = make_user("coordinator", full_name="Chantal Côté")
    with clean_app.app_context():
        program = make_program(owner.id, branch, status=S.DELIVERED, title="Email basics")
        add_objective(program.id)
        pid = program.id
        _link, token = add_debrief_link(pid, name="Dana Fisher")
        db.session.commit()
    presenter = clean_app.test_client()
    presenter.get(f"/debrief/{token}")
    response = presenter.post("/debrief", data={"what_worked": "Pairs.", "o1_achieved": "yes"})
    assert response.status_code in (302, 422)
    if response.status_code == 422:  # the objective's field name carries its id
        objective = query(clean_app, sa.text("SELECT id FROM objectives"))[0]
        presenter.post("/debrief", data={"what_worked": "Pairs.", f"o{objective}_achieved": "yes"})
    [notice] = notices(clean_app)
    assert (notice.kind, notice.recipient_id, notice.params["author"]) == (
        "debrief_received",
        owner.id,
        "Dana Fisher",
    )
    [message] = smtp.messages
    assert message["Subject"] == "A debrief of “Email basics” was received"
    assert "From Dana Fisher." in smtp.parts(message)["text"]
    assert links_in(smtp.parts(message)["text"]) == [f"/programs/{pid}"]

    objective = query(clean_app, sa.text("SELECT id FROM objectives"))[0]
    staff = {"what_worked": "Good room.", f"o{objective}_achieved": "partly", "loaded": ""}
    sign_in(client, coordinator.username)
    assert client.post(f"/programs/{pid}/staff-debrief", data=staff).status_code == 302
    client.post("/logout")
    sign_in(client, owner.username)  # the owner's own debrief tells nobody
    assert client.post(f"/programs/{pid}/staff-debrief", data=staff).status_code == 302
    told = [(n.kind, n.recipient_id, n.actor_id) for n in notices(clean_app)]
    assert told[1:] == [("debrief_received", owner.id, coordinator.id)]


def test_a_finished_export_tells_whoever_asked_with_a_link_to_its_page(
    clean_app, client, make_user, monkeypatch, smtp
):
    coordinator = make_user("coordinator")
    set_user(clean_app, coordinator.id, language="fr")
    monkeypatch.setitem(
        jobs.HANDLERS, "export", lambda job, progress: ("programs.xlsx", "application/x", b"x")
    )
    monkeypatch.setitem(jobs.HANDLERS, "import", lambda job, progress: 1 / 0)
    with clean_app.app_context():
        done, _ = jobs.request_job("export", {}, user_id=coordinator.id)
        failed, _ = jobs.request_job("import", {}, user_id=coordinator.id)
        failed.max_attempts = 1
        db.session.commit()  # immediate queue: both run after the commit
        done_id, failed_id = done.id, failed.id
    assert query(clean_app, sa.select(Job.status).order_by(Job.id)) == ["done", "failed"]
    told = notices(clean_app, coordinator.id)
    assert [(n.kind, n.params["job_id"]) for n in told] == [
        ("job_done", done_id),
        ("job_failed", failed_id),
    ]
    assert told[1].params["error"] == ""  # a crash's traceback is not shown to people
    ready_mail = smtp.messages[0]
    assert ready_mail["Subject"] == "Votre exportation est prête"
    [path] = links_in(smtp.parts(ready_mail)["text"])
    assert path == f"/jobs/{done_id}"
    sign_in(client, coordinator.username)
    assert client.get(path).status_code == 200
