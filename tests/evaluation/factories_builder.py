"""Evaluation builder rows for the route tests: a bank question, a template, a form question."""

from decimal import Decimal

from program_planner.evaluation.engine import new_submission_key
from program_planner.evaluation.models import (
    Answer,
    FormTemplate,
    ProgramQuestion,
    Question,
    QuestionCategory,
    QuestionType,
    Response,
    ResponseChannel,
    TemplateQuestion,
)
from program_planner.extensions import db
from program_planner.planning.models import OutcomeType


def add_bank_question(code="sample_learned", **fields) -> Question:
    """Add an active bank question (flushed) and return it."""
    values = {
        "code": code,
        "text_en": "I learned how to send an email",
        "text_fr": "J'ai appris à envoyer un courriel",
        "qtype": QuestionType.AGREEMENT,
        "category": QuestionCategory.OUTCOME,
        "outcome_type": OutcomeType.KNOWLEDGE,
        "choices": [],
    }
    values.update(fields)
    question = Question(**values)
    db.session.add(question)
    db.session.flush()
    return question


def add_rows(program_id, ids) -> dict:
    """Add rows for this area; return {URL argument name: value}."""
    question = add_bank_question()
    template = FormTemplate(name="Sample template", description="For the route tests.")
    db.session.add(template)
    db.session.flush()
    row = TemplateQuestion(template_id=template.id, question_id=question.id, position=1)
    form_question = ProgramQuestion(program_id=program_id, question_id=question.id, position=1)
    db.session.add_all([row, form_question])
    db.session.flush()
    return {
        "bank_question_id": question.id,
        "form_template_id": template.id,
        "form_template_question_id": row.id,
        "form_question_id": form_question.id,
    }


def answer(program_id, question_id, value=4) -> None:
    """Store one online response answering question_id (flushed)."""
    db.session.add(
        Response(
            program_id=program_id,
            channel=ResponseChannel.ONLINE,
            submission_key=new_submission_key(),
            answers=[Answer(question_id=question_id, value_number=Decimal(value))],
        )
    )
    db.session.flush()


def question_data(**overrides) -> dict:
    """Return a filled question form."""
    data = {
        "text_en": "Which device did you bring?",
        "text_fr": "Quel appareil avez-vous apporté?",
        "help_en": "",
        "help_fr": "",
        "qtype": "single_choice",
        "category": "other",
        "outcome_type": "",
        "choices": "phone | Phone | Téléphone\ntablet | Tablet | Tablette\nnone | None | Aucun",
        "min_value": "",
        "max_value": "",
        "code": "",
    }
    data.update(overrides)
    return data
