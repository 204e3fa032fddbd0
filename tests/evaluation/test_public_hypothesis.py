"""Random and hostile answers to the public form: never a 500, never a partial response."""

from decimal import Decimal, InvalidOperation

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from program_planner.evaluation.engine import strip_control_characters
from program_planner.evaluation.models import Answer, Response
from tests.conftest import query
from tests.evaluation.factories_public import make_public_form

hostile_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=40),  # control characters
    st.sampled_from(["", " ", "=1+1", "<script>alert(1)</script>", "NaN", "Infinity", "1e999"]),
    st.builds(lambda n: "x" * n, st.integers(min_value=4990, max_value=6000)),  # huge text
)
number_text = st.one_of(
    hostile_text,
    st.integers(min_value=-50, max_value=50).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
)
choice_value = st.one_of(st.sampled_from(["5", "4", "3", "2", "1", "0", "na"]), hostile_text)


@pytest.fixture
def form(clean_app, make_user, branch):
    owner = make_user("programmer")
    return make_public_form(clean_app, owner.id, branch)


def _no_nul(value: str) -> bool:
    return "\x00" not in value  # browsers never send NUL in a form field


def valid_number(text) -> bool:
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        return False
    return value.is_finite() and Decimal(0) <= value <= Decimal(20)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    learned=st.one_of(st.none(), choice_value),
    rating=st.one_of(st.none(), choice_value),
    first=st.one_of(st.none(), choice_value),
    age=st.one_of(st.none(), st.sampled_from(["18-34", "35-64", "65+"]), hostile_text),
    heard=st.lists(
        st.one_of(st.sampled_from(["website", "poster", "friend"]), hostile_text), max_size=4
    ),
    sessions=st.one_of(st.none(), number_text),
    comments=st.one_of(st.none(), hostile_text),
)
def test_any_post_is_stored_exactly_or_refused_with_input_kept(
    clean_app, client, form, learned, rating, first, age, heard, sessions, comments
):
    n = form.names
    data = {"submission_key": None}
    values = {
        "learned": learned,
        "rating": rating,
        "first": first,
        "age": age,
        "sessions": sessions,
        "comments": comments,
    }
    for suffix, value in values.items():
        if value is not None:
            data[n[suffix]] = value.replace("\x00", "")
    data[n["heard"]] = [v.replace("\x00", "") for v in heard]
    before = query(clean_app, sa.select(sa.func.count(Response.id)))[0]
    answers_before = query(clean_app, sa.select(sa.func.count(Answer.id)))[0]
    data["submission_key"] = f"hypothesis-key-{before:06d}-" + "k" * 10
    response = client.post(f"/f/{form.token}", data=data)
    assert response.status_code in (302, 422), response.status_code
    after = query(clean_app, sa.select(sa.func.count(Response.id)))[0]

    scale = {"5", "4", "3", "2", "1", "na"}
    agree_ok = data.get(n["learned"]) in scale
    rating_ok = data.get(n["rating"]) in scale - {"na"}
    first_ok = data.get(n["first"]) in (None, "", "1", "0")
    age_ok = data.get(n["age"]) in (None, "", "18-34", "35-64", "65+")
    heard_ok = all(v in ("website", "poster", "friend") for v in data[n["heard"]])
    sessions_value = data.get(n["sessions"])
    sessions_ok = sessions_value in (None, "") or (
        sessions_value.strip() == "" or valid_number(sessions_value)
    )
    comment_value = data.get(n["comments"]) or ""
    comments_ok = len(strip_control_characters(comment_value)) <= 5000
    # WTForms strips nothing from radio values; "" for a radio counts as no answer
    if data.get(n["first"]) == "":
        first_ok = True
    expected_valid = all(
        [agree_ok, rating_ok, first_ok, age_ok, heard_ok, sessions_ok, comments_ok]
    )
    if response.status_code == 302:
        assert expected_valid, data
        assert after == before + 1
        rows = query(
            clean_app,
            sa.select(Answer.question_id, Answer.value_number, Answer.value_text)
            .join(Response)
            .where(Response.submission_key == data["submission_key"]),
        )
        by_question = {}
        for question_id, number, text in rows:
            by_question.setdefault(question_id, []).append(number if text is None else text)
        q = form.q
        learned_value = data[n["learned"]]
        assert by_question[q["learned"]] == (
            ["na"] if learned_value == "na" else [Decimal(learned_value)]
        )
        assert by_question[q["rating"]] == [Decimal(data[n["rating"]])]
        assert sorted(by_question.get(q["heard"], [])) == sorted(set(data[n["heard"]]))
        clean_comment = strip_control_characters(comment_value)
        assert by_question.get(q["comments"], []) == ([clean_comment] if clean_comment else [])
        if sessions_value and sessions_value.strip():
            assert by_question[q["sessions"]] == [Decimal(sessions_value.strip().replace(",", "."))]
        else:
            assert q["sessions"] not in by_question
    else:
        assert not expected_valid, data
        assert after == before
        assert query(clean_app, sa.select(sa.func.count(Answer.id)))[0] == answers_before
        page = response.get_data(as_text=True)
        assert 'id="error-summary"' in page
        if comment_value.strip() and len(comment_value) < 200 and comment_value.isprintable():
            from markupsafe import escape

            assert str(escape(comment_value.strip())) in page or str(escape(comment_value)) in page
