"""Administration pages through HTTP: branches, accounts, roles, deactivation, resets."""

import re

import sqlalchemy as sa

from program_planner.audit.models import AuditEvent
from program_planner.auth.models import Branch, User
from tests.conftest import PASSWORD, audit_actions, query, sign_in
from tests.editing import seen_version as page_version


def new_user_form(branch, **overrides):
    data = {
        "username": "jdoe",
        "full_name": "Jane Doe",
        "email": "jane@library.example",
        "role": "frontline",
        "branch_id": str(branch),
        "password": PASSWORD,
    }
    data.update(overrides)
    return data


def test_admin_creates_a_branch(clean_app, client, login_as):
    login_as("admin")
    response = client.post(
        "/admin/branches/new",
        data={"name": "Eastside Branch", "code": "eas", "address": "2 East Rd", "active": "y"},
    )
    assert response.status_code == 302
    rows = query(clean_app, sa.select(Branch.name, Branch.code).order_by(Branch.name))
    assert ("Eastside Branch", "EAS") in [tuple(r) for r in rows]
    assert "Eastside Branch" in client.get("/admin/branches").get_data(as_text=True)


def test_duplicate_branch_code_is_refused_at_the_field_keeping_input(client, login_as):
    login_as("admin")
    page = client.post(
        "/admin/branches/new",
        data={"name": "Another Central", "code": "cen", "address": "9 Elm St"},
    ).get_data(as_text=True)
    assert "Another branch already uses the code “CEN”." in page
    assert 'value="Another Central"' in page and 'value="9 Elm St"' in page


def test_branch_edit_and_unknown_branch(clean_app, client, login_as, branch):
    login_as("admin")
    response = client.post(
        f"/admin/branches/{branch}",
        data={
            "name": "Central Library",
            "code": "CEN",
            "address": "5 New Address",
            "version": page_version(client, f"/admin/branches/{branch}"),
        },
    )
    assert response.status_code == 302
    assert query(clean_app, sa.select(Branch.address)) == ["5 New Address"]
    assert client.get("/admin/branches/9999").status_code == 404


def test_admin_creates_an_account_that_must_change_its_password(
    clean_app, client, login_as, branch
):
    login_as("admin")
    response = client.post("/admin/users/new", data=new_user_form(branch))
    assert response.status_code == 302
    row = query(
        clean_app, sa.select(User.role, User.must_change_password).where(User.username == "jdoe")
    )[0]
    assert row.role.value == "frontline" and row.must_change_password
    assert "user_created" in audit_actions(clean_app)


def test_taken_username_and_weak_password_keep_everything_typed(
    client, login_as, branch, make_user
):
    make_user("programmer", username="jdoe")
    login_as("admin")
    page = client.post("/admin/users/new", data=new_user_form(branch)).get_data(as_text=True)
    assert "The username “jdoe” is already taken." in page
    assert 'value="Jane Doe"' in page and 'value="jane@library.example"' in page
    page = client.post(
        "/admin/users/new", data=new_user_form(branch, username="jdoe2", password="password1234")
    )
    page = page.get_data(as_text=True)
    assert "too common" in page and 'value="jdoe2"' in page
    assert re.search(
        r'<option selected value="frontline">|<option value="frontline" selected', page
    )


def test_over_long_and_invalid_fields_are_refused_at_the_field(client, login_as, branch):
    login_as("admin")
    page = client.post(
        "/admin/users/new",
        data=new_user_form(
            branch,
            full_name="N" * 500,
            username="bad name!",
            email="not-an-email",
            role="superuser",
            branch_id="0",
        ),
    ).get_data(as_text=True)
    assert "Field cannot be longer than 120 characters." in page
    assert "Use letters, digits, dots, hyphens and underscores only." in page
    assert "Enter a valid email address." in page
    assert "Not a valid choice." in page
    assert "Choose a branch." in page
    assert "N" * 500 in page


def seen_version(client, user_id) -> str:
    """Return the version the account's edit page gives its form, as a browser would post it."""
    page = client.get(f"/admin/users/{user_id}").get_data(as_text=True)
    return re.search(r'name="version" type="hidden" value="([0-9]+)"', page).group(1)


def test_role_change_is_audited(clean_app, client, login_as, make_user, branch):
    target = make_user("programmer")
    login_as("admin")
    response = client.post(
        f"/admin/users/{target.id}",
        data={
            "full_name": "Promoted Person",
            "email": "",
            "role": "coordinator",
            "branch_id": str(branch),
            "version": seen_version(client, target.id),
        },
    )
    assert response.status_code == 302
    event = query(clean_app, sa.select(AuditEvent).where(AuditEvent.action == "role_changed"))[0]
    assert event.details == {"old": "programmer", "new": "coordinator"}
    assert event.object_id == target.id


def test_programmer_cannot_make_themself_admin(clean_app, client, login_as, branch):
    me = login_as("programmer")
    response = client.post(
        f"/admin/users/{me.id}", data={"full_name": "Me", "role": "admin", "branch_id": str(branch)}
    )
    assert response.status_code == 403
    assert query(clean_app, sa.select(User.role).where(User.id == me.id))[0].value == "programmer"


def test_deactivate_and_reactivate(clean_app, client, login_as, make_user):
    target = make_user("frontline")
    login_as("admin")
    client.post(f"/admin/users/{target.id}/deactivate")
    assert query(clean_app, sa.select(User.active).where(User.id == target.id)) == [False]
    assert "user_deactivated" in audit_actions(clean_app)
    other = clean_app.test_client()
    assert "deactivated" in sign_in(other, target.username).get_data(as_text=True)
    client.post(f"/admin/users/{target.id}/reactivate")
    assert sign_in(other, target.username).status_code == 302


def test_admin_cannot_deactivate_themself(clean_app, client, login_as):
    me = login_as("admin")
    client.post(f"/admin/users/{me.id}/deactivate")
    page = client.get(f"/admin/users/{me.id}").get_data(as_text=True)
    assert "You cannot deactivate your own account." in page
    assert query(clean_app, sa.select(User.active).where(User.id == me.id)) == [True]


def test_last_admin_cannot_be_demoted(clean_app, client, login_as, make_user, branch):
    me = login_as("admin")
    data = {"full_name": "Me", "role": "programmer", "branch_id": str(branch)}
    data["version"] = seen_version(client, me.id)
    page = client.post(f"/admin/users/{me.id}", data=data).get_data(as_text=True)
    assert "last active administrator" in page
    make_user("admin")
    data.update(role="coordinator", version=seen_version(client, me.id))
    assert client.post(f"/admin/users/{me.id}", data=data).status_code == 302


def test_reset_password_shows_a_temporary_password_once(clean_app, client, login_as, make_user):
    target = make_user("coordinator")
    login_as("admin")
    page = client.post(f"/admin/users/{target.id}/reset-password").get_data(as_text=True)
    temporary = re.search(r'id="temporary-password">([a-z0-9-]+)<', page).group(1)
    assert len(temporary) == 19
    other = clean_app.test_client()
    assert sign_in(other, target.username, PASSWORD).status_code == 200
    assert sign_in(other, target.username, temporary).status_code == 302
    assert other.get("/").headers["Location"] == "/account/password"
    assert "password_reset" in audit_actions(clean_app)
    details = repr(query(clean_app, sa.select(AuditEvent.details)))
    assert temporary not in details


def test_user_list_search_and_unknown_ids(client, login_as, make_user):
    make_user("frontline", full_name="Frank Osei")
    make_user("coordinator", full_name="Chantal Côté")
    login_as("admin")
    page = client.get("/admin/users?q=frank").get_data(as_text=True)
    assert "Frank Osei" in page and "Chantal Côté" not in page
    assert client.get("/admin/users/99999").status_code == 404
    assert client.post("/admin/users/99999/deactivate").status_code == 404


def test_audit_log_lists_events(client, login_as):
    login_as("admin")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert " signed in<" in page and "created the account of " in page
    assert "<code>login</code>" not in page and "user_created<" not in page
