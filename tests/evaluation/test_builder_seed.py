"""The standard question bank: seeded by migration, CLI and demo, once, in English and French."""

import flask_migrate
import sqlalchemy as sa

from program_planner import create_app
from program_planner.evaluation.builder.service import ensure_standard_questions
from program_planner.evaluation.builder.standard import STANDARD_QUESTIONS, STANDARD_TEMPLATE_NAME
from program_planner.evaluation.followup.standard import STANDARD_FOLLOW_UP_QUESTIONS
from program_planner.evaluation.models import (
    FormTemplate,
    Question,
    QuestionType,
    TemplateQuestion,
)
from program_planner.extensions import db
from program_planner.planning.models import PromotionChannel
from tests.conftest import query

CODES = [
    "learned_new",
    "confidence",
    "intend_apply",
    "aware_resources",
    "satisfaction",
    "liked_most",
    "keep_learning",
    "how_heard",
    "age_band",
    "first_time",
    "home_language",
]


def seed(app):
    with app.app_context():
        created = ensure_standard_questions()
        db.session.commit()
        return created


def test_seeding_is_idempotent(clean_app):
    assert seed(clean_app) == len(CODES) + 1  # the questions and the template
    assert seed(clean_app) == 0
    assert sorted(query(clean_app, sa.select(Question.code))) == sorted(CODES)
    assert query(clean_app, sa.select(sa.func.count(FormTemplate.id))) == [1]
    assert query(clean_app, sa.select(sa.func.count(TemplateQuestion.id))) == [len(CODES)]


def test_a_missing_standard_question_is_added_back_alone(clean_app):
    seed(clean_app)
    with clean_app.app_context():
        db.session.execute(sa.delete(TemplateQuestion))
        db.session.execute(sa.delete(Question).where(Question.code == "first_time"))
        db.session.commit()
    assert seed(clean_app) == 1
    assert "first_time" in query(clean_app, sa.select(Question.code))


def test_standard_questions_are_bilingual_and_typed(clean_app):
    seed(clean_app)
    with clean_app.app_context():
        questions = {q.code: q for q in db.session.scalars(sa.select(Question))}
        for q in questions.values():
            assert q.standard and q.active and q.program_id is None
            assert q.text_en and q.text_fr and q.text_en != q.text_fr, q.code
            for choice in q.choices:
                assert choice["value"] and choice["en"] and choice["fr"], (q.code, choice)
        assert questions["learned_new"].qtype == QuestionType.AGREEMENT
        assert questions["learned_new"].text_fr == "J'ai appris quelque chose de nouveau"
        assert questions["confidence"].outcome_type.value == "confidence"
        assert questions["intend_apply"].outcome_type.value == "application"
        assert questions["aware_resources"].outcome_type.value == "awareness"
        assert questions["satisfaction"].qtype == QuestionType.RATING
        assert questions["first_time"].qtype == QuestionType.YES_NO
        assert questions["how_heard"].qtype == QuestionType.MULTIPLE_CHOICE
        heard = [c["value"] for c in questions["how_heard"].choices]
        assert heard == [c.value for c in PromotionChannel]
        ages = [c["en"] for c in questions["age_band"].choices]
        assert ages[0] == "Under 25" and ages[-1] == "Prefer not to say" and len(ages) == 8
        languages = [c["en"] for c in questions["home_language"].choices]
        assert languages[:4] == ["English", "French", "Spanish", "Arabic"]
        assert len(languages) == 9


def test_standard_template_requires_outcomes_and_satisfaction(clean_app):
    seed(clean_app)
    rows = query(
        clean_app,
        sa.select(Question.code, TemplateQuestion.required)
        .join(TemplateQuestion.question)
        .join(FormTemplate, FormTemplate.id == TemplateQuestion.template_id)
        .where(FormTemplate.name == STANDARD_TEMPLATE_NAME)
        .order_by(TemplateQuestion.position),
    )
    assert [code for code, _ in rows] == CODES
    required = {code for code, req in rows if req}
    assert required == {
        "learned_new",
        "confidence",
        "intend_apply",
        "aware_resources",
        "satisfaction",
    }


def test_cli_seeds_once(clean_app):
    runner = clean_app.test_cli_runner()
    result = runner.invoke(args=["evaluation", "seed-questions"])
    assert result.exit_code == 0, result.output
    assert "12 row(s) added" in result.output
    result = runner.invoke(args=["evaluation", "seed-questions"])
    assert "nothing changed" in result.output
    assert len(query(clean_app, sa.select(Question.id))) == len(CODES)


def test_demo_data_includes_the_standard_bank(clean_app):
    from program_planner.demo import load_demo

    with clean_app.app_context():
        load_demo()
        db.session.commit()
    assert sorted(query(clean_app, sa.select(Question.code).where(Question.standard))) == sorted(
        CODES
    )


def test_migration_seeds_the_same_rows(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.db'}")
    with app.app_context():
        flask_migrate.upgrade()
        questions = {q.code: q for q in db.session.scalars(sa.select(Question))}
        follow_up = [spec["code"] for spec in STANDARD_FOLLOW_UP_QUESTIONS]  # their own migration
        assert sorted(questions) == sorted(CODES + follow_up)
        for spec in STANDARD_QUESTIONS:
            q = questions[spec["code"]]
            assert (q.text_en, q.text_fr, q.help_en, q.help_fr) == (
                spec["text_en"],
                spec["text_fr"],
                spec["help_en"],
                spec["help_fr"],
            )
            assert (q.qtype, q.category, q.outcome_type) == (
                spec["qtype"],
                spec["category"],
                spec["outcome_type"],
            )
            assert q.choices == spec["choices"] and q.standard and q.version == 1
        assert ensure_standard_questions() == 0  # the migration seeded everything
        db.session.rollback()
        flask_migrate.downgrade(revision="4e7a1c9d2b60")
        assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(FormTemplate.id))) == 0
        db.session.rollback()
        db.engine.dispose()
