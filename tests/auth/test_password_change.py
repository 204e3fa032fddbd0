"""Changing one's password, and temporary passwords that must be changed."""

from tests.conftest import PASSWORD, sign_in

NEW = "velvet-compass-harvest-71"


def change(client, current=PASSWORD, new=NEW, confirm=None):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm_password": confirm if confirm is not None else new,
        },
    )


def test_change_password_ends_other_sessions_but_not_this_one(clean_app, client, make_user):
    user = make_user()
    other = clean_app.test_client()
    sign_in(other, user.username)
    sign_in(client, user.username)
    response = change(client)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    client.post("/logout")
    assert sign_in(client, user.username, PASSWORD).status_code == 200
    assert sign_in(client, user.username, NEW).status_code == 302


def test_wrong_current_password_is_shown_at_that_field(client, login_as):
    login_as()
    page = change(client, current="not-my-password-x").get_data(as_text=True)
    assert "Your current password is not correct." in page


def test_short_and_common_passwords_are_refused(client, login_as):
    login_as()
    assert "Use at least 12 characters." in change(client, new="short-pw").get_data(as_text=True)
    page = change(client, new="password1234").get_data(as_text=True)
    assert "too common or too easy to guess" in page


def test_mismatched_confirmation(client, login_as):
    login_as()
    page = change(client, confirm=NEW + "x").get_data(as_text=True)
    assert "The two new passwords do not match." in page


def test_a_long_passphrase_is_accepted(client, login_as):
    login_as()
    phrase = "the quiet river carries paper boats past the old mill every spring " * 1
    assert len(phrase) > 64
    assert change(client, new=phrase).status_code == 302


def test_temporary_password_must_be_changed_first(client, make_user):
    user = make_user(must_change_password=True)
    sign_in(client, user.username)
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/account/password"
    assert "temporary password" in client.get("/account/password").get_data(as_text=True)
    assert change(client).status_code == 302
    assert client.get("/").status_code == 200
