"""Random and hostile answers to the public form: never a 500, never a partial response.

Every generated value carries the outcome it must have, written out (a literal Decimal, a
choice, "no answer" or "refused"), never computed by parsing the value again as the engine
does: a parser bug such as "1,000" stored as 1 would otherwise be copied into the expectation.
"""

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from program_planner.evaluation.kinds.base import parse_number
from program_planner.evaluation.models import Answer, Response
from tests.conftest import query
from tests.evaluation.factories_public import make_public_form

REFUSED = "refused"
NO_ANSWER = "no answer"
CONTROLS = "\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f\u2028\u2029"

# text with no control characters, no digits, never blank, never one of the choices
other_text = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Nd", "Zl", "Zp")),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["=A1+B1", "<script>alert('x')</script>", "NaN", "Infinity", "na ", "-", "."]),
).filter(lambda t: t.strip() != "")
blank = st.sampled_from(["", " ", "   ", "\t", "\u00a0"])


def tagged(values, outcome):
    return st.sampled_from(values).map(lambda v: (v, outcome(v)))


def choice_answers(choices, required: bool):
    """(posted value, expected): a choice is stored as itself, a blank is no answer."""
    return st.one_of(
        tagged(choices, lambda v: v),
        blank.map(lambda v: (v, REFUSED if required else NO_ANSWER)),
        other_text.filter(lambda t: t not in choices).map(lambda v: (v, REFUSED)),
        st.sampled_from([" 5", "5 ", "6", "0", "1.0", "١"])
        .filter(lambda t: t not in choices)
        .map(lambda v: (v, REFUSED)),
    )


AGREEMENT = ["5", "4", "3", "2", "1", "na"]
RATING = ["5", "4", "3", "2", "1"]
YES_NO = ["1", "0"]
AGES = ["18-34", "35-64", "65+"]
HEARD = ["website", "poster", "friend"]
# what a person types into "How many sessions did you attend?" (0 to 20) and what is stored
NUMBERS = [
    ("3", Decimal("3")),
    ("0", Decimal("0")),
    ("20", Decimal("20")),
    (" 7 ", Decimal("7")),
    ("2.5", Decimal("2.5")),
    ("2,5", Decimal("2.5")),  # a decimal comma
    ("12.50", Decimal("12.5")),
    ("1.005", Decimal("1.01")),  # kept to the column's two places, rounded as PostgreSQL does
    ("1,000", REFUSED),  # one thousand, not one: out of range
    ("1 000", REFUSED),
    ("20.01", REFUSED),
    ("-1", REFUSED),
    ("21", REFUSED),
    ("NaN", REFUSED),
    ("Infinity", REFUSED),
    ("-Infinity", REFUSED),
    ("1e1", REFUSED),
    ("1e999", REFUSED),
    ("9" * 400, REFUSED),
    ("0x10", REFUSED),
    ("٣", REFUSED),  # an Arabic-Indic three
    ("3\x00", Decimal("3")),  # NUL dropped from every submitted value
]
number_answers = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers(min_value=0, max_value=20).map(lambda n: (str(n), Decimal(n))),
    st.integers(min_value=21, max_value=10**30).map(lambda n: (str(n), REFUSED)),
    st.integers(max_value=-1).map(lambda n: (str(n), REFUSED)),
    st.decimals(min_value=0, max_value=20, places=2).map(lambda d: (str(d), d)),
    blank.map(lambda v: (v, NO_ANSWER)),
    other_text.map(lambda v: (v, REFUSED)),
)


@st.composite
def comment_answers(draw):
    """A comment with control characters mixed in, and the text stored (or refused)."""
    if draw(st.booleans()):
        size = draw(st.integers(min_value=5001, max_value=6000))
        return "x" * size, REFUSED
    words = st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30
    )
    first, second = draw(words), draw(words)
    controls = draw(st.text(alphabet=CONTROLS, max_size=5))
    stored = (first + second).strip()
    return first + controls + second, stored or NO_ANSWER


@st.composite
def heard_answers(draw):
    """Ticked values of the multiple choice: only choices, or all blank; else refused."""
    kinds = draw(st.lists(st.sampled_from(["choice", "blank", "other"]), max_size=4))
    values = []
    for kind in kinds:
        if kind == "choice":
            values.append(draw(st.sampled_from(HEARD)))
        elif kind == "blank":
            values.append(draw(blank))
        else:
            values.append(draw(other_text.filter(lambda t: t not in HEARD)))
    if "other" in kinds or ("blank" in kinds and "choice" in kinds):
        return values, REFUSED
    if "choice" in kinds:
        return values, sorted(set(values))
    return values, NO_ANSWER


@pytest.fixture
def form(clean_app, make_user, branch):
    owner = make_user("programmer")
    return make_public_form(clean_app, owner.id, branch)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    learned=choice_answers(AGREEMENT, required=True),
    rating=choice_answers(RATING, required=True),
    first=choice_answers(YES_NO, required=False),
    age=choice_answers(AGES, required=False),
    heard=heard_answers(),
    sessions=number_answers,
    comments=comment_answers(),
)
@example(  # the choice check is not switched off by a blank first value
    learned=("5", "5"),
    rating=("4", "4"),
    first=("   ", NO_ANSWER),
    age=("", NO_ANSWER),
    heard=(["   ", "NOT-A-CHOICE"], REFUSED),
    sessions=("1,000", REFUSED),
    comments=("Kept", "Kept"),
)
@example(  # a yes/no answer of spaces is no answer, not a 500
    learned=("na", "na"),
    rating=("1", "1"),
    first=("   ", NO_ANSWER),
    age=("65+", "65+"),
    heard=(["poster", "website"], ["poster", "website"]),
    sessions=("2,5", Decimal("2.5")),
    comments=("A\x00B", "AB"),
)
def test_any_post_is_stored_exactly_or_refused_with_input_kept(
    clean_app, client, form, learned, rating, first, age, heard, sessions, comments
):
    n = form.names
    posted = {
        "learned": learned,
        "rating": rating,
        "first": first,
        "age": age,
        "heard": heard,
        "sessions": sessions,
        "comments": comments,
    }
    before = query(clean_app, sa.select(sa.func.count(Response.id)))[0]
    answers_before = query(clean_app, sa.select(sa.func.count(Answer.id)))[0]
    data = {n[name]: value for name, (value, _expected) in posted.items()}
    data["submission_key"] = f"hypothesis-key-{before:06d}-" + "k" * 10
    response = client.post(f"/f/{form.token}", data=data)
    assert response.status_code in (302, 422), response.status_code
    after = query(clean_app, sa.select(sa.func.count(Response.id)))[0]
    expected = {name: outcome for name, (_value, outcome) in posted.items()}
    if any(outcome == REFUSED for outcome in expected.values()):
        assert response.status_code == 422, (data, expected)
        assert after == before
        assert query(clean_app, sa.select(sa.func.count(Answer.id)))[0] == answers_before
        page = response.get_data(as_text=True)
        assert 'id="error-summary"' in page
        kept = expected["comments"]
        if kept not in (REFUSED, NO_ANSWER) and len(kept) < 200 and kept.isprintable():
            assert str(escape(kept)) in page
        return
    assert response.status_code == 302, (data, expected, response.get_data(as_text=True)[-3000:])
    assert after == before + 1
    rows = query(
        clean_app,
        sa.select(Answer.question_id, Answer.value_number, Answer.value_text)
        .join(Response)
        .where(Response.submission_key == data["submission_key"]),
    )
    stored = {}
    for question_id, number, text in rows:
        stored.setdefault(question_id, []).append(number if text is None else text)
    q = form.q
    as_number = {"learned", "rating", "first"}
    for name, outcome in expected.items():
        got = stored.get(q[name])
        if outcome == NO_ANSWER:
            assert got is None, name
        elif name == "heard":
            assert sorted(got) == outcome
        elif name in as_number and outcome != "na":
            assert got == [Decimal(outcome)], name
        else:
            assert got == [outcome], name


def test_one_thousand_typed_with_a_comma_is_one_thousand_never_one(clean_app, client, form):
    """Decided: "1,000" groups thousands; on a 0-20 question it is refused with the range."""
    assert parse_number("1,000") == Decimal("1000.00")
    assert parse_number("1,000.5") == Decimal("1000.50")
    assert parse_number("1,5") == Decimal("1.50")  # one comma, no group of three: a decimal comma
    n = form.names
    data = {n["learned"]: "5", n["rating"]: "4", n["sessions"]: "1,000"}
    response = client.post(f"/f/{form.token}", data={**data, "submission_key": "k" * 24})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    # the range message, not "Enter a number." (which would mean "1,000" was not read at all)
    assert re.search(r"Enter a number from 0(\.00)? to 20(\.00)?\.</p>", page)
    assert 'value="1,000"' in page
    assert query(clean_app, sa.select(sa.func.count(Response.id)))[0] == 0
