"""The question bank and form templates: rules for saving, ordering and answering.

Services change objects and flush; the views commit.
"""

import re
import unicodedata

import sqlalchemy as sa
from flask_babel import gettext as _

from program_planner.evaluation.builder.standard import ensure_standard_questions  # noqa: F401
from program_planner.evaluation.kinds import kind_of, types_where
from program_planner.evaluation.models import (
    Answer,
    FormTemplate,
    Question,
    QuestionType,
    Response,
    TemplateQuestion,
)
from program_planner.extensions import db

CHOICE_TYPES = types_where("has_options")  # the kinds whose questions carry their choices
CODE_PATTERN = re.compile(r"^[a-z0-9_]{1,64}$")


class BuilderError(Exception):
    """A rule refused the change; field names the form field to show the message at."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# --- Choices ---------------------------------------------------------------------------------


def parse_choices(text: str) -> tuple[list[dict], list[str]]:
    """Read "value | English | Français" lines; return (choices, problems)."""
    choices, problems, seen = [], [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3:
            problems.append(
                _(
                    "Line %(n)s: write the value, the English and the French label separated "
                    "by “|”, e.g. “website | Library website | Site Web de la bibliothèque”.",
                    n=number,
                )
            )
            continue
        value, en, fr = parts
        if not value or not en or not fr:
            problems.append(
                _(
                    "Line %(n)s: the value, the English and the French label are all needed.",
                    n=number,
                )
            )
            continue
        if len(value) > 64 or len(en) > 200 or len(fr) > 200:
            problems.append(_("Line %(n)s is too long.", n=number))
            continue
        if value.casefold() in seen:
            problems.append(_("Line %(n)s: the value “%(v)s” is used twice.", n=number, v=value))
            continue
        seen.add(value.casefold())
        choices.append({"value": value, "en": en, "fr": fr})
    return choices, problems


def choices_text(choices: list[dict]) -> str:
    """Write choices back as lines for the form."""
    return "\n".join(f"{c['value']} | {c.get('en', '')} | {c.get('fr', '')}" for c in choices or [])


# --- Questions -------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """Return a lowercase code made of letters, digits and underscores."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:48] or "question"


def unique_code(base: str) -> str:
    """Return base, or base_2, base_3 … the first one not in use."""
    taken = set(db.session.scalars(sa.select(Question.code).where(Question.code.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"


def has_answers(question_id: int, program_id: int | None = None) -> bool:
    """Whether anyone answered this question (on this program's form, when given)."""
    stmt = sa.select(Answer.id).where(Answer.question_id == question_id).limit(1)
    if program_id is not None:
        stmt = stmt.join(Response).where(Response.program_id == program_id)
    return db.session.scalar(stmt) is not None


def save_question(question: Question | None, form, program_id: int | None = None) -> Question:
    """Create or change a question from a validated QuestionForm; flush."""
    qtype = QuestionType(form.qtype.data)
    if question is not None and question.qtype != qtype and has_answers(question.id):
        raise BuilderError(
            _(
                "This question already has answers, so its type cannot change (the answers "
                "would no longer make sense). Add a new question instead."
            ),
            "qtype",
        )
    code = (form.code.data or "").strip().lower()
    if not code:
        if question is not None:
            code = question.code
        else:
            prefix = f"p{program_id}_" if program_id else ""
            code = unique_code(prefix + slugify(form.text_en.data))
    elif not CODE_PATTERN.match(code):
        raise BuilderError(_("Use lowercase letters, digits and “_” only."), "code")
    clash = db.session.scalar(sa.select(Question.id).where(Question.code == code))
    if clash is not None and (question is None or clash != question.id):
        raise BuilderError(_("Another question already uses this code."), "code")
    if question is None:
        question = Question(program_id=program_id, standard=False, active=True)
        db.session.add(question)
    question.code = code
    question.text_en = form.text_en.data
    question.text_fr = form.text_fr.data
    question.help_en = form.help_en.data or ""
    question.help_fr = form.help_fr.data or ""
    question.qtype = qtype
    question.category = form.category.data
    question.outcome_type = form.outcome_type.data or None
    question.choices = form.parsed_choices if kind_of(qtype).has_options else []
    numeric = kind_of(qtype).has_bounds
    question.min_value = form.min_value.data if numeric else None
    question.max_value = form.max_value.data if numeric else None
    db.session.flush()
    return question


def bank_questions(active_only=False):
    """Return the bank's questions (not those a program added for itself), standard first."""
    stmt = sa.select(Question).where(Question.program_id.is_(None))
    if active_only:
        stmt = stmt.where(Question.active.is_(True))
    return db.session.scalars(
        stmt.order_by(
            Question.active.desc(), Question.standard.desc(), Question.category, Question.id
        )
    ).all()


def set_question_active(question: Question, active: bool) -> None:
    """Withdraw a question from new forms (or offer it again); forms that use it keep it."""
    question.active = active
    db.session.flush()


# --- Templates -------------------------------------------------------------------------------


def all_templates():
    """Return every template with its number of questions, active ones first."""
    count = (
        sa.select(sa.func.count(TemplateQuestion.id))
        .where(TemplateQuestion.template_id == FormTemplate.id)
        .scalar_subquery()
    )
    return db.session.execute(
        sa.select(FormTemplate, count).order_by(FormTemplate.active.desc(), FormTemplate.name)
    ).all()


def active_templates():
    """Return the templates a program can start from."""
    return db.session.scalars(
        sa.select(FormTemplate).where(FormTemplate.active.is_(True)).order_by(FormTemplate.name)
    ).all()


def template_questions(template_id: int) -> list[TemplateQuestion]:
    """Return a template's questions in order (question joined), in one query."""
    return db.session.scalars(
        sa.select(TemplateQuestion)
        .where(TemplateQuestion.template_id == template_id)
        .order_by(TemplateQuestion.position, TemplateQuestion.id)
    ).all()


def save_template(template: FormTemplate | None, form) -> FormTemplate:
    """Create or change a template's name, description and whether it is offered; flush."""
    clash = db.session.scalar(sa.select(FormTemplate.id).where(FormTemplate.name == form.name.data))
    if clash is not None and (template is None or clash != template.id):
        raise BuilderError(_("Another template already has this name."), "name")
    if template is None:
        template = FormTemplate()
        db.session.add(template)
    template.name = form.name.data
    template.description = form.description.data or ""
    template.active = form.active.data
    db.session.flush()
    return template


def add_template_questions(template: FormTemplate, question_ids: list[int]) -> int:
    """Append bank questions to a template (those already on it are skipped); return how many."""
    rows = template_questions(template.id)
    present = {tq.question_id for tq in rows}
    position = max((tq.position for tq in rows), default=0)
    added = 0
    for question_id in question_ids:
        if question_id in present:
            continue
        position += 1
        db.session.add(
            TemplateQuestion(template_id=template.id, question_id=question_id, position=position)
        )
        present.add(question_id)
        added += 1
    db.session.flush()
    return added


def move_row(rows: list, row, direction: str) -> bool:
    """Swap row with its neighbour up or down in rows (renumbered 1…n); return whether it moved."""
    for number, each in enumerate(rows, start=1):
        each.position = number
    index = rows.index(row)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(rows):
        return False
    rows[index].position, rows[other].position = rows[other].position, rows[index].position
    db.session.flush()
    return True
