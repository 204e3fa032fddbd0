"""Bad input anywhere: never a 500; a clear message; what was typed is shown again.

Huge ids in URLs and query strings, numbers no column holds (hundreds of digits, NaN,
Infinity, 1e999), NUL and other control characters in text, names that differ only in the
case of a non-ASCII letter. The walk posts such values into every form of every page, as every
role that can reach it; targeted tests check the stored rows where a value is accepted.
"""

import re
from decimal import Decimal

import lxml.html
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from program_planner.extensions import db
from tests.conftest import ROLES, query
from tests.factories import make_samples
from tests.routes_expected import ANON
from tests.test_route_permissions import app_routes, build_url

HUGE_IDS = [str(2**31), str(2**63), str(10**30), "9" * 400]
HOSTILE_NUMBERS = ["9" * 400, "NaN", "Infinity", "-Infinity", "1e999", "sNaN", "1e-999"]
CONTROL = "\x00\x01\x08\x0b\x1f\x7f\x85\u2028"
REFUSED = (200, 422)  # the form shown again with its messages
ERROR_MARKERS = ('id="error-summary"', "invalid-feedback", "alert-danger", 'role="alert"')


def text_with_controls(mark: str) -> str:
    return f"{mark}{CONTROL} École"


def shown(mark: str) -> str:
    """What a page shows of text_with_controls(mark): the same without control characters."""
    return f"{mark} École"


# --- ids in URLs and query strings -----------------------------------------------------------


@pytest.mark.parametrize("role", [ANON, "admin"])
def test_huge_ids_in_any_url_are_not_found(clean_app, client, make_user, branch, role):
    if role != ANON:
        user = make_user(role)
        client.post("/login", data={"username": user.username, "password": user.password})
    failures = []
    for _endpoint, method, rule in app_routes(clean_app):
        numeric = re.findall(r"<int:(\w+)>", rule.rule)
        if not numeric:
            continue
        for huge in HUGE_IDS:
            path = rule.rule
            for arg in numeric:
                path = re.sub(rf"<int:{arg}>", huge, path)
            path = re.sub(r"<[^>]+>", "submit", path)
            status = client.open(path, method=method, data={}).status_code
            if status != 404:
                failures.append(f"{method} {path[:80]}: {status}")
    assert not failures, failures


@pytest.mark.parametrize("value", [*HUGE_IDS, "²", "١٢", "-1", "0", "1e3", " ", "x\x00"])
def test_ids_in_query_strings_are_not_found(clean_app, client, login_as, branch, value):
    me = login_as("programmer")
    samples = make_samples(clean_app, me.id, branch)
    program = samples["program_id"]
    expected = 200 if not value.strip() or value == "x\x00" else 404
    if value == "x\x00":
        expected = 404  # "x" once the NUL is dropped: not an id
    client.post("/logout")
    assert client.get(f"/calendar.ics?branch={value}").status_code == expected
    login_as("programmer")
    url = f"/programs/{program}/paper-form?occurrence={value}"
    assert client.get(url).status_code == expected


@pytest.mark.parametrize("value", [*HUGE_IDS, "²", "-5", "abc", "0", "a\x00b"])
def test_page_numbers_and_years_never_fail(clean_app, client, login_as, value):
    login_as("admin")
    pages = ("/programs?page=", "/admin/users?page=", "/admin/audit?page=")
    for url in (*pages, "/programs?q=", "/admin/users?q="):
        response = client.get(url + value)
        assert response.status_code == 200, url
    page = client.get(f"/annual-statistics?year={value}").get_data(as_text=True)
    assert "That year is not valid" in page
    for url in ("/calendar?branch=", "/dashboard?branch=", "/budget?branch=", "/export?branch="):
        assert client.get(url + value).status_code == 200, url


@pytest.mark.parametrize("value", ["   ", "\t", " 1 ", "²", "1²"])
def test_list_filters_of_spaces_or_odd_digits_are_no_filter(clean_app, client, login_as, value):
    """A filter chosen from a list, given only spaces (or digits int() refuses), is no choice."""
    login_as("admin")
    for url in (
        "/programs?status=",
        "/programs?branch=",
        "/programs?program_type=",
        "/budget?fiscal_year=",
        "/budget?branch=",
        "/dashboard?fiscal_year=",
        "/dashboard?branch=",
        "/export?fiscal_year=",
        "/engagement?branch=",
    ):
        response = client.get(url + value)
        assert response.status_code == 200, url
        assert "<h1" in response.get_data(as_text=True)


# --- every form of every page ----------------------------------------------------------------


def number_like(element) -> bool:
    return element.get("type") == "number" or element.get("inputmode") in ("decimal", "numeric")


TEXT_TYPES = {None, "", "text", "search", "email", "url", "tel", "number", "password"}


def fill(form, number_value: str):
    """Return (data, typed) for a form: defaults kept, texts and numbers replaced.

    typed maps a field name to what the page should show again when the post is refused.
    """
    data, typed, numbers = [], {}, []
    radios_done = set()
    for index, element in enumerate(form.xpath(".//input|.//select|.//textarea")):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        tag, kind = element.tag, (element.get("type") or "").lower()
        if tag == "select":
            options = element.xpath(".//option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            values = [o.get("value", o.text_content()) for o in chosen]
            if element.get("multiple") is not None:
                values = [o.get("value") for o in options if o.get("selected") is not None]
            data += [(name, v) for v in values]
        elif kind in ("checkbox", "radio"):
            if element.get("checked") is not None:
                data.append((name, element.get("value", "on")))
            elif kind == "radio" and name not in radios_done and name.startswith("q"):
                data.append((name, element.get("value")))
            radios_done.add(name)
        elif kind in ("hidden",):
            data.append((name, element.get("value", "")))
        elif kind in ("submit", "button", "file", "image", "reset"):
            continue
        elif tag == "textarea" or kind in TEXT_TYPES:
            if number_like(element):
                data.append((name, number_value))
                numbers.append(name)
            else:
                mark = f"Typed{index}x"
                data.append((name, text_with_controls(mark)))
                if kind != "password":
                    typed[name] = shown(mark)
        else:
            data.append((name, element.get("value", "")))
    submits = form.xpath(".//button[@name]|.//input[@type='submit'][@name]")
    if submits:
        data.append((submits[0].get("name"), submits[0].get("value", "")))
    return data, typed, numbers


SKIPPED_ACTIONS = ("/logout", "/language", "delete", "set-active", "set_active", "reset-password")


def post_forms(client, url: str, failures: list) -> int:
    """Post hostile values into every form of the page at url; return how many posts."""
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.content_type:
        return 0
    body = response.get_data(as_text=True)
    if not body.strip():
        return 0  # an empty part of a page (no similar programs to show)
    page = lxml.html.fromstring(body)
    posts = 0
    for form in page.xpath("//form[translate(@method, 'POST', 'post')='post']"):
        action = form.get("action") or url
        if any(s in action for s in SKIPPED_ACTIONS):
            continue
        _data, typed, numbers = fill(form, "1")
        if not typed and not numbers:
            continue
        for number_value in HOSTILE_NUMBERS if numbers else ["1"]:
            data, typed, numbers = fill(form, number_value)
            posted = client.post(action, data=MultiDict(data))
            posts += 1
            status, body = posted.status_code, posted.get_data(as_text=True)
            where = f"{action} ({url}) numbers={numbers} value={number_value[:12]}"
            if status >= 500:
                failures.append(f"{where}: {status}")
            if not numbers:
                continue
            if status in (302, 303):
                failures.append(f"{where}: accepted")
                continue
            if not any(marker in body for marker in ERROR_MARKERS):
                failures.append(f"{where}: {status} without a message")
            lost = [n for n, text in typed.items() if str(escape(text)) not in body]
            if lost and status != 403:
                failures.append(f"{where}: typed text not shown again in {lost}")
    return posts


def stored_control_characters(application) -> list[str]:
    """Return table.column of every stored text holding a control character."""
    found = []
    with application.app_context():
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, sa.String | sa.Text):
                    continue
                for character in "\x01\x1f\u2028":
                    stmt = sa.select(sa.func.count()).where(column.contains(character))
                    if db.session.scalar(stmt.select_from(table)):
                        found.append(f"{table.name}.{column.name}")
        db.session.rollback()
    return found


@pytest.mark.parametrize("role", [ANON, *ROLES])
def test_hostile_values_in_every_form_never_fail(clean_app, client, make_user, branch, role):
    if role != ANON:
        user = make_user(role)
        client.post("/login", data={"username": user.username, "password": user.password})
    owner = user if role == "programmer" else make_user("programmer")
    samples = make_samples(clean_app, owner.id, branch)
    samples.update({"user_id": make_user("frontline").id, "branch_id": branch})
    failures, posts = [], 0
    for endpoint, method, rule in app_routes(clean_app):
        if method != "GET" or endpoint in ("auth.logout",):
            continue
        posts += post_forms(client, build_url(rule, samples), failures)
    assert posts >= (8 if role == ANON else 20)  # the walk reached the forms
    assert not failures, failures
    assert stored_control_characters(clean_app) == []


# --- targeted: what is stored when a value is accepted --------------------------------------


def test_nul_and_controls_are_dropped_from_stored_text(clean_app, client, login_as):
    from program_planner.auth.models import Branch

    login_as("admin")
    response = client.post(
        "/admin/branches/new",
        data={"name": "West\x00 End\x01", "code": "W\x00E", "address": "2\tMain\x1f St\r\nRear"},
    )
    assert response.status_code == 302
    rows = query(
        clean_app, sa.select(Branch.name, Branch.code, Branch.address).where(Branch.code == "WE")
    )
    assert rows == [("West End", "WE", "2\tMain St\r\nRear")]


@pytest.mark.parametrize(
    ("path", "field", "first", "second"),
    [
        ("/admin/branches/new", "name", "École Nord", "école nord"),
        ("/admin/branches/new", "name", "ÉCOLE SUD", "école sud"),
    ],
)
def test_names_differing_only_in_non_ascii_case_are_refused(
    clean_app, client, login_as, path, field, first, second
):
    from program_planner.auth.models import Branch

    login_as("admin")
    assert client.post(path, data={field: first, "code": "EN1"}).status_code == 302
    response = client.post(path, data={field: second, "code": "EN2", "address": "5 Rue"})
    assert response.status_code in REFUSED
    page = response.get_data(as_text=True)
    assert "already" in page and str(escape(second)) in page and "5 Rue" in page
    names = query(clean_app, sa.select(Branch.name).where(Branch.code.in_(["EN1", "EN2"])))
    assert names == [first]


def catalogue_posts(ids):
    """(url, data, model, name field) of every form that names a row, keyed by kind."""
    from program_planner.people.models import Organisation
    from program_planner.planning.models import TargetGroup
    from program_planner.programs.models import StrategicGoal
    from program_planner.venues.models import Venue

    return {
        "strategic goal": ("/strategic-goals/new", {}, StrategicGoal),
        "target group": ("/target-groups/new", {"population_estimate": "100"}, TargetGroup),
        "venue": (
            "/venues/new",
            {"kind": "branch_room", "branch_id": str(ids["branch"]), "capacity": "30"},
            Venue,
        ),
        "organisation": (None, {}, Organisation),
    }


@pytest.mark.parametrize("kind", ["strategic goal", "target group", "venue"])
def test_catalogue_names_differing_only_in_non_ascii_case_are_refused(
    clean_app, client, login_as, branch, kind
):
    login_as("admin")
    url, extra, model = catalogue_posts({"branch": branch})[kind]
    found = [r.rule for r in clean_app.url_map.iter_rules() if r.rule == url]
    assert found, f"no route {url}"
    first = client.post(url, data={"name": "Éducation des aînés", **extra})
    assert first.status_code == 302, first.get_data(as_text=True)[:2000]
    again = client.post(url, data={"name": "ÉDUCATION DES AÎNÉS", **extra})
    assert again.status_code in REFUSED
    assert "ÉDUCATION DES AÎNÉS" in again.get_data(as_text=True)
    assert query(clean_app, sa.select(sa.func.count(model.id))) == [1]


# --- targeted: numbers -----------------------------------------------------------------------

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


@pytest.fixture
def reviewer(clean_app, client, login_as, branch):
    """A coordinator signed in."""
    return login_as("coordinator")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    capacity=st.one_of(
        st.sampled_from(HOSTILE_NUMBERS + ["1,200", " 40 ", "0", "100001", "٣"]),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(max_size=30),
    )
)
def test_venue_capacity_any_value(clean_app, client, reviewer, branch, capacity):
    from program_planner.venues.models import Venue

    name = "Hall of tests"
    data = {"name": name, "kind": "branch_room", "branch_id": str(branch)}
    data.update({"capacity": capacity, "address": "Second floor"})
    response = client.post("/venues/new", data=data)
    assert response.status_code in (302, *REFUSED)
    plain = CONTROL_RE.sub("", capacity).strip().replace(",", "")
    whole = plain.isascii() and re.fullmatch(r"[+-]?[0-9]+", plain) is not None
    valid = whole and 1 <= int(plain) <= 100_000
    stored = query(clean_app, sa.select(Venue.capacity).where(Venue.name == name))
    if response.status_code == 302:
        assert valid, capacity
        assert stored == [int(plain)]
        with clean_app.app_context():
            db.session.execute(sa.delete(Venue).where(Venue.name == name))
            db.session.commit()
    else:
        assert not valid, capacity
        assert stored == []
        page = response.get_data(as_text=True)
        assert "Second floor" in page and name in page
        assert "invalid-feedback" in page
        if capacity.strip() and capacity.isprintable() and len(capacity) < 100:
            assert str(escape(capacity.strip())) in page or str(escape(capacity)) in page


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("80", Decimal("80.00")),
        ("12.345", Decimal("12.35")),  # kept to the column's 2 places
        *[(value, None) for value in HOSTILE_NUMBERS],
        ("100000000000", None),
        ("-1", None),
    ],
)
def test_objective_target_any_value(clean_app, client, login_as, branch, typed, stored):
    from program_planner.planning.models import Objective

    me = login_as("programmer")
    program = make_samples(clean_app, me.id, branch)["program_id"]
    before = query(clean_app, sa.select(Objective.id).where(Objective.program_id == program))
    response = client.post(
        f"/programs/{program}/objectives/new",
        data={
            "statement": "Participants feel\x00 confident",
            "outcome_type": "confidence",
            "target_metric": "percent_agree",
            "target_value": typed,
        },
    )
    rows = query(
        clean_app,
        sa.select(Objective.statement, Objective.target_value).where(
            Objective.program_id == program, Objective.id.not_in(before)
        ),
    )
    if stored is None:
        assert response.status_code in REFUSED
        page = response.get_data(as_text=True)
        assert "Participants feel confident" in page and "invalid-feedback" in page
        assert rows == []
    else:
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
        assert rows == [("Participants feel confident", stored)]


@pytest.mark.parametrize("value", ["9" * 400, "1e999", "NaN", "Infinity", "99999999999"])
def test_question_bounds_any_value(clean_app, client, login_as, value):
    from program_planner.evaluation.models import Question

    login_as("coordinator")
    data = {
        "text_en": "How many books?",
        "text_fr": "Combien de livres ?",
        "qtype": "number",
        "category": "other",
        "min_value": "0",
        "max_value": value,
    }
    response = client.post("/evaluation/questions/new", data=data)
    assert response.status_code in REFUSED
    page = response.get_data(as_text=True)
    assert "How many books?" in page and "Combien de livres ?" in page
    assert "invalid-feedback" in page
    texts = query(clean_app, sa.select(Question.text_en).where(Question.text_en == data["text_en"]))
    assert texts == []


# --- targeted: numbers typed on paper forms and read from imported files ---------------------

ANSWER_NUMBERS = [
    ("3", "3"),
    ("2,5", "2.5"),
    ("1,000", "1000"),
    ("1 000,5", "1000.5"),
    ("9999999999.99", "9999999999.99"),
    ("10000000000", None),
    ("9" * 400, None),
    ("NaN", None),
    ("Infinity", None),
    ("1e999", None),
    ("-1e999", None),
]


@pytest.mark.parametrize(("typed", "value"), ANSWER_NUMBERS)
def test_rapid_entry_numbers_without_bounds(app, typed, value):
    from program_planner.evaluation.frontline.forms import value_from_key
    from program_planner.evaluation.models import Question, QuestionType

    question = Question(qtype=QuestionType.NUMBER, text_en="How many?")
    with app.test_request_context():
        if value is None:
            with pytest.raises(ValueError, match="number"):
                value_from_key(question, typed)
        else:
            assert value_from_key(question, typed) == value


@pytest.mark.parametrize(
    ("cell", "value"), [*ANSWER_NUMBERS, ("1E-05", "0.00001"), ("1.5E+3", "1500")]
)
def test_imported_numbers_without_bounds(app, cell, value):
    from program_planner.evaluation.imports.matching import CellError, convert
    from program_planner.evaluation.models import Question, QuestionType

    question = Question(qtype=QuestionType.NUMBER, text_en="How many?")
    with app.test_request_context():
        if value is None:
            with pytest.raises(CellError):
                convert(question, cell)
        else:
            assert convert(question, cell) == value
