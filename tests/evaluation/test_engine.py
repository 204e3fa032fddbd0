"""The form engine: questions as a form, answers as rows, one response per submission key."""

from decimal import Decimal

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from program_planner.evaluation import engine
from program_planner.evaluation.models import (
    Answer,
    ProgramQuestion,
    Question,
    QuestionCategory,
    QuestionType,
    Response,
    ResponseChannel,
)
from program_planner.extensions import db
from tests.conftest import query
from tests.factories import make_program

T = QuestionType


def add_questions(program_id):
    """Add one question of every type to the program's form; return {type: Question}."""
    specs = {
        T.AGREEMENT: {},
        T.RATING: {},
        T.YES_NO: {},
        T.SINGLE_CHOICE: {
            "choices": [
                {"value": "a", "en": "Alpha", "fr": "Alpha FR"},
                {"value": "b", "en": "Beta", "fr": "Bêta"},
            ]
        },
        T.MULTIPLE_CHOICE: {
            "choices": [
                {"value": "web", "en": "Website", "fr": "Site web"},
                {"value": "radio", "en": "Radio", "fr": "Radio"},
                {"value": "friend", "en": "A friend", "fr": "Un ami"},
            ]
        },
        T.NUMBER: {"min_value": Decimal(0), "max_value": Decimal(120)},
        T.FREE_TEXT: {},
    }
    questions = {}
    for position, (qtype, extra) in enumerate(specs.items()):
        q = Question(
            code=f"t_{qtype.value}_{program_id}",
            text_en=f"EN {qtype.value}",
            text_fr=f"FR {qtype.value}",
            qtype=qtype,
            category=QuestionCategory.OTHER,
            **extra,
        )
        db.session.add(q)
        db.session.flush()
        db.session.add(
            ProgramQuestion(
                program_id=program_id,
                question_id=q.id,
                position=position,
                required=qtype == T.AGREEMENT,
            )
        )
        questions[qtype] = q
    db.session.flush()
    return questions


def test_form_asks_every_type_in_the_chosen_language(clean_app, make_user, branch):
    owner = make_user()
    with clean_app.test_request_context():
        program = make_program(owner.id, branch)
        qs = add_questions(program.id)
        questions = engine.program_questions(program.id)
        form_class = engine.make_response_form(questions, "fr")
        form = form_class(formdata=None)
        assert getattr(form, f"q{qs[T.AGREEMENT].id}").label.text == "FR agreement"
        choices = [c[1] for c in getattr(form, f"q{qs[T.SINGLE_CHOICE].id}").choices]
        assert choices == ["Alpha FR", "Bêta"]


def test_valid_answers_become_rows_and_invalid_ones_are_refused(clean_app, make_user, branch):
    owner = make_user()
    with clean_app.test_request_context():
        program = make_program(owner.id, branch)
        qs = add_questions(program.id)
        questions = engine.program_questions(program.id)
        form_class = engine.make_response_form(questions, "en")

        def f(q):
            return f"q{qs[q].id}"

        form = form_class(
            MultiDict(
                [
                    (f(T.AGREEMENT), "4"),
                    (f(T.RATING), "5"),
                    (f(T.YES_NO), "0"),
                    (f(T.SINGLE_CHOICE), "b"),
                    (f(T.MULTIPLE_CHOICE), "web"),
                    (f(T.MULTIPLE_CHOICE), "friend"),
                    (f(T.NUMBER), "42"),
                    (f(T.FREE_TEXT), "  Great\x00 session\x07!\n  "),
                    ("submission_key", "k1"),
                ]
            ),
            meta={"csrf": False},
        )
        assert form.validate(), form.errors
        answers = engine.answers_from_form(form, questions)
        values = sorted((a.question_id, a.value_number, a.value_text) for a in answers)
        assert (qs[T.AGREEMENT].id, Decimal("4"), None) in values
        assert (qs[T.YES_NO].id, Decimal("0"), None) in values
        assert (qs[T.SINGLE_CHOICE].id, None, "b") in values
        assert [v for v in values if v[0] == qs[T.MULTIPLE_CHOICE].id] == [
            (qs[T.MULTIPLE_CHOICE].id, None, "friend"),
            (qs[T.MULTIPLE_CHOICE].id, None, "web"),
        ]
        assert (qs[T.FREE_TEXT].id, None, "Great session!") in values

        bad = form_class(
            MultiDict(
                [
                    (f(T.RATING), "9"),
                    (f(T.SINGLE_CHOICE), "zzz"),
                    (f(T.NUMBER), "121"),
                    (f(T.FREE_TEXT), "x" * 5001),
                ]
            ),
            meta={"csrf": False},
        )
        assert not bad.validate()
        assert set(bad.errors) == {
            f(T.AGREEMENT),
            f(T.RATING),
            f(T.SINGLE_CHOICE),
            f(T.NUMBER),
            f(T.FREE_TEXT),
        }
        assert bad.errors[f(T.AGREEMENT)] == ["Please answer this question."]


def test_not_applicable_has_no_number(clean_app):
    question = Question(id=1, qtype=T.AGREEMENT)
    [answer] = engine.answers_for(question, "na")
    assert answer.value_number is None and answer.value_text == "na"


def test_a_submission_key_stores_one_response(clean_app, make_user, branch):
    owner = make_user()
    with clean_app.app_context():
        program = make_program(owner.id, branch)
        qs = add_questions(program.id)
        for _ in range(2):
            response, created = engine.save_response(
                program_id=program.id,
                submission_key="same-key",
                answers=[Answer(question_id=qs[T.RATING].id, value_number=Decimal(5))],
                channel=ResponseChannel.ONLINE,
            )
        db.session.commit()
        assert created is False
    assert query(clean_app, sa.select(sa.func.count(Response.id))) == [1]
    assert query(clean_app, sa.select(sa.func.count(Answer.id))) == [1]
