"""A program's evaluation form through HTTP: template, bank, own questions, objective links."""

import re

import pytest
import sqlalchemy as sa

from program_planner.evaluation.builder.service import ensure_standard_questions
from program_planner.evaluation.models import ProgramQuestion, Question, program_question_objectives
from program_planner.extensions import db
from program_planner.planning.models import OutcomeType, TargetMetric
from program_planner.programs.models import Status
from tests.conftest import count_statements, query
from tests.editing import seen_version
from tests.evaluation.factories_builder import answer, question_data
from tests.factories import add_objective, make_program

MORE = ("learned_new", "intend_apply", "liked_most", "how_heard")
FLAG = "No question measures this objective yet"


@pytest.fixture
def program(clean_app, branch, login_as):
    """A draft owned by the signed-in programmer, with three objectives; return ids."""
    me = login_as("programmer")
    with clean_app.app_context():
        ensure_standard_questions()
        p = make_program(me.id, branch)
        ids = {
            "program": p.id,
            "confidence": add_objective(p.id, "Seniors feel confident using email").id,
            "knowledge": add_objective(
                p.id, "Seniors learn to make a video call", outcome_type=OutcomeType.KNOWLEDGE
            ).id,
            "reach": add_objective(
                p.id,
                "Reach 25 seniors",
                outcome_type=OutcomeType.REACH,
                target_metric=TargetMetric.TOTAL_ATTENDANCE,
                target_value=25,
            ).id,
            "user": me,
        }
        db.session.commit()
    return ids


def _codes(app, program_id):
    return query(
        app,
        sa.select(Question.code)
        .join(ProgramQuestion.question)
        .where(ProgramQuestion.program_id == program_id)
        .order_by(ProgramQuestion.position),
    )


def _form_ids(app, program_id):
    return query(
        app,
        sa.select(ProgramQuestion.id)
        .where(ProgramQuestion.program_id == program_id)
        .order_by(ProgramQuestion.position),
    )


def _bank_id(app, code):
    return query(app, sa.select(Question.id).where(Question.code == code))[0]


def ticked_objectives(page):
    tags = re.findall(r'<input[^>]*name="objectives"[^>]*>', page)
    return {int(re.search(r'value="(\d+)"', t).group(1)) for t in tags if "checked" in t}


def _use_standard_template(app, client, pid):
    from program_planner.evaluation.models import FormTemplate

    tid = query(app, sa.select(FormTemplate.id))[0]
    return client.post(f"/programs/{pid}/evaluation-form/template", data={"template": tid})


def test_empty_form_flags_objectives_but_not_reach(clean_app, client, program):
    page = client.get(f"/programs/{program['program']}").get_data(as_text=True)
    assert "Evaluation form" in page and "No evaluation questions yet." in page
    assert "No question measures these objectives yet" in page
    flagged = page[page.index("unmeasured-objectives") : page.index("No evaluation questions")]
    assert "Seniors feel confident using email" in flagged
    assert "Seniors learn to make a video call" in flagged
    assert "Reach 25 seniors" not in flagged
    assert "Start from a template" in page


def test_start_from_a_template(clean_app, client, program):
    pid = program["program"]
    page = client.get(f"/programs/{pid}/evaluation-form/template").get_data(as_text=True)
    assert "Standard program evaluation" in page and "The four outcome questions" in page
    response = _use_standard_template(clean_app, client, pid)
    assert response.status_code == 302
    codes = _codes(clean_app, pid)
    assert codes[:5] == [
        "learned_new",
        "confidence",
        "intend_apply",
        "aware_resources",
        "satisfaction",
    ]
    assert len(codes) == 11
    required = query(
        clean_app,
        sa.select(ProgramQuestion.required)
        .where(ProgramQuestion.program_id == pid)
        .order_by(ProgramQuestion.position),
    )
    assert required == [True] * 5 + [False] * 6
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert "Start from a template" not in page  # offered only while the form is empty
    assert "I learned something new" in page
    # a second copy is refused: the form is no longer empty
    response = client.get(f"/programs/{pid}/evaluation-form/template")
    assert response.status_code == 302
    _use_standard_template(clean_app, client, pid)
    assert len(_codes(clean_app, pid)) == 11
    follow = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert "A template can only start an empty form" in follow


def test_template_choice_is_required(clean_app, client, program):
    response = client.post(f"/programs/{program['program']}/evaluation-form/template", data={})
    assert response.status_code == 422
    assert "Choose a template." in response.get_data(as_text=True)


def test_add_from_the_bank_lists_only_questions_not_on_the_form(clean_app, client, program):
    pid = program["program"]
    first = _bank_id(clean_app, "satisfaction")
    client.post(f"/programs/{pid}/evaluation-form/bank", data={"questions": [first]})
    page = client.get(f"/programs/{pid}/evaluation-form/bank").get_data(as_text=True)
    assert "Overall, how satisfied" not in page and "I learned something new" in page
    with clean_app.app_context():
        db.session.get(Question, _bank_id(clean_app, "age_band")).active = False
        db.session.commit()
    assert "What is your age group?" not in client.get(
        f"/programs/{pid}/evaluation-form/bank"
    ).get_data(as_text=True)
    response = client.post(
        f"/programs/{pid}/evaluation-form/bank",
        data={"questions": [_bank_id(clean_app, "learned_new"), _bank_id(clean_app, "first_time")]},
    )
    assert response.status_code == 302
    assert _codes(clean_app, pid) == ["satisfaction", "learned_new", "first_time"]
    response = client.post(f"/programs/{pid}/evaluation-form/bank", data={})
    assert response.status_code == 422
    assert "Tick at least one question to add." in response.get_data(as_text=True)


def test_add_a_question_of_our_own(clean_app, client, program):
    pid = program["program"]
    response = client.post(
        f"/programs/{pid}/evaluation-form/own",
        data=question_data(text_en="How many emails did you send?", qtype="number",
                           text_fr="Combien de courriels avez-vous envoyés?", min_value="0"),
    )  # fmt: skip
    assert response.status_code == 302
    own = query(clean_app, sa.select(Question).where(Question.program_id == pid))[0]
    assert (own.standard, own.code, own.min_value) == (
        False,
        f"p{pid}_how_many_emails_did_you_send",
        0,
    )
    assert _codes(clean_app, pid) == [own.code]
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert "How many emails did you send?" in page and "own question" in page
    # not offered to other programs' forms from the bank
    assert "How many emails" not in client.get(f"/programs/{pid}/evaluation-form/bank").get_data(
        as_text=True
    )
    response = client.post(
        f"/programs/{pid}/evaluation-form/own", data=question_data(text_fr="", choices="a | A | A")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write the question in French too" in page and "at least 2 choices" in page
    assert 'value="Which device did you bring?"' in page


def _link(client, pid, pq, data):
    """Save a form question's page as a person does: with the version the page handed out."""
    url = f"/programs/{pid}/evaluation-form/{pq}"
    return client.post(url, data={**data, "version": seen_version(client, url)})


def test_link_objectives_suggested_saved_and_shown(clean_app, client, program):
    pid = program["program"]
    client.post(
        f"/programs/{pid}/evaluation-form/bank",
        data={"questions": [_bank_id(clean_app, "confidence")]},
    )
    pq = _form_ids(clean_app, pid)[0]
    page = client.get(f"/programs/{pid}/evaluation-form/{pq}").get_data(as_text=True)
    assert "Ticked for you" in page
    assert ticked_objectives(page) == {program["confidence"]}
    response = _link(
        client,
        pid,
        pq,
        {"objectives": [program["confidence"], program["knowledge"]], "required": "y"},
    )
    assert response.status_code == 302
    links = query(
        clean_app,
        sa.select(program_question_objectives.c.objective_id).where(
            program_question_objectives.c.program_question_id == pq
        ),
    )
    assert sorted(links) == sorted([program["confidence"], program["knowledge"]])
    assert query(
        clean_app, sa.select(ProgramQuestion.required).where(ProgramQuestion.id == pq)
    ) == [True]
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert FLAG not in page and "No question measures these" not in page
    cell = page[page.index("linked-objectives") :]
    assert "Seniors feel confident using email" in cell[:600]
    # unlinking brings the flag back for that objective
    _link(client, pid, pq, {"objectives": [program["knowledge"]]})
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert FLAG in page


def test_move_and_remove(clean_app, client, program):
    pid = program["program"]
    _use_standard_template(clean_app, client, pid)
    ids = _form_ids(clean_app, pid)
    client.post(f"/programs/{pid}/evaluation-form/{ids[1]}/move", data={"direction": "up"})
    assert _codes(clean_app, pid)[:2] == ["confidence", "learned_new"]
    client.post(f"/programs/{pid}/evaluation-form/{ids[1]}/move", data={"direction": "down"})
    assert _codes(clean_app, pid)[:2] == ["learned_new", "confidence"]
    response = client.post(f"/programs/{pid}/evaluation-form/{ids[2]}/delete")
    assert response.status_code == 302
    assert "intend_apply" not in _codes(clean_app, pid)
    assert len(_codes(clean_app, pid)) == 10


def test_a_form_question_saved_meanwhile_is_not_overwritten(clean_app, client, program):
    """Two people open the same question's page; the second save is refused, ticks kept."""
    pid = program["program"]
    client.post(
        f"/programs/{pid}/evaluation-form/bank",
        data={"questions": [_bank_id(clean_app, "confidence")]},
    )
    pq = _form_ids(clean_app, pid)[0]
    url = f"/programs/{pid}/evaluation-form/{pq}"
    seen = seen_version(client, url)
    first = {"objectives": [program["confidence"]], "required": "y", "version": seen}
    assert client.post(url, data=first).status_code == 302
    second = client.post(url, data={"objectives": [program["knowledge"]], "version": seen})
    page = second.get_data(as_text=True)
    assert second.status_code == 422
    assert "Someone else saved this while you were editing" in page
    assert ticked_objectives(page) == {program["knowledge"]}  # what the second person ticked
    links = query(
        clean_app,
        sa.select(program_question_objectives.c.objective_id).where(
            program_question_objectives.c.program_question_id == pq
        ),
    )
    assert links == [program["confidence"]]
    assert query(
        clean_app, sa.select(ProgramQuestion.required).where(ProgramQuestion.id == pq)
    ) == [True]
    # saving again, knowingly, replaces the first save
    again = {"objectives": [program["knowledge"]], "version": seen_version(client, url)}
    assert client.post(url, data=again).status_code == 302
    assert query(
        clean_app, sa.select(ProgramQuestion.required).where(ProgramQuestion.id == pq)
    ) == [False]


def test_removal_refused_when_answered(clean_app, client, program):
    pid = program["program"]
    _use_standard_template(clean_app, client, pid)
    pq = _form_ids(clean_app, pid)[0]
    with clean_app.app_context():
        answer(pid, _bank_id(clean_app, "learned_new"))
        db.session.commit()
    response = client.post(f"/programs/{pid}/evaluation-form/{pq}/delete")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "already has answers for this program" in page
    assert _codes(clean_app, pid)[0] == "learned_new"


def test_own_question_goes_with_its_removal(clean_app, client, program):
    pid = program["program"]
    client.post(f"/programs/{pid}/evaluation-form/own", data=question_data())
    pq = _form_ids(clean_app, pid)[0]
    client.post(f"/programs/{pid}/evaluation-form/{pq}/delete")
    assert query(clean_app, sa.select(Question.id).where(Question.program_id == pid)) == []


@pytest.mark.parametrize("role, status", [("frontline", 403), ("coordinator", 200)])
def test_who_may_change_the_form(clean_app, client, program, login_as, role, status):
    pid = program["program"]
    client.post("/logout")
    login_as(role)
    assert client.get(f"/programs/{pid}/evaluation-form/bank").status_code == status
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert "Evaluation form" in page
    assert ("Add a question from the bank" in page) == (status == 200)


def test_closed_program_form_is_locked(clean_app, client, program):
    pid = program["program"]
    with clean_app.app_context():
        from program_planner.programs.models import Program

        db.session.get(Program, pid).status = Status.CLOSED
        db.session.commit()
    assert client.get(f"/programs/{pid}/evaluation-form/bank").status_code == 403
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert "Add a question from the bank" not in page


def test_other_programs_questions_are_not_found(clean_app, client, program, branch):
    confidence = _bank_id(clean_app, "confidence")  # before this context begins writing
    with clean_app.app_context():
        other = make_program(program["user"].id, branch, title="Other")
        db.session.add(ProgramQuestion(program_id=other.id, question_id=confidence))
        db.session.commit()
        other_id = other.id
    pq = _form_ids(clean_app, other_id)[0]
    assert client.get(f"/programs/{program['program']}/evaluation-form/{pq}").status_code == 404


def test_program_page_statements_do_not_grow_with_questions(clean_app, client, program):
    pid = program["program"]
    client.post(
        f"/programs/{pid}/evaluation-form/bank",
        data={"questions": [_bank_id(clean_app, "confidence")]},
    )
    pq = _form_ids(clean_app, pid)[0]
    _link(client, pid, pq, {"objectives": [program["confidence"]]})
    few = count_statements(clean_app, client, f"/programs/{pid}")
    client.get("/")  # drop flashed messages
    client.post(
        f"/programs/{pid}/evaluation-form/bank",
        data={"questions": [_bank_id(clean_app, c) for c in MORE]},
    )
    for pq in _form_ids(clean_app, pid):
        _link(client, pid, pq, {"objectives": [program["confidence"], program["knowledge"]]})
    client.get("/")
    assert count_statements(clean_app, client, f"/programs/{pid}") == few
