"""The question bank and form templates through HTTP (coordinators and administrators)."""

import pytest
import sqlalchemy as sa

from program_planner.evaluation.builder.service import ensure_standard_questions
from program_planner.evaluation.models import (
    FormTemplate,
    Question,
    QuestionType,
    TemplateQuestion,
)
from program_planner.extensions import db
from tests.conftest import query
from tests.evaluation.factories_builder import add_bank_question, answer, question_data
from tests.factories import make_program


@pytest.fixture
def seeded(clean_app):
    with clean_app.app_context():
        ensure_standard_questions()
        db.session.commit()


def _question(app, code):
    return query(app, sa.select(Question).where(Question.code == code))[0]


def test_bank_lists_standard_questions_marked(seeded, client, login_as):
    login_as("coordinator")
    page = client.get("/evaluation/questions").get_data(as_text=True)
    assert "I learned something new" in page and "J&#39;ai appris quelque chose de nouveau" in page
    assert page.count(">Standard</span>") == 11
    assert "Evaluation questions" in page and "Form templates" in page  # catalogue tabs


@pytest.mark.parametrize("role", ["programmer", "frontline"])
def test_only_reviewers_keep_the_bank(seeded, client, login_as, role):
    login_as(role)
    assert client.get("/evaluation/questions").status_code == 403
    assert client.post("/evaluation/questions/new", data=question_data()).status_code == 403
    assert client.get("/evaluation/templates").status_code == 403


def test_add_a_choice_question_code_from_text(clean_app, client, login_as):
    login_as("admin")
    response = client.post("/evaluation/questions/new", data=question_data())
    assert response.status_code == 302
    q = _question(clean_app, "which_device_did_you_bring")
    assert (q.qtype, q.standard, q.program_id, q.active) == (
        QuestionType.SINGLE_CHOICE,
        False,
        None,
        True,
    )
    assert q.choices == [
        {"value": "phone", "en": "Phone", "fr": "Téléphone"},
        {"value": "tablet", "en": "Tablet", "fr": "Tablette"},
        {"value": "none", "en": "None", "fr": "Aucun"},
    ]
    client.post("/evaluation/questions/new", data=question_data())
    assert _question(clean_app, "which_device_did_you_bring_2").text_en == q.text_en


def test_missing_french_is_refused_at_the_field_with_input_kept(clean_app, client, login_as):
    login_as("coordinator")
    response = client.post("/evaluation/questions/new", data=question_data(text_fr=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="text_fr-error"' in page and "Write the question in French too" in page
    assert 'value="Which device did you bring?"' in page
    assert "tablet | Tablet | Tablette" in page
    assert query(clean_app, sa.select(Question.id)) == []


@pytest.mark.parametrize(
    "choices, message",
    [
        ("phone | Phone | Téléphone", "at least 2 choices"),
        ("phone | Phone | Téléphone\nphone | Cell | Cellulaire", "is used twice"),
        ("phone | Phone | Téléphone\ntablet | Tablet", "Line 2: write the value"),
        ("phone | Phone | Téléphone\ntablet |  | Tablette", "Line 2: the value, the English"),
        ("", "at least 2 choices"),
    ],
)
def test_bad_choices_get_a_clear_message(clean_app, client, login_as, choices, message):
    login_as("coordinator")
    response = client.post("/evaluation/questions/new", data=question_data(choices=choices))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="choices-error"' in page and message in page
    assert query(clean_app, sa.select(Question.id)) == []


def test_number_limits_and_choices_of_other_types(clean_app, client, login_as):
    login_as("coordinator")
    data = question_data(qtype="number", min_value="10", max_value="2", code="how_many")
    page = client.post("/evaluation/questions/new", data=data).get_data(as_text=True)
    assert "The largest number must not be below the smallest." in page
    data.update(max_value="99")
    assert client.post("/evaluation/questions/new", data=data).status_code == 302
    q = _question(clean_app, "how_many")
    assert (q.min_value, q.max_value, q.choices) == (10, 99, [])  # choices ignored


def test_code_must_be_unique_and_simple(seeded, client, login_as):
    login_as("coordinator")
    page = client.post("/evaluation/questions/new", data=question_data(code="first_time"))
    assert "Another question already uses this code." in page.get_data(as_text=True)
    page = client.post("/evaluation/questions/new", data=question_data(code="Bad code!"))
    assert "lowercase letters" in page.get_data(as_text=True)


def test_edit_a_standard_question_but_not_its_type_once_answered(
    seeded, clean_app, client, login_as, branch
):
    me = login_as("coordinator")
    q = _question(clean_app, "learned_new")
    form = client.get(f"/evaluation/questions/{q.id}").get_data(as_text=True)
    assert 'value="I learned something new"' in form and "A standard question" in form
    data = question_data(
        text_en="I learned something new today",
        text_fr=q.text_fr,
        qtype="agreement",
        category="outcome",
        outcome_type="knowledge",
        choices="",
        code="learned_new",
        version=str(q.version),
    )
    assert client.post(f"/evaluation/questions/{q.id}", data=data).status_code == 302
    assert _question(clean_app, "learned_new").text_en == "I learned something new today"
    with clean_app.app_context():
        program = make_program(me.id, branch)
        answer(program.id, q.id)
        db.session.commit()
    data.update(qtype="rating", version=str(q.version + 1))
    response = client.post(f"/evaluation/questions/{q.id}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="qtype-error"' in page
    assert "already has answers, so its type cannot change" in page
    assert _question(clean_app, "learned_new").qtype == QuestionType.AGREEMENT


def test_stale_edit_is_refused_with_input_kept(seeded, clean_app, client, login_as):
    login_as("coordinator")
    q = _question(clean_app, "liked_most")
    data = question_data(
        text_en="What did you enjoy?", text_fr=q.text_fr, qtype="free_text", category="comments",
        choices="", code="liked_most", version=str(q.version - 1 if q.version > 1 else 99),
    )  # fmt: skip
    page = client.post(f"/evaluation/questions/{q.id}", data=data).get_data(as_text=True)
    assert "Someone else saved this" in page and 'value="What did you enjoy?"' in page
    assert _question(clean_app, "liked_most").text_en == "What did you like most?"


def test_withdraw_and_offer_again(seeded, clean_app, client, login_as):
    login_as("coordinator")
    q = _question(clean_app, "age_band")
    client.post(f"/evaluation/questions/{q.id}/set-active")
    assert _question(clean_app, "age_band").active is False
    page = client.get("/evaluation/questions").get_data(as_text=True)
    assert "Offer again" in page
    client.post(f"/evaluation/questions/{q.id}/set-active")
    assert _question(clean_app, "age_band").active is True


def test_bank_page_statements_do_not_grow(seeded, clean_app, client, login_as):
    from tests.conftest import count_statements

    login_as("coordinator")
    few = count_statements(clean_app, client, "/evaluation/questions")
    few_templates = count_statements(clean_app, client, "/evaluation/templates")
    with clean_app.app_context():
        for i in range(8):
            add_bank_question(code=f"extra_{i}")
            db.session.add(FormTemplate(name=f"Template {i}"))
        db.session.commit()
    assert count_statements(clean_app, client, "/evaluation/questions") == few
    assert count_statements(clean_app, client, "/evaluation/templates") == few_templates


# --- Templates -------------------------------------------------------------------------------


def _template_rows(app, template_id):
    return query(
        app,
        sa.select(Question.code, TemplateQuestion.required)
        .join(TemplateQuestion.question)
        .where(TemplateQuestion.template_id == template_id)
        .order_by(TemplateQuestion.position),
    )


def test_build_a_template(seeded, clean_app, client, login_as):
    login_as("coordinator")
    response = client.post(
        "/evaluation/templates/new",
        data={"name": "Short form", "description": "Two questions", "active": "y"},
    )
    assert response.status_code == 302
    tid = query(clean_app, sa.select(FormTemplate.id).where(FormTemplate.name == "Short form"))[0]
    ids = {q.code: q.id for q in query(clean_app, sa.select(Question))}
    page = client.get(f"/evaluation/templates/{tid}").get_data(as_text=True)
    assert "No questions yet" in page and "I learned something new" in page
    response = client.post(
        f"/evaluation/templates/{tid}/questions",
        data={"questions": [ids["learned_new"], ids["satisfaction"], ids["liked_most"]]},
    )
    assert response.status_code == 302
    assert [c for c, _ in _template_rows(clean_app, tid)] == [
        "learned_new",
        "satisfaction",
        "liked_most",
    ]
    rows = query(
        clean_app,
        sa.select(TemplateQuestion.id).where(TemplateQuestion.template_id == tid)
        .order_by(TemplateQuestion.position),
    )  # fmt: skip
    base = f"/evaluation/templates/{tid}/questions"
    client.post(f"{base}/{rows[2]}/move", data={"direction": "up"})
    client.post(f"{base}/{rows[0]}/required")
    client.post(f"{base}/{rows[1]}/delete")
    assert _template_rows(clean_app, tid) == [("learned_new", True), ("liked_most", False)]
    client.post(f"{base}/{rows[0]}/move", data={"direction": "up"})  # already first
    assert [c for c, _ in _template_rows(clean_app, tid)] == ["learned_new", "liked_most"]
    page = client.get(f"/evaluation/templates/{tid}").get_data(as_text=True)
    assert page.index("I learned something new") < page.index("What did you like most?")
    listing = client.get("/evaluation/templates").get_data(as_text=True)
    assert "Short form" in listing and "Standard program evaluation" in listing


def test_template_errors_keep_input(seeded, clean_app, client, login_as):
    login_as("coordinator")
    response = client.post(
        "/evaluation/templates/new",
        data={"name": "Standard program evaluation", "description": "Mine"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Another template already has this name." in page and "Mine</textarea>" in page
    with clean_app.app_context():
        template = FormTemplate(name="Empty")
        db.session.add(template)
        db.session.commit()
        tid = template.id
    response = client.post(f"/evaluation/templates/{tid}/questions", data={})
    assert response.status_code == 422
    assert "Tick at least one question to add." in response.get_data(as_text=True)
