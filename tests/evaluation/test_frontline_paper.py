"""Keying in paper forms through HTTP: keys to answers, double posts, bad keys, corrections."""

import re
from decimal import Decimal

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from program_planner.evaluation import engine
from program_planner.evaluation.models import Answer, Question, Response, ResponseChannel
from program_planner.extensions import db
from tests.conftest import count_statements, csrf_token_from, query
from tests.editing import page_form, seen_version
from tests.evaluation.factories_frontline import (
    EXPECTED,
    FORMS,
    T,
    add_paper_response,
    by_question,
    make_frontline_program,
)


def setup(app, owner_id, branch):
    with app.app_context():
        return make_frontline_program(owner_id, branch)


def entry_url(ids):
    return f"/occurrences/{ids['occurrences'][0]}/paper-entry"


def key_of(page):
    match = re.search(r'name="submission_key" type="hidden" value="([^"]*)"', page)
    assert match, "no submission key in the page"
    return match.group(1)


def keyed(ids, page, language="en", **keys):
    """Form data: keys by question type name (agreement="4", ...), the page's submission key."""
    data = {"submission_key": key_of(page), "form_language": language}
    for qtype, qid in ids["questions"].items():
        data[f"q{qid}"] = keys.get(qtype.value, "")
    return data


def stored(app):
    """Return [(response id, language, channel, occurrence, keyer, {question id: values})]."""
    rows = query(
        app,
        sa.select(
            Response.id,
            Response.language,
            Response.channel,
            Response.occurrence_id,
            Response.entered_by_id,
        ).order_by(Response.id),
    )
    answers = query(
        app,
        sa.select(
            Answer.response_id, Answer.question_id, Answer.value_number, Answer.value_text
        ).order_by(Answer.id),
    )
    result = []
    for rid, language, channel, occurrence_id, keyer in rows:
        values = {}
        for a_rid, qid, number, text in answers:
            if a_rid == rid:
                values.setdefault(qid, []).append(text if number is None else Decimal(number))
        result.append((rid, language, channel, occurrence_id, keyer, values))
    return result


def test_ten_paper_forms_in_a_row_store_exactly_those_answers(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    me = login_as("frontline")
    page = client.get(entry_url(ids)).get_data(as_text=True)
    assert "Forms keyed in for this session: 0" in page
    for n, keys in enumerate(FORMS, start=1):
        language = "fr" if n == 7 else "en"
        response = client.post(entry_url(ids), data=keyed(ids, page, language, **keys))
        assert response.status_code == 302, response.get_data(as_text=True)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert f"Forms keyed in for this session: {n}" in page
    rows = stored(clean_app)
    assert len(rows) == 10
    for (_rid, language, channel, occurrence_id, keyer, values), n in zip(
        rows, range(10), strict=True
    ):
        assert values == by_question(ids, EXPECTED[n]), n
        assert (channel, occurrence_id, keyer) == (
            ResponseChannel.PAPER,
            ids["occurrences"][0],
            me.id,
        )
        assert language == ("fr" if n == 6 else "en")
    # the page shows the last entry, with a link to correct it
    assert "Your last entry" in page and "Bring back the laptops" in page
    assert f"/responses/{rows[-1][0]}/correct" in page and "Correct the last entry" in page


def test_paper_keys_store_what_the_public_form_stores(clean_app, make_user, branch):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    public_values = {
        "agreement": "na",
        "rating": "4",
        "yes_no": "0",
        "single_choice": "evening",
        "multiple_choice": ["social", "friend"],
        "number": "33",
        "free_text": "Fine",
    }
    keys = {
        "agreement": "n",
        "rating": "4",
        "yes_no": "n",
        "single_choice": "3",
        "multiple_choice": "24",
        "number": "33",
        "free_text": "Fine",
    }
    from program_planner.evaluation.frontline.forms import answers_from_paper_form, make_paper_form

    def rows(answers):
        return sorted((a.question_id, a.value_number, a.value_text) for a in answers)

    with clean_app.test_request_context():
        questions = engine.program_questions(ids["program"])
        data = MultiDict()
        for qtype, qid in ids["questions"].items():
            value = public_values[qtype.value]
            for v in value if isinstance(value, list) else [value]:
                data.add(f"q{qid}", v)
        public = engine.make_response_form(questions, "en")(data, meta={"csrf": False})
        assert public.validate(), public.errors
        paper = make_paper_form(questions)(
            MultiDict({f"q{qid}": keys[qtype.value] for qtype, qid in ids["questions"].items()}),
            meta={"csrf": False},
        )
        assert paper.validate(), paper.errors
        assert rows(answers_from_paper_form(paper)) == rows(
            engine.answers_from_form(public, questions)
        )


def test_a_double_posted_form_is_stored_once(clean_app, client, make_user, login_as, branch):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    login_as("frontline")
    page = client.get(entry_url(ids)).get_data(as_text=True)
    data = keyed(ids, page, agreement="4", rating="5")
    assert client.post(entry_url(ids), data=data).status_code == 302
    again = client.post(entry_url(ids), data=data, follow_redirects=True)
    page = again.get_data(as_text=True)
    assert "already saved; it is counted once" in page
    assert "Forms keyed in for this session: 1" in page
    assert len(stored(clean_app)) == 1
    assert key_of(page) != data["submission_key"]  # a fresh blank form


def test_out_of_range_keys_are_refused_at_the_field_with_everything_kept(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    login_as("frontline")
    page = client.get(entry_url(ids)).get_data(as_text=True)
    data = keyed(
        ids,
        page,
        agreement="7",
        rating="6",
        yes_no="x",
        single_choice="4",
        multiple_choice="15",
        number="200",
        free_text="Lovely session",
    )
    response = client.post(entry_url(ids), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in (
        "Type 1 to 5, or 0 or n for not applicable.",
        "Type a rating from 1 to 5.",
        "Type 1 or y for yes, 0 or n for no.",
        "Type the number of one option, from 1 to 3.",
        "Type the numbers of the options ticked, from 1 to 4, e.g. 13.",
        "Enter a number from 16 to 110.",
    ):
        assert message in page, message
    assert "Please correct the 6 fields marked below." in page
    q = ids["questions"]
    for qtype, value in (
        (T.AGREEMENT, "7"),
        (T.MULTIPLE_CHOICE, "15"),
        (T.NUMBER, "200"),
        (T.FREE_TEXT, "Lovely session"),
    ):
        assert re.search(
            rf'id="q{q[qtype]}"[^>]*value="{value}"|value="{value}"[^>]*id="q{q[qtype]}"', page
        )
    assert f'id="q{q[T.AGREEMENT]}-error"' in page
    assert key_of(page) == data["submission_key"]  # fixing and saving still stores it once
    assert re.search(rf'<input[^>]*autofocus[^>]*id="q{q[T.AGREEMENT]}"', page)
    assert stored(clean_app) == []
    data.update(
        {
            f"q{q[T.AGREEMENT]}": "5",
            f"q{q[T.RATING]}": "",
            f"q{q[T.YES_NO]}": "",
            f"q{q[T.SINGLE_CHOICE]}": "",
            f"q{q[T.MULTIPLE_CHOICE]}": "",
            f"q{q[T.NUMBER]}": "",
        }
    )
    assert client.post(entry_url(ids), data=data).status_code == 302
    assert client.post(entry_url(ids), data=data).status_code == 302
    assert [r[5] for r in stored(clean_app)] == [
        {q[T.AGREEMENT]: [Decimal(5)], q[T.FREE_TEXT]: ["Lovely session"]}
    ]


def test_a_blank_paper_form_is_refused(clean_app, client, make_user, login_as, branch):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    login_as("frontline")
    page = client.get(entry_url(ids)).get_data(as_text=True)
    response = client.post(entry_url(ids), data=keyed(ids, page, free_text="  \x07 "))
    assert response.status_code == 422
    assert "Nothing was typed" in response.get_data(as_text=True)
    assert stored(clean_app) == []


def test_the_language_defaults_to_the_last_one_used(clean_app, client, make_user, login_as, branch):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    login_as("frontline")
    page = client.get(entry_url(ids)).get_data(as_text=True)
    assert '<option selected value="en">' in page
    client.post(entry_url(ids), data=keyed(ids, page, "fr", rating="3"))
    page = client.get(entry_url(ids)).get_data(as_text=True)
    assert '<option selected value="fr">' in page
    assert "paper form in Français" in page


def test_who_may_key_in_paper_forms(clean_app, client, make_user, login_as, branch):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    url = entry_url(ids)
    assert client.get(url).headers["Location"].startswith("/login")
    login_as("programmer")  # not the owner
    assert client.get(url).status_code == 403
    assert client.post(url, data={f"q{ids['questions'][T.RATING]}": "3"}).status_code == 403
    assert client.get("/occurrences/999999/paper-entry").status_code == 404
    for role in ("frontline", "coordinator", "admin"):
        client.post("/logout")
        login_as(role)
        page = client.get(url).get_data(as_text=True)
        assert client.post(url, data=keyed(ids, page, rating="3")).status_code == 302, role
    client.post("/logout")
    client.post("/login", data={"username": owner.username, "password": owner.password})
    page = client.get(url).get_data(as_text=True)
    assert client.post(url, data=keyed(ids, page, rating="4")).status_code == 302
    assert len(stored(clean_app)) == 4


def correct_url(response_id):
    return f"/responses/{response_id}/correct"


def test_the_keyer_corrects_the_last_entry(clean_app, client, make_user, login_as, branch):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    me = login_as("frontline")
    page = client.get(entry_url(ids)).get_data(as_text=True)
    client.post(
        entry_url(ids),
        data=keyed(ids, page, agreement="4", multiple_choice="13", number="42", free_text="Good"),
    )
    rid = stored(clean_app)[0][0]
    page = client.get(correct_url(rid)).get_data(as_text=True)
    q = ids["questions"]
    for qtype, value in (
        (T.AGREEMENT, "4"),
        (T.MULTIPLE_CHOICE, "13"),
        (T.NUMBER, "42"),
        (T.FREE_TEXT, "Good"),
    ):
        assert re.search(rf'id="q{q[qtype]}"[^>]*value="{value}"', page), qtype
    data = keyed(
        ids,
        page,
        "fr",
        agreement="n",
        yes_no="y",
        multiple_choice="2",
        number="",
        free_text="Good, corrected",
    )
    data["version"] = page_form(page).inputs["version"].value  # the answers as seen
    bad = client.post(correct_url(rid), data={**data, f"q{q[T.RATING]}": "9"})
    assert bad.status_code == 422 and "Type a rating from 1 to 5." in bad.get_data(as_text=True)
    response = client.post(correct_url(rid), data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith(entry_url(ids))
    [(_rid, language, _channel, _occ, keyer, values)] = stored(clean_app)
    assert (language, keyer) == ("fr", me.id)
    assert values == {
        q[T.AGREEMENT]: ["na"],
        q[T.YES_NO]: [Decimal(1)],
        q[T.MULTIPLE_CHOICE]: ["social"],
        q[T.FREE_TEXT]: ["Good, corrected"],
    }


def test_only_the_keyer_or_reviewers_correct_an_entry(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    keyer = make_user("frontline")
    ids = setup(clean_app, owner.id, branch)
    with clean_app.app_context():
        question = db.session.get(Question, ids["questions"][T.RATING])
        rid = add_paper_response(ids["program"], ids["occurrences"][0], keyer.id, question, 2).id
        online = Response(
            program_id=ids["program"], channel=ResponseChannel.ONLINE, submission_key="online-one"
        )
        db.session.add(online)
        db.session.commit()
        online_id = online.id
    rating = f"q{ids['questions'][T.RATING]}"
    assert client.get(correct_url(rid)).headers["Location"].startswith("/login")
    login_as("frontline")  # a colleague
    assert client.get(correct_url(rid)).status_code == 403
    assert client.post(correct_url(rid), data={rating: "5"}).status_code == 403
    client.post("/logout")
    client.post("/login", data={"username": owner.username, "password": owner.password})
    assert client.get(correct_url(rid)).status_code == 403  # the owner did not key it in
    client.post("/logout")
    login_as("coordinator")
    assert client.get(correct_url(online_id)).status_code == 404  # paper forms only
    assert client.get(correct_url(999999)).status_code == 404
    seen = seen_version(client, correct_url(rid))
    assert client.post(correct_url(rid), data={rating: "5", "version": seen}).status_code == 302
    assert stored(clean_app)[0][5] == {ids["questions"][T.RATING]: [Decimal(5)]}
    client.post("/logout")
    client.post("/login", data={"username": keyer.username, "password": keyer.password})
    seen = seen_version(client, correct_url(rid))
    assert client.post(correct_url(rid), data={rating: "3", "version": seen}).status_code == 302
    assert stored(clean_app)[0][5] == {ids["questions"][T.RATING]: [Decimal(3)]}


def test_rapid_entry_statements_do_not_grow_with_rows(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    me = login_as("frontline")
    with clean_app.app_context():
        question = db.session.get(Question, ids["questions"][T.RATING])
        add_paper_response(ids["program"], ids["occurrences"][0], me.id, question, 1)
        db.session.commit()
    few = count_statements(clean_app, client, entry_url(ids))
    with clean_app.app_context():
        question = db.session.get(Question, ids["questions"][T.RATING])
        for value in range(2, 30):
            add_paper_response(ids["program"], ids["occurrences"][0], me.id, question, value)
        db.session.commit()
    assert count_statements(clean_app, client, entry_url(ids)) == few


def test_an_expired_token_keeps_the_keys_typed(
    clean_app, client, make_user, login_as, branch, monkeypatch
):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    login_as("frontline")
    page = client.get(entry_url(ids)).get_data(as_text=True)
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    data = {**keyed(ids, page, rating="4", free_text="Keep me"), "csrf_token": "stale"}
    response = client.post(entry_url(ids), data=data)
    page = response.get_data(as_text=True)
    assert 'id="form-expired"' in page and "Keep me" in page and 'value="4"' in page
    assert key_of(page) == data["submission_key"]
    assert stored(clean_app) == []
    data["csrf_token"] = csrf_token_from(page)
    assert client.post(entry_url(ids), data=data).status_code == 302
    assert len(stored(clean_app)) == 1
