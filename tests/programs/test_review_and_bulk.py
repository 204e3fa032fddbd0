"""The coordinator's review box, resubmissions, bulk approve and export from the list, and the
export page's default stage."""

import io
import re

import openpyxl
import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.programs.models import Program, Status
from tests.conftest import query
from tests.conftest import sign_in as first_sign_in
from tests.factories import make_program, make_ready_program

S = Status


def ready(app, owner_id, branch, status=S.SUBMITTED, title="Newcomers' circle"):
    with app.app_context():
        program = make_ready_program(owner_id, branch, status=status, title=title)
        db.session.commit()
        return program.id


def sign_in(client, username):
    """Sign out whoever is signed in, then sign in as username."""
    client.post("/logout")
    assert first_sign_in(client, username).status_code == 302


def version(app, pid):
    return query(app, sa.select(Program.version).where(Program.id == pid))[0]


def status_of(app, pid):
    return query(app, sa.select(Program.status).where(Program.id == pid))[0]


def test_one_comment_box_with_every_action_button(clean_app, client, make_user, branch):
    pid = ready(clean_app, make_user("programmer").id, branch)
    sign_in(client, make_user("coordinator").username)
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert page.count('name="comment"') == 1
    for action in ("approve", "return", "decline"):
        assert f'formaction="/programs/{pid}/{action}"' in page
    assert "required for: Return with comments, Decline, Cancel program" in page


def test_text_typed_is_kept_when_the_action_is_refused(clean_app, client, make_user, branch):
    pid = ready(clean_app, make_user("programmer").id, branch)
    sign_in(client, make_user("coordinator").username)
    stale = version(clean_app, pid) - 1
    response = client.post(
        f"/programs/{pid}/decline", data={"comment": "Not this fiscal year.", "version": stale}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The program changed since you opened the page" in page
    assert re.search(r'<textarea[^>]*id="transition-comment"[^>]*>\s*Not this fiscal year\.', page)
    assert page.count('name="comment"') == 1
    # a return without a comment: refused in the same box
    response = client.post(f"/programs/{pid}/return", data={"version": version(clean_app, pid)})
    assert response.status_code == 422
    assert "Please add a comment explaining why." in response.get_data(as_text=True)
    assert status_of(clean_app, pid) == S.SUBMITTED


def test_the_return_reason_is_above_the_resubmit_button_and_resubmissions_are_marked(
    clean_app, client, make_user, branch
):
    owner = make_user("programmer")
    pid = ready(clean_app, owner.id, branch)
    fresh = ready(clean_app, owner.id, branch, title="Fresh proposal")
    coordinator = make_user("coordinator")
    sign_in(client, coordinator.username)
    home = client.get("/").get_data(as_text=True)
    assert "Resubmitted after changes" not in home
    data = {
        "comment": "Say how seniors at home will hear of it.",
        "version": version(clean_app, pid),
    }
    assert client.post(f"/programs/{pid}/return", data=data).status_code == 302

    sign_in(client, owner.username)
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    actions = page[
        page.index('id="actions"') : page.index("</section>", page.index('id="actions"'))
    ]
    assert actions.index('id="return-comment"') < actions.index("Submit for approval")
    assert "Say how seniors at home will hear of it." in actions
    assert page.count('id="return-comment"') == 1
    data = {"comment": "Added phone calls.", "version": version(clean_app, pid)}
    assert client.post(f"/programs/{pid}/submit", data=data).status_code == 302

    sign_in(client, coordinator.username)
    home = client.get("/").get_data(as_text=True)
    review = home[home.index('id="review-h"') :]
    marked = re.findall(
        r'href="/programs/(\d+)">[^<]*</a>\s*(<span class="badge[^"]*resubmitted)?', review
    )
    assert (str(pid), '<span class="badge text-bg-info ms-1 resubmitted') in marked
    assert (str(fresh), "") in marked


def test_approved_and_scheduled_are_explained(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    approved = ready(clean_app, owner.id, branch, status=S.APPROVED)
    scheduled = ready(clean_app, owner.id, branch, status=S.SCHEDULED, title="Other")
    sign_in(client, owner.username)
    page = client.get(f"/programs/{approved}").get_data(as_text=True)
    assert "Approved: the coordinator accepted the proposal." in page
    assert "Mark as scheduled once the dates, venue and presenters are confirmed." in page
    page = client.get(f"/programs/{scheduled}").get_data(as_text=True)
    assert "Scheduled: approved, with its dates, venue and presenters confirmed." in page


def test_bulk_approve_of_mixed_states_says_what_happened_to_each(
    clean_app, client, make_user, branch
):
    owner = make_user("programmer")
    first = ready(clean_app, owner.id, branch, title="First")
    second = ready(clean_app, owner.id, branch, title="Second")
    draft = ready(clean_app, owner.id, branch, status=S.DRAFT, title="Still a draft")
    stale = ready(clean_app, owner.id, branch, title="Changed meanwhile")
    already = ready(clean_app, owner.id, branch, status=S.APPROVED, title="Approved before")
    sign_in(client, make_user("coordinator").username)
    page = client.get("/programs").get_data(as_text=True)
    assert "Approve selected" in page and "Export selected" in page
    assert f'value="{first}:{version(clean_app, first)}"' in page
    ticked = [f"{pid}:{version(clean_app, pid)}" for pid in (first, second, draft, already)] + [
        f"{stale}:{version(clean_app, stale) - 1}",
        "999999:1",
        "junk",
    ]
    response = client.post(
        "/programs/approve-selected", data={"program": ticked, "next": "/programs?q=e"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    approved = page[page.index('id="bulk-approved"') : page.index("</section>")]
    assert "2 programs approved" in approved and ">First</a>" in approved
    assert ">Second</a>" in approved and "draft" not in approved
    refused = page[page.index('id="bulk-refused"') :]
    assert "3 programs not approved" in refused
    assert ">Still a draft</a>: A program that is “Draft” cannot be “Approve”." in refused
    assert ">Changed meanwhile</a>: It changed since the list was shown" in refused
    assert ">Approved before</a>: A program that is “Approved” cannot be" in refused
    assert "1 selected program no longer exists." in page
    assert 'href="/programs?q=e"' in page
    statuses = {pid: status_of(clean_app, pid) for pid in (first, second, draft, stale, already)}
    assert statuses == {
        first: S.APPROVED,
        second: S.APPROVED,
        draft: S.DRAFT,
        stale: S.SUBMITTED,
        already: S.APPROVED,
    }


def test_bulk_actions_need_a_ticked_program_and_the_right_role(
    clean_app, client, make_user, branch
):
    owner = make_user("programmer")
    pid = ready(clean_app, owner.id, branch)
    sign_in(client, owner.username)
    assert "Approve selected" not in client.get("/programs").get_data(as_text=True)
    data = {"program": [f"{pid}:{version(clean_app, pid)}"]}
    assert client.post("/programs/approve-selected", data=data).status_code == 403
    assert client.post("/programs/export-selected", data=data).status_code == 403
    sign_in(client, make_user("frontline").username)
    assert client.post("/programs/approve-selected", data=data).status_code == 403
    assert status_of(clean_app, pid) == S.SUBMITTED
    sign_in(client, make_user("coordinator").username)
    response = client.post("/programs/approve-selected", data={}, follow_redirects=True)
    assert "Tick at least one program first." in response.get_data(as_text=True)
    response = client.post("/programs/export-selected", data={}, follow_redirects=True)
    assert "Tick at least one program first." in response.get_data(as_text=True)


def test_export_selected_downloads_the_ticked_programs(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    wanted = [ready(clean_app, owner.id, branch, title=t) for t in ("Alpha club", "Beta club")]
    ready(clean_app, owner.id, branch, title="Gamma club")
    sign_in(client, make_user("coordinator").username)
    response = client.post(
        "/programs/export-selected", data={"program": [f"{pid}:1" for pid in wanted]}
    )
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    workbook = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    text = " ".join(
        str(cell) for row in workbook["Summary"].iter_rows(values_only=True) for cell in row
    )
    assert "Alpha club" in text and "Beta club" in text and "Gamma club" not in text


def test_the_export_page_defaults_to_programs_approved_or_later(
    clean_app, client, make_user, branch
):
    owner = make_user("programmer")
    with clean_app.app_context():
        for status in (S.DRAFT, S.SUBMITTED, S.APPROVED, S.DELIVERED, S.CANCELLED):
            make_program(owner.id, branch, status=status, title=f"A {status.value} one")
        db.session.commit()
    sign_in(client, make_user("coordinator").username)
    page = client.get("/export").get_data(as_text=True)
    assert "2 programs match these filters." in page
    assert '<option selected value="published">Approved or later</option>' in page
    page = client.get("/export?stage=").get_data(as_text=True)
    assert "5 programs match these filters." in page
    page = client.get("/export?status=cancelled").get_data(as_text=True)
    assert "1 program matches these filters." in page
    page = client.get("/programs?stage=proposal").get_data(as_text=True)
    assert "2 programs" in page and "A draft one" in page and "A approved one" not in page
