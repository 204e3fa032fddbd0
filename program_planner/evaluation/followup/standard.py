"""The standard follow-up questions every follow-up survey starts with, in English and French.

The data migration "follow-up surveys" inserts the same rows; ensure_follow_up_questions()
creates any that are missing (demo data, a database seeded by hand). They live in the question
bank with standard=True, but are not offered for the form filled right after a program.
"""

import sqlalchemy as sa

from program_planner.evaluation.models import Question, QuestionCategory, QuestionType
from program_planner.extensions import db
from program_planner.planning.models import OutcomeType

STANDARD_FOLLOW_UP_QUESTIONS = [
    {
        "code": "followup_applied",
        "qtype": QuestionType.AGREEMENT,
        "category": QuestionCategory.OUTCOME,
        "outcome_type": OutcomeType.APPLICATION,
        "text_en": "Since the program, I have applied what I learned",
        "text_fr": "Depuis le programme, j'ai mis en pratique ce que j'ai appris",
        "required": True,
    },
    {
        "code": "followup_changed",
        "qtype": QuestionType.YES_NO,
        "category": QuestionCategory.OUTCOME,
        "outcome_type": OutcomeType.APPLICATION,
        "text_en": "Have you changed something in your daily life or work because of the program?",
        "text_fr": "Avez-vous changé quelque chose dans votre quotidien ou votre travail "
        "grâce au programme?",
        "required": False,
    },
    {
        "code": "followup_changed_what",
        "qtype": QuestionType.FREE_TEXT,
        "category": QuestionCategory.COMMENTS,
        "outcome_type": None,
        "text_en": "If so, what did you change?",
        "text_fr": "Si oui, qu'avez-vous changé?",
        "required": False,
    },
    {
        "code": "followup_used_resources",
        "qtype": QuestionType.YES_NO,
        "category": QuestionCategory.OUTCOME,
        "outcome_type": OutcomeType.AWARENESS,
        "text_en": "Since the program, have you used other library resources or services?",
        "text_fr": "Depuis le programme, avez-vous utilisé d'autres ressources ou services "
        "de la bibliothèque?",
        "required": False,
    },
]
FOLLOW_UP_CODES = tuple(spec["code"] for spec in STANDARD_FOLLOW_UP_QUESTIONS)
REQUIRED_CODES = frozenset(s["code"] for s in STANDARD_FOLLOW_UP_QUESTIONS if s["required"])


def ensure_follow_up_questions() -> int:
    """Create the standard follow-up questions that are missing (by code); return how many."""
    existing = set(
        db.session.scalars(sa.select(Question.code).where(Question.code.in_(FOLLOW_UP_CODES)))
    )
    created = 0
    for spec in STANDARD_FOLLOW_UP_QUESTIONS:
        if spec["code"] in existing:
            continue
        fields = {k: v for k, v in spec.items() if k != "required"}
        db.session.add(Question(**fields, standard=True, active=True))
        created += 1
    db.session.flush()
    return created
