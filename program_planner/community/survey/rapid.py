"""Rapid keyboard entry of paper community surveys: one key per answer, as for evaluation forms.

The keys, hints and checks are the evaluation kinds' (evaluation/frontline/forms.py builds the
form); the survey adds its optional "which groups describe you" question as one more multiple
choice, keyed by number like the others. Services flush, never commit.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from program_planner.community.survey import service
from program_planner.community.survey.models import SurveyResponse, survey_response_groups
from program_planner.community.survey.questions import (
    GROUPS_ID,
    ITEMS,
    SurveyItem,
    groups_question,
)
from program_planner.evaluation.frontline.forms import answers_from_paper_form, make_paper_form
from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.models import ResponseChannel
from program_planner.evaluation.public.service import clean_submission_key
from program_planner.extensions import db


def keyed_items(groups: list[tuple[int, str]]) -> list[SurveyItem]:
    """Return what is keyed in: the standard questions, then the groups when there are some."""
    return (
        [*ITEMS, SurveyItem(groups_question(groups, str(service.GROUPS_LABEL)))]
        if groups
        else list(ITEMS)
    )


def rapid_form_class(groups: list[tuple[int, str]]):
    """Return the one-key-per-answer form of the survey (fields q1 … q8)."""
    return make_paper_form(keyed_items(groups))


def save_keyed(survey, form, user_id):
    """Store a keyed-in paper survey once per submission key; return (response, created)."""
    answers = answers_from_paper_form(form)
    return service.store_response(
        survey,
        key=clean_submission_key(form.submission_key.data),
        answers=[a for a in answers if a.question_id != GROUPS_ID],
        group_ids=[a.value_text for a in answers if a.question_id == GROUPS_ID],
        channel=ResponseChannel.PAPER,
        language=form.form_language.data,
        entered_by_id=user_id,
    )


def paper_count(survey_id: int) -> int:
    """Return how many paper surveys were keyed in for this survey, by anyone."""
    return db.session.scalar(
        sa.select(sa.func.count(SurveyResponse.id)).where(
            SurveyResponse.survey_id == survey_id,
            SurveyResponse.channel == ResponseChannel.PAPER,
        )
    )


@dataclass
class LastEntry:
    response: SurveyResponse
    summary: list  # [(position, question text, answer text or None)]


def last_entry(survey_id: int, user_id: int, groups, language) -> LastEntry | None:
    """Return the last paper survey this person keyed in, with its answers read back."""
    response = db.session.scalar(
        sa.select(SurveyResponse)
        .where(
            SurveyResponse.survey_id == survey_id,
            SurveyResponse.channel == ResponseChannel.PAPER,
            SurveyResponse.entered_by_id == user_id,
        )
        .options(selectinload(SurveyResponse.answers))
        .order_by(SurveyResponse.id.desc())
        .limit(1)
    )
    if response is None:
        return None
    by_code = {}
    for answer in response.answers:
        by_code.setdefault(answer.question_code, []).append(answer)
    linked = set(
        db.session.scalars(
            sa.select(survey_response_groups.c.target_group_id).where(
                survey_response_groups.c.response_id == response.id
            )
        )
    )
    summary = []
    for position, item in enumerate(keyed_items(groups), start=1):
        question = item.question
        if question.id == GROUPS_ID:
            text = ", ".join(name for gid, name in groups if gid in linked) or None
        else:
            answers = by_code.get(question.code)
            text = kind_of(question).answer_text(question, answers, language) if answers else None
        summary.append((position, question.text(language), text))
    return LastEntry(response, summary)
