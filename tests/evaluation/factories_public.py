"""Evaluation public rows for the tests: questions of every type, links, follow-up contacts."""

import secrets
from decimal import Decimal

from program_planner.evaluation.models import (
    EvaluationLink,
    FollowUpContact,
    ProgramQuestion,
    Question,
    QuestionCategory,
    QuestionType,
    ResponseKind,
)
from program_planner.evaluation.public.service import CONSENT_VERSION, hash_token, today_utc
from program_planner.extensions import db

HOW_HEARD = [
    {"value": "website", "en": "Library website", "fr": "Site web de la bibliothèque"},
    {"value": "poster", "en": "Poster or flyer", "fr": "Affiche ou dépliant"},
    {"value": "friend", "en": "A friend", "fr": "Un ami"},
]
AGE_BANDS = [
    {"value": "18-34", "en": "18 to 34", "fr": "18 à 34 ans"},
    {"value": "35-64", "en": "35 to 64", "fr": "35 à 64 ans"},
    {"value": "65+", "en": "65 or over", "fr": "65 ans ou plus"},
]

# (suffix, type, English, French, required, extra)
EVERY_TYPE = [
    (
        "learned",
        QuestionType.AGREEMENT,
        "I learned something new",
        "J'ai appris quelque chose de nouveau",
        True,
        {},
    ),
    (
        "rating",
        QuestionType.RATING,
        "Overall, how would you rate this program?",
        "Dans l'ensemble, comment évaluez-vous ce programme?",
        True,
        {},
    ),
    (
        "first",
        QuestionType.YES_NO,
        "Was this your first library program?",
        "Était-ce votre premier programme à la bibliothèque?",
        False,
        {},
    ),
    ("age", QuestionType.SINGLE_CHOICE, "Your age", "Votre âge", False, {"choices": AGE_BANDS}),
    (
        "heard",
        QuestionType.MULTIPLE_CHOICE,
        "How did you hear about this program?",
        "Comment avez-vous entendu parler de ce programme?",
        False,
        {"choices": HOW_HEARD},
    ),
    (
        "sessions",
        QuestionType.NUMBER,
        "How many sessions did you attend?",
        "À combien de séances avez-vous assisté?",
        False,
        {"min_value": Decimal(0), "max_value": Decimal(20)},
    ),
    ("comments", QuestionType.FREE_TEXT, "Any other comments?", "Autres commentaires?", False, {}),
]


def add_question(program_id, code, qtype, text_en, text_fr, required=False, position=0, **extra):
    """Add a question of the program's own and put it on its form (flushed)."""
    question = Question(
        code=code,
        text_en=text_en,
        text_fr=text_fr,
        qtype=qtype,
        category=QuestionCategory.OTHER,
        program_id=program_id,
        **extra,
    )
    db.session.add(question)
    db.session.flush()
    pq = ProgramQuestion(
        program_id=program_id, question_id=question.id, position=position, required=required
    )
    db.session.add(pq)
    db.session.flush()
    return question


def add_questions_of_every_type(program_id, prefix="pub") -> dict:
    """Add one question of every type to a program's form; return {suffix: question}."""
    questions = {}
    for position, (suffix, qtype, text_en, text_fr, required, extra) in enumerate(EVERY_TYPE):
        questions[suffix] = add_question(
            program_id,
            f"{prefix}-{program_id}-{suffix}",
            qtype,
            text_en,
            text_fr,
            required=required,
            position=100 + position,
            **extra,
        )
    return questions


def add_link(program_id, kind=ResponseKind.IMMEDIATE, occurrence_id=None, active=True):
    """Add a public link (flushed)."""
    link = EvaluationLink(
        program_id=program_id,
        occurrence_id=occurrence_id,
        kind=kind,
        token=secrets.token_urlsafe(16),
        active=active,
    )
    db.session.add(link)
    db.session.flush()
    return link


def add_contact(program_id, email="reader@example.org", consented_at=None):
    """Add a follow-up contact (flushed); return (contact, withdrawal token)."""
    token = secrets.token_urlsafe(24)
    contact = FollowUpContact(
        program_id=program_id,
        email=email,
        language="en",
        consent_version=CONSENT_VERSION,
        consented_at=consented_at or today_utc(),
        withdraw_token_hash=hash_token(token),
    )
    db.session.add(contact)
    db.session.flush()
    return contact, token


def add_rows(program_id, ids) -> dict:
    """Add questions, a public link and a contact; return {URL argument name: value}."""
    add_questions_of_every_type(program_id, prefix="sample")
    from tests.evaluation.factories_followup import add_rows as add_followup_rows

    link = add_link(program_id)
    contact, token = add_contact(program_id)
    followup = add_followup_rows(program_id, contact.id)
    return {
        "form_token": link.token,
        "evaluation_link_id": link.id,
        "withdraw_token": token,
        **followup,
    }


def make_public_form(app, owner_id, branch_id, status=None, kind=ResponseKind.IMMEDIATE):
    """Commit a program with a session, a question of every type and an open link.

    Returns a namespace: program_id, occurrence_id, token, q (suffix → question id), names
    (suffix → form field name).
    """
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from program_planner.programs.models import Status
    from tests.factories import make_program
    from tests.occurrences.factories import add_occurrence

    with app.app_context():
        program = make_program(owner_id, branch_id, status=status or Status.SCHEDULED)
        occurrence = add_occurrence(program.id, datetime(2027, 3, 3, 23, 0, tzinfo=UTC))
        questions = add_questions_of_every_type(program.id)
        link = add_link(program.id, kind=kind)
        db.session.commit()
        return SimpleNamespace(
            program_id=program.id,
            occurrence_id=occurrence.id,
            token=link.token,
            link_id=link.id,
            q={suffix: q.id for suffix, q in questions.items()},
            names={suffix: f"q{q.id}" for suffix, q in questions.items()},
        )


def valid_answers(form) -> dict:
    """Return a complete, valid post of the form made by make_public_form."""
    n = form.names
    return {
        n["learned"]: "4",
        n["rating"]: "5",
        n["first"]: "1",
        n["age"]: "65+",
        n["heard"]: ["website", "friend"],
        n["sessions"]: "3",
        n["comments"]: "Very helpful, thank you!",
        "submission_key": "k" * 32,
    }
