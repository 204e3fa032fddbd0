"""The inbox through HTTP: listing, marking read, the unread count, one's preferences."""

import sqlalchemy as sa

from program_planner.auth.models import User
from program_planner.extensions import db
from program_planner.notifications.models import Notification
from tests.conftest import count_statements, query
from tests.factories import make_program
from tests.notifications.factories import add_notice


def add_notices(app, user_id, branch, n, title="Tablet basics"):
    with app.app_context():
        program = make_program(user_id, branch, title=title)
        ids = [add_notice(user_id, program.id, comment=f"Comment {i}").id for i in range(n)]
        db.session.commit()
        return program.id, ids


def read_at(app, notice_id):
    return query(app, sa.select(Notification.read_at).where(Notification.id == notice_id))[0]


def test_the_inbox_lists_my_notices_newest_first_and_the_bar_counts_unread(
    clean_app, client, login_as, make_user, branch
):
    me = login_as("programmer")
    someone = make_user("programmer")
    pid, (first, second) = add_notices(clean_app, me.id, branch, 2)
    add_notices(clean_app, someone.id, branch, 3, title="Not mine")
    page = client.get("/notices").get_data(as_text=True)
    assert page.index(f'data-notice="{second}"') < page.index(f'data-notice="{first}"')
    assert "“Tablet basics” was approved" in page and "Comment: Comment 1" in page
    assert "Not mine" not in page
    assert '<span class="badge text-bg-warning" id="unread-count">2</span>' in page
    assert "2 unread notices." in page

    # mark one read: it stays listed, the count goes down
    assert client.post(f"/notices/{first}/read").status_code == 302
    assert read_at(clean_app, first) is not None
    page = client.get("/notices").get_data(as_text=True)
    assert 'id="unread-count">1</span>' in page and f'data-notice="{first}" data-read="yes"' in page

    # opening a notice marks it read and goes to its program
    response = client.post(f"/notices/{second}/open")
    assert response.status_code == 302 and response.headers["Location"] == f"/programs/{pid}"
    assert read_at(clean_app, second) is not None
    assert 'id="unread-count"' not in client.get("/").get_data(as_text=True)


def test_mark_all_read_touches_only_my_notices(clean_app, client, login_as, make_user, branch):
    me = login_as("coordinator")
    someone = make_user("programmer")
    _pid, mine = add_notices(clean_app, me.id, branch, 3)
    _pid, theirs = add_notices(clean_app, someone.id, branch, 1)
    response = client.post("/notices/read-all", follow_redirects=True)
    assert "All your notices are marked read." in response.get_data(as_text=True)
    assert all(read_at(clean_app, i) for i in mine)
    assert read_at(clean_app, theirs[0]) is None


def test_another_persons_notice_does_not_exist_for_me(
    clean_app, client, login_as, make_user, branch
):
    someone = make_user("programmer")
    _pid, (theirs,) = add_notices(clean_app, someone.id, branch, 1)
    login_as("admin")
    assert client.post(f"/notices/{theirs}/read").status_code == 404
    assert client.post(f"/notices/{theirs}/open").status_code == 404
    assert client.post("/notices/99999999/read").status_code == 404
    assert read_at(clean_app, theirs) is None
    assert client.get(f"/notices/{theirs}/read").status_code == 405  # no change on GET


def test_the_unread_count_is_capped_and_costs_one_query_whatever_the_number(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    add_notices(clean_app, me.id, branch, 1)
    few_home = count_statements(clean_app, client, "/")
    few_inbox = count_statements(clean_app, client, "/notices")
    add_notices(clean_app, me.id, branch, 120, title="Many")
    assert count_statements(clean_app, client, "/") == few_home
    assert count_statements(clean_app, client, "/notices") == few_inbox
    page = client.get("/notices").get_data(as_text=True)
    assert 'id="unread-count">99+</span>' in page
    assert "Older" in client.get("/notices").get_data(as_text=True)
    assert 'data-notice="' in client.get("/notices?page=5").get_data(as_text=True)


def test_an_erased_actor_reads_as_former_staff(clean_app, client, login_as, make_user, branch):
    me = login_as("programmer")
    coordinator = make_user("coordinator", full_name="Chantal Côté")
    with clean_app.app_context():
        program = make_program(me.id, branch)
        notice = add_notice(me.id, program.id, kind="program_return", comment="Fix it.")
        notice.actor_id = coordinator.id
        db.session.commit()
    assert "Chantal Côté returned it" in client.get("/notices").get_data(as_text=True)
    with clean_app.app_context():
        from program_planner.db import utcnow

        db.session.execute(
            sa.update(User).where(User.id == coordinator.id).values(erased_at=utcnow())
        )
        db.session.commit()
    assert "former staff returned it" in client.get("/notices").get_data(as_text=True)


def test_preferences_are_mine_to_set_and_bad_values_are_refused(clean_app, client, login_as):
    me = login_as("frontline")
    page = client.get("/account/preferences").get_data(as_text=True)
    assert 'value="immediately" checked' in page or "checked" in page
    response = client.post(
        "/account/preferences", data={"email_notices": "digest", "language": "fr"}
    )
    assert response.status_code == 302
    assert query(
        clean_app, sa.select(User.email_notices, User.language).where(User.id == me.id)
    ) == [("digest", "fr")]
    response = client.post("/account/preferences", data={"email_notices": "hourly", "language": ""})
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    response = client.post("/account/preferences", data={"email_notices": "none", "language": ""})
    assert response.status_code == 302
    assert query(
        clean_app, sa.select(User.email_notices, User.language).where(User.id == me.id)
    ) == [("none", None)]


def test_the_inbox_in_french(clean_app, client, login_as, branch):
    me = login_as("programmer")
    add_notices(clean_app, me.id, branch, 1)
    client.post("/language", data={"lang": "fr"})
    page = client.get("/notices").get_data(as_text=True)
    assert "« Tablet basics » a été approuvé" in page and "Mes avis" in page


def test_mail_subjects_and_plain_parts_are_not_html_escaped(clean_app):
    from program_planner.mail.service import render_mail

    context = {
        "headline": "“Newcomers' circle & more” was approved",
        "lines": ["a < b"],
        "link": "http://localhost/jobs?a=1&b=2",
        "link_text": "Open",
    }
    with clean_app.app_context():
        subject, text, html = render_mail("notice", "en", context)
    assert subject == "“Newcomers' circle & more” was approved"
    assert "a < b" in text and "Open: http://localhost/jobs?a=1&b=2" in text
    assert "Newcomers&#39; circle &amp; more" in html and "a &lt; b" in html
