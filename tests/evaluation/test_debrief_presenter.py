"""The presenter's debrief: the private link, its checks, the form, storing it once."""

import hmac
import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa

from program_planner.db import utcnow
from program_planner.evaluation.debriefs import service
from program_planner.evaluation.models import (
    Achievement,
    Debrief,
    DebriefKind,
    DebriefLink,
    DebriefObjective,
)
from program_planner.extensions import db
from tests.conftest import csrf_token_from, query
from tests.evaluation.factories_debriefs import add_debrief_link
from tests.evaluation.test_debrief_links import setup_program


@pytest.fixture
def opened(clean_app, client, make_user, branch):
    """A program with two objectives and a waiting link; return ids and the token."""
    owner = make_user("programmer")
    pid, _ = setup_program(clean_app, owner.id, branch)
    with clean_app.app_context():
        link, token = add_debrief_link(pid, name="Dana Fisher")
        db.session.commit()
        objectives = [
            o.id for o in service.program_objectives(pid)
        ]  # in order: confident, e-resources
        return {"program_id": pid, "link_id": link.id, "token": token, "objectives": objectives}


def answers(objectives, **extra):
    first, second = objectives
    return {
        f"o{first}_achieved": "yes",
        f"o{first}_why": "Everyone sent an email by the end.",
        f"o{second}_achieved": "partly",
        f"o{second}_why": "We ran out of time for e-books.",
        "what_worked": "Pairs of learners at each laptop.",
        "what_to_change": "Two sessions instead of one.",
        "problems": "The projector cable was missing.",
        "would_return": "yes",
        **extra,
    }


def debriefs(app):
    return query(app, sa.select(Debrief).order_by(Debrief.id))


def test_the_link_redirects_to_a_page_without_the_token(clean_app, client, opened):
    response = client.get(f"/debrief/{opened['token']}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/debrief"
    assert opened["token"] not in response.get_data(as_text=True)
    page = client.get("/debrief")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert opened["token"] not in html
    assert "Presenter debrief: Computer basics for seniors" in html and "Hello Dana Fisher" in html
    assert "Participants feel confident using email" in html
    assert "Participants learn about library e-resources" in html
    assert "Can't say" in html
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["Cache-Control"] == "no-store"


def test_the_presenter_sends_the_debrief_once(clean_app, client, opened):
    client.get(f"/debrief/{opened['token']}")
    data = answers(opened["objectives"])
    response = client.post("/debrief", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/debrief"
    assert "your debrief was received" in client.get("/debrief").get_data(as_text=True)

    [debrief] = debriefs(clean_app)
    assert (debrief.kind, debrief.link_id, debrief.author_name, debrief.author_id) == (
        DebriefKind.PRESENTER,
        opened["link_id"],
        "Dana Fisher",
        None,
    )
    assert (debrief.what_worked, debrief.what_to_change, debrief.problems) == (
        "Pairs of learners at each laptop.",
        "Two sessions instead of one.",
        "The projector cable was missing.",
    )
    assert debrief.would_return == "yes" and debrief.program_id == opened["program_id"]
    rows = query(
        clean_app,
        sa.select(DebriefObjective.objective_id, DebriefObjective.achieved, DebriefObjective.why)
        .where(DebriefObjective.debrief_id == debrief.id)
        .order_by(DebriefObjective.objective_id),
    )
    first, second = opened["objectives"]
    assert [tuple(r) for r in rows] == [
        (first, Achievement.YES, "Everyone sent an email by the end."),
        (second, Achievement.PARTLY, "We ran out of time for e-books."),
    ]
    used = query(clean_app, sa.select(DebriefLink.used_at))
    assert used[0] is not None

    # A second submit stores nothing twice; the link now refuses to open the form.
    again = client.post("/debrief", data=data)
    assert again.status_code == 200 and "your debrief was received" in again.get_data(as_text=True)
    reopened = client.get(f"/debrief/{opened['token']}")
    page = reopened.get_data(as_text=True)
    assert reopened.status_code == 410
    assert "This link has already been used" in page and "Ask the library for a new one" in page
    assert 'id="presenter-debrief"' not in page
    assert len(debriefs(clean_app)) == 1


def test_a_double_post_from_the_same_form_stores_one_debrief(clean_app, client, opened):
    client.get(f"/debrief/{opened['token']}")
    second_tab = clean_app.test_client()
    cookie = client.get_cookie("session")
    second_tab.set_cookie("session", cookie.value)  # the same browser, before the first answer
    data = answers(opened["objectives"])
    assert client.post("/debrief", data=data).status_code == 302
    late = second_tab.post("/debrief", data={**data, "what_worked": "Sent twice"})
    assert late.status_code == 200 and "your debrief was received" in late.get_data(as_text=True)
    [debrief] = debriefs(clean_app)
    assert debrief.what_worked == "Pairs of learners at each laptop."


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"expires_at": utcnow() - timedelta(minutes=1)}, 410, "This link has expired"),
        ({"revoked_at": utcnow()}, 410, "This link no longer works"),
        ({"used_at": utcnow()}, 410, "This link has already been used"),
    ],
)
def test_expired_revoked_and_used_links_are_refused(
    clean_app, client, opened, change, status, message
):
    with clean_app.app_context():
        link = db.session.get(DebriefLink, opened["link_id"])
        for key, value in change.items():
            setattr(link, key, value)
        db.session.commit()
    response = client.get(f"/debrief/{opened['token']}")
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in page and "Ask the library for a new one" in page
    assert 'id="presenter-debrief"' not in page
    assert client.get("/debrief").status_code == 404  # nothing was opened


def test_a_link_revoked_while_the_form_is_open_stores_nothing(clean_app, client, opened):
    client.get(f"/debrief/{opened['token']}")
    with clean_app.app_context():
        db.session.get(DebriefLink, opened["link_id"]).revoked_at = utcnow()
        db.session.commit()
    response = client.post("/debrief", data=answers(opened["objectives"]))
    assert response.status_code == 410 and "no longer works" in response.get_data(as_text=True)
    assert debriefs(clean_app) == []


def test_wrong_tokens_are_refused(clean_app, client, opened):
    wrong = secrets.token_urlsafe(32)
    for token in (wrong, opened["token"][:-1], "x" * 500):
        response = client.get(f"/debrief/{token}")
        page = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "This link is not valid" in page and 'id="presenter-debrief"' not in page
    response = client.get("/debrief")
    assert response.status_code == 404 and "not valid" in response.get_data(as_text=True)


def test_lookup_compares_hashes_in_constant_time(clean_app, opened, monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(service.hmac, "compare_digest", spy)
    token = opened["token"]
    wrong = ("A" if token[0] != "A" else "B") + token[1:]  # same length, one character off
    with clean_app.app_context():
        assert service.find_link(wrong) is None
        assert len(calls) == 1  # compared even though no row matched
        found = service.find_link(token)
        assert found is not None and found.id == opened["link_id"]
        assert len(calls) == 2 and calls[1][0] == calls[1][1]
        assert service.find_link("") is None


def test_missing_answers_are_shown_at_the_field_and_typed_text_kept(clean_app, client, opened):
    client.get(f"/debrief/{opened['token']}")
    first, second = opened["objectives"]
    data = answers(opened["objectives"])
    del data[f"o{second}_achieved"]
    response = client.post("/debrief", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="o{second}_achieved-error"' in page and "“Can't say” is fine" in page
    assert "Pairs of learners at each laptop." in page and "We ran out of time for e-books." in page
    assert f'<input checked class="form-check-input" id="o{first}_achieved-0"' in page
    assert debriefs(clean_app) == []
    assert query(clean_app, sa.select(DebriefLink.used_at)) == [None]


def test_an_expired_form_token_keeps_everything_typed(clean_app, client, opened, monkeypatch):
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    client.get(f"/debrief/{opened['token']}")
    data = answers(opened["objectives"])
    response = client.post("/debrief", data={**data, "csrf_token": "stale"})
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 422) and 'id="form-expired"' in page
    assert (
        "Pairs of learners at each laptop." in page and "The projector cable was missing." in page
    )
    assert debriefs(clean_app) == []
    response = client.post("/debrief", data={**data, "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302 and len(debriefs(clean_app)) == 1


def test_a_post_without_an_open_link_or_token_is_refused(clean_app, client, opened, monkeypatch):
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    assert client.post("/debrief", data=answers(opened["objectives"])).status_code == 400
    assert debriefs(clean_app) == []


def test_the_presenter_may_switch_to_french(clean_app, client, opened):
    client.get(f"/debrief/{opened['token']}")
    response = client.post("/language", data={"lang": "fr", "next": "/debrief?"})
    assert response.status_code == 302
    page = client.get("/debrief").get_data(as_text=True)
    assert '<html lang="fr">' in page and 'id="presenter-debrief"' in page


def test_opening_links_is_rate_limited_per_address(clean_app, client, opened):
    statuses = [client.get(f"/debrief/{secrets.token_urlsafe(32)}").status_code for _ in range(30)]
    assert set(statuses) == {404}
    assert client.get(f"/debrief/{opened['token']}").status_code == 429
    other_address = client.get(
        f"/debrief/{opened['token']}", environ_base={"REMOTE_ADDR": "10.0.0.7"}
    )
    assert other_address.status_code == 302
