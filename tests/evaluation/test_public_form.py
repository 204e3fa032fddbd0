"""The attendee's form by link: answers stored once, anonymous, in English or French."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from program_planner.evaluation.models import (
    Answer,
    EvaluationLink,
    Response,
    ResponseChannel,
    ResponseKind,
)
from program_planner.extensions import db
from program_planner.programs.models import Program, Status
from tests.conftest import count_statements, counting_statements, csrf_token_from, query
from tests.evaluation.factories_public import (
    add_link,
    add_question,
    make_public_form,
    valid_answers,
)


@pytest.fixture
def form(clean_app, make_user, branch):
    owner = make_user("programmer")
    return make_public_form(clean_app, owner.id, branch)


def responses(app):
    return query(app, sa.select(Response.id))


def stored_answers(app):
    rows = query(
        app,
        sa.select(Answer.question_id, Answer.value_number, Answer.value_text).order_by(
            Answer.question_id, Answer.value_text
        ),
    )
    return [tuple(r) for r in rows]


def test_form_shows_program_session_and_every_question_without_staff_navigation(client, form):
    page = client.get(f"/f/{form.token}").get_data(as_text=True)
    assert "Computer basics for seniors" in page
    assert "Wednesday, March 3, 2027" in page  # the session, in the library's time zone
    for text in ("I learned something new", "How did you hear about this program?", "Your age"):
        assert text in page
    assert "<legend" in page and "<fieldset" in page
    assert 'id="main-nav"' not in page and "Sign out" not in page
    assert 'hreflang="fr"' in page  # the language switch
    assert 'name="submission_key"' in page


def test_form_in_french(client, form):
    page = client.get(f"/f/{form.token}?lang=fr").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "J'ai appris quelque chose de nouveau" in page or "J&#39;ai appris" in page
    assert "Site web de la bibliothèque" in page
    assert "mercredi 3 mars 2027" in page
    assert "How did you hear" not in page


def test_valid_answers_are_stored_exactly_and_anonymously(clean_app, client, form):
    response = client.post(f"/f/{form.token}?lang=fr", data=valid_answers(form))
    assert response.status_code == 302
    assert f"/f/{form.token}/thanks" in response.headers["Location"]
    assert "lang=fr" in response.headers["Location"]
    q = form.q
    assert stored_answers(clean_app) == sorted(
        [
            (q["learned"], Decimal(4), None),
            (q["rating"], Decimal(5), None),
            (q["first"], Decimal(1), None),
            (q["age"], None, "65+"),
            (q["heard"], None, "friend"),
            (q["heard"], None, "website"),
            (q["sessions"], Decimal(3), None),
            (q["comments"], None, "Very helpful, thank you!"),
        ],
        key=lambda r: (r[0], r[2] or ""),
    )
    with clean_app.app_context():
        stored = db.session.scalars(sa.select(Response)).one()
        assert stored.channel == ResponseChannel.ONLINE
        assert stored.kind == ResponseKind.IMMEDIATE
        assert stored.language == "fr"
        assert stored.entered_by_id is None and stored.import_batch_id is None
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<h1 class="h3" id="thanks">Merci !</h1>' in thanks  # in French, as asked
    assert "Thank you" not in thanks


def test_nothing_identifying_is_stored_with_a_response(clean_app, client, form, login_as):
    login_as("coordinator")  # even a signed-in visitor stays anonymous
    client.post(
        f"/f/{form.token}",
        data=valid_answers(form),
        headers={"User-Agent": "Secret-Browser/1.0", "X-Forwarded-For": "203.0.113.9"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    with clean_app.app_context():
        inspector = sa.inspect(db.engine)
        columns = {c["name"] for t in ("responses", "answers") for c in inspector.get_columns(t)}
    for forbidden in ("ip", "ip_address", "user_agent", "user_id", "account_id", "email"):
        assert forbidden not in columns
    with clean_app.app_context():
        rows = db.session.execute(sa.select(Response.__table__)).mappings().all()
        rows += db.session.execute(sa.select(Answer.__table__)).mappings().all()
    values = " ".join(str(v) for row in rows for v in row.values())
    assert "198.51.100.7" not in values and "203.0.113.9" not in values
    assert "Secret-Browser" not in values
    assert all(row.get("entered_by_id") is None for row in rows)


def test_missing_required_answer_keeps_everything_typed(clean_app, client, form):
    data = valid_answers(form)
    del data[form.names["learned"]]
    data[form.names["comments"]] = "Keep this <b>comment</b> please"
    data[form.names["sessions"]] = "lots"
    response = client.post(f"/f/{form.token}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-summary"' in page
    assert f'href="#{form.names["learned"]}-0"' in page  # the summary links to the question
    assert "Please answer this question." in page and "Enter a number." in page
    assert 'aria-invalid="true"' in page
    assert "Keep this &lt;b&gt;comment&lt;/b&gt; please" in page
    assert 'value="lots"' in page
    assert (
        'value="65+" checked' in page
        or 'checked value="65+"' in page
        or ('value="65+"' in page and "checked" in page)
    )
    assert 'value="kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"' in page  # same key: a resend is stored once
    assert responses(clean_app) == []


def test_double_submission_stores_one_response(clean_app, client, form):
    first = client.post(f"/f/{form.token}", data=valid_answers(form))
    second = client.post(f"/f/{form.token}", data=valid_answers(form))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(responses(clean_app)) == 1


def test_follow_up_and_session_links_store_their_kind_and_session(clean_app, client, form):
    with clean_app.app_context():
        follow_up = add_link(form.program_id, kind=ResponseKind.FOLLOW_UP).token
        session_link = add_link(form.program_id, occurrence_id=form.occurrence_id).token
        db.session.commit()
    client.post(f"/f/{follow_up}", data={**valid_answers(form), "submission_key": "f" * 32})
    client.post(f"/f/{session_link}", data={**valid_answers(form), "submission_key": "s" * 32})
    rows = query(
        clean_app,
        sa.select(Response.submission_key, Response.kind, Response.occurrence_id).order_by(
            Response.submission_key
        ),
    )
    assert [tuple(r) for r in rows] == [
        ("f" * 32, ResponseKind.FOLLOW_UP, None),
        ("s" * 32, ResponseKind.IMMEDIATE, form.occurrence_id),
    ]
    page = client.get(f"/f/{follow_up}").get_data(as_text=True)
    assert "Follow-up survey" in page


def test_hostile_submission_key_is_replaced(clean_app, client, form):
    data = {**valid_answers(form), "submission_key": "x" * 500 + "\x00"}
    assert client.post(f"/f/{form.token}", data=data).status_code == 302
    keys = query(clean_app, sa.select(Response.submission_key))
    assert len(keys) == 1 and len(keys[0]) <= 64 and "\x00" not in keys[0]


@pytest.mark.parametrize("how", ["inactive", "cancelled", "closed", "declined"])
def test_closed_form_is_polite_and_stores_nothing(clean_app, client, form, how):
    with clean_app.app_context():
        if how == "inactive":
            db.session.get(EvaluationLink, form.link_id).active = False
        else:
            db.session.get(Program, form.program_id).status = Status(how)
        db.session.commit()
    page = client.get(f"/f/{form.token}")
    assert page.status_code == 410
    assert "This form is closed" in page.get_data(as_text=True)
    posted = client.post(f"/f/{form.token}", data=valid_answers(form))
    assert posted.status_code == 410
    assert responses(clean_app) == []
    french = client.get(f"/f/{form.token}?lang=fr").get_data(as_text=True)
    assert '<html lang="fr">' in french


def test_unknown_token_is_a_public_404(client, form):
    response = client.get("/f/not-a-real-token")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Form not found" in page and 'id="main-nav"' not in page
    assert client.post("/f/not-a-real-token", data=valid_answers(form)).status_code == 404
    assert client.get("/f/" + "a" * 300).status_code == 404


def test_expired_token_keeps_every_answer(clean_app, client, form, monkeypatch):
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    data = {**valid_answers(form), "csrf_token": "stale"}
    data[form.names["comments"]] = "Typed an hour ago"
    response = client.post(f"/f/{form.token}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 422)
    assert 'id="form-expired"' in page
    assert "Typed an hour ago" in page and 'value="3"' in page
    assert responses(clean_app) == []
    data["csrf_token"] = csrf_token_from(page)
    assert client.post(f"/f/{form.token}", data=data).status_code == 302
    assert len(responses(clean_app)) == 1


def test_rate_limit_keeps_the_answers(clean_app, client, form, monkeypatch):
    monkeypatch.setitem(clean_app.config, "RATELIMIT_PUBLIC_FORM", "2 per minute")
    for n in range(2):
        data = {**valid_answers(form), "submission_key": f"{n}" * 32}
        assert client.post(f"/f/{form.token}", data=data).status_code == 302
    data = {**valid_answers(form), "submission_key": "9" * 32}
    data[form.names["comments"]] = "Third person on the same Wi-Fi"
    response = client.post(f"/f/{form.token}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 'id="form-limited"' in page and "Third person on the same Wi-Fi" in page
    assert 'value="999999' in page
    assert len(responses(clean_app)) == 2
    assert client.get(f"/f/{form.token}").status_code == 200  # reading is never limited


def test_rate_limit_is_per_address(clean_app, client, form, monkeypatch):
    monkeypatch.setitem(clean_app.config, "RATELIMIT_PUBLIC_FORM", "1 per minute")
    for n, address in enumerate(("192.0.2.1", "192.0.2.2")):
        data = {**valid_answers(form), "submission_key": f"{n}" * 32}
        response = client.post(f"/f/{form.token}", data=data, environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 302


def test_form_without_questions_says_so(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    from tests.factories import make_program

    with clean_app.app_context():
        program = make_program(owner.id, branch)
        token = add_link(program.id).token
        db.session.commit()
    page = client.get(f"/f/{token}").get_data(as_text=True)
    assert 'id="no-questions"' in page
    assert client.post(f"/f/{token}", data={"submission_key": "z" * 32}).status_code == 200
    assert responses(clean_app) == []


def test_statements_do_not_grow_with_the_questions(clean_app, client, form):
    url = f"/f/{form.token}"
    few = count_statements(clean_app, client, url)
    data = {**valid_answers(form), "submission_key": "a" * 32}
    with counting_statements(clean_app) as posted_few:
        client.post(url, data=data)
    with clean_app.app_context():
        for n in range(25):
            add_question(form.program_id, f"extra-{n}", "agreement", f"Extra {n}", f"Extra {n}")
        db.session.commit()
    many = count_statements(clean_app, client, url)
    assert many == few <= 6
    data = {**valid_answers(form), "submission_key": "b" * 32}
    with counting_statements(clean_app) as posted_many:
        client.post(url, data=data)
    assert len(posted_many) == len(posted_few)


def test_a_choice_ticked_twice_counts_once(clean_app, client, form):
    data = valid_answers(form)
    data[form.names["heard"]] = ["website", "website", "poster"]
    assert client.post(f"/f/{form.token}", data=data).status_code == 302
    heard = query(
        clean_app, sa.select(Answer.value_text).where(Answer.question_id == form.q["heard"])
    )
    assert sorted(heard) == ["poster", "website"]
