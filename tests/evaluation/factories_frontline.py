"""Evaluation frontline rows: questions of every type, a session report, a keyed-in paper form."""

from decimal import Decimal

from program_planner.evaluation.models import (
    Answer,
    OccurrenceReport,
    ProgramQuestion,
    Question,
    QuestionCategory,
    QuestionType,
    Response,
    ResponseChannel,
)
from program_planner.extensions import db
from program_planner.programs.models import Program

T = QuestionType
CHOICES = {
    T.SINGLE_CHOICE: [
        {"value": "morning", "en": "Morning", "fr": "Matin"},
        {"value": "afternoon", "en": "Afternoon", "fr": "Après-midi"},
        {"value": "evening", "en": "Evening", "fr": "Soir"},
    ],
    T.MULTIPLE_CHOICE: [
        {"value": "website", "en": "Library website", "fr": "Site web de la bibliothèque"},
        {"value": "social", "en": "Social media", "fr": "Médias sociaux"},
        {"value": "poster", "en": "Posters & flyers", "fr": "Affiches"},
        {"value": "friend", "en": "A friend", "fr": "Un ami"},
    ],
}
TEXTS = {
    T.AGREEMENT: "I learned something new",
    T.RATING: "How would you rate the program?",
    T.YES_NO: "Is this your first library program?",
    T.SINGLE_CHOICE: "Which time suits you best?",
    T.MULTIPLE_CHOICE: "How did you hear about this program?",
    T.NUMBER: "Your age",
    T.FREE_TEXT: "Any comments?",
}


def add_frontline_questions(program_id, start=0) -> dict:
    """Put one question of every type on the program's form; return {QuestionType: Question}."""
    questions = {}
    for position, qtype in enumerate(TEXTS, start=start):
        extra = {"choices": CHOICES.get(qtype, [])}
        if qtype == T.NUMBER:
            extra.update(min_value=Decimal(16), max_value=Decimal(110))
        question = Question(
            code=f"frontline_{qtype.value}_{program_id}",
            text_en=TEXTS[qtype],
            text_fr=f"FR {TEXTS[qtype]}",
            qtype=qtype,
            category=QuestionCategory.OTHER,
            program_id=program_id,
            **extra,
        )
        db.session.add(question)
        db.session.flush()
        db.session.add(
            ProgramQuestion(
                program_id=program_id,
                question_id=question.id,
                position=100 + position,
                required=qtype == T.AGREEMENT,  # required online; never enforced for paper
            )
        )
        questions[qtype] = question
    db.session.flush()
    return questions


def add_paper_response(program_id, occurrence_id, entered_by_id, question, value=4) -> Response:
    """Add a keyed-in paper form answering one question (flushed)."""
    response = Response(
        program_id=program_id,
        occurrence_id=occurrence_id,
        channel=ResponseChannel.PAPER,
        language="en",
        submission_key=f"paper-{program_id}-{occurrence_id}-{entered_by_id}-{value}-{question.id}",
        entered_by_id=entered_by_id,
        answers=[Answer(question_id=question.id, value_number=Decimal(value))],
    )
    db.session.add(response)
    db.session.flush()
    return response


def add_rows(program_id, ids) -> dict:
    """Add questions, a session report and a paper form keyed in by the program's owner."""
    occurrence_id = ids["occurrences"]
    owner_id = db.session.get(Program, program_id).owner_id
    questions = add_frontline_questions(program_id)
    db.session.add(OccurrenceReport(occurrence_id=occurrence_id, headcount=12, first_time_count=3))
    response = add_paper_response(program_id, occurrence_id, owner_id, questions[T.AGREEMENT])
    return {"occurrence_id": occurrence_id, "paper_response_id": response.id}


def make_frontline_program(owner_id, branch_id, sessions=1, title="Email for beginners") -> dict:
    """Add a program with sessions and a form of every question type; return their ids.

    {"program": id, "occurrences": [ids], "questions": {QuestionType: id}} (committed).
    """
    from datetime import UTC, datetime, timedelta

    from tests.factories import make_program
    from tests.occurrences.factories import add_occurrence

    program = make_program(owner_id, branch_id, title=title)
    start = datetime(2026, 4, 7, 17, 0, tzinfo=UTC)  # past: sessions that have begun
    occurrences = [
        add_occurrence(program.id, start + timedelta(days=7 * i), expected_attendance=15 + i).id
        for i in range(sessions)
    ]
    questions = add_frontline_questions(program.id)
    db.session.commit()
    return {
        "program": program.id,
        "occurrences": occurrences,
        "questions": {qtype: q.id for qtype, q in questions.items()},
    }


FORMS = [  # ten paper forms as a desk clerk types them
    {
        "agreement": "5",
        "rating": "4",
        "yes_no": "y",
        "single_choice": "1",
        "multiple_choice": "13",
        "number": "67",
        "free_text": "Great teacher",
    },
    {"agreement": "4", "rating": "5", "yes_no": "n", "single_choice": "2", "multiple_choice": "2"},
    {
        "agreement": "n",
        "rating": "3",
        "yes_no": "1",
        "single_choice": "3",
        "multiple_choice": "421",
        "number": "80.5",
    },
    {"agreement": "0", "free_text": "Too short"},
    {"agreement": "1", "rating": "1", "yes_no": "0", "number": "16"},
    {"rating": "2", "multiple_choice": "4"},
    {"agreement": "3", "yes_no": "Y", "single_choice": "2", "free_text": "Merci beaucoup"},
    {"agreement": "2", "rating": "5", "number": "110"},
    {"agreement": "N", "multiple_choice": "1 2"},
    {
        "agreement": "5",
        "rating": "5",
        "yes_no": "0",
        "single_choice": "1",
        "multiple_choice": "1234",
        "number": "42",
        "free_text": "Bring back the laptops",
    },
]
EXPECTED = [  # what the public form would store for the same answers
    {
        "agreement": [5],
        "rating": [4],
        "yes_no": [1],
        "single_choice": ["morning"],
        "multiple_choice": ["website", "poster"],
        "number": [67],
        "free_text": ["Great teacher"],
    },
    {
        "agreement": [4],
        "rating": [5],
        "yes_no": [0],
        "single_choice": ["afternoon"],
        "multiple_choice": ["social"],
    },
    {
        "agreement": ["na"],
        "rating": [3],
        "yes_no": [1],
        "single_choice": ["evening"],
        "multiple_choice": ["friend", "social", "website"],
        "number": [Decimal("80.5")],
    },
    {"agreement": ["na"], "free_text": ["Too short"]},
    {"agreement": [1], "rating": [1], "yes_no": [0], "number": [16]},
    {"rating": [2], "multiple_choice": ["friend"]},
    {
        "agreement": [3],
        "yes_no": [1],
        "single_choice": ["afternoon"],
        "free_text": ["Merci beaucoup"],
    },
    {"agreement": [2], "rating": [5], "number": [110]},
    {"agreement": ["na"], "multiple_choice": ["website", "social"]},
    {
        "agreement": [5],
        "rating": [5],
        "yes_no": [0],
        "single_choice": ["morning"],
        "multiple_choice": ["website", "social", "poster", "friend"],
        "number": [42],
        "free_text": ["Bring back the laptops"],
    },
]


def by_question(ids, expected):
    return {
        ids["questions"][T(name)]: [Decimal(v) if isinstance(v, int) else v for v in values]
        for name, values in expected.items()
    }
