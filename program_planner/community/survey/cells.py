"""Stored community survey results: a few counts per survey, answer and target group.

The results page and the needs register read these cells instead of every answer. Each
survey has its own cells, and survey key 0 holds their sums over every survey, so the
unfiltered results read a fixed number of rows whatever the number of surveys. A cell is
(survey, question code, value, group): group 0 counts every respondent (a respondent in two
groups once), group g those who said group g describes them. Code "" holds the respondents
(value "respondents") and the non-users (value "non_users").

Writers only mark the surveys they touched (community/marks.py); bring_surveys_up_to_date()
recomputes the marked surveys' cells from the answers before a read (and in the worker's
upkeep), then the sums over every survey. Figures are recomputed, never adjusted.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from program_planner.community.marks import SURVEY, drop_marks, take_marks
from program_planner.community.survey.models import (
    CommunitySurvey,
    SurveyAnswer,
    SurveyResponse,
    survey_response_groups,
)
from program_planner.community.survey.questions import BARRIERS_CODE, INTERESTS_CODE
from program_planner.extensions import db

EVERY_SURVEY = 0
EVERYONE = 0  # group key of the counts over every respondent
HEAD = ""  # question code of the respondents' counts
REFRESHER_LOCK = 7_401_520
CODES = (INTERESTS_CODE, BARRIERS_CODE)


class SurveyCell(db.Model):
    """How many respondents of a survey (0: every survey) gave an answer, in all or by group."""

    __tablename__ = "survey_cells"

    survey_key: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    group_key: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(default=0)


def current_cells(survey_ids) -> list[dict]:
    """Return the cells of these surveys, computed from their responses and answers."""
    ids = sorted(set(survey_ids))
    if not ids:
        return []
    cells = {}

    def add(survey, code, value, group, n):
        key = (survey, code, str(value)[:80], group)
        cells[key] = cells.get(key, 0) + int(n or 0)

    response = SurveyResponse.survey_id
    head = (
        sa.select(
            response,
            sa.func.count(SurveyResponse.id),
            sa.func.count(sa.case((SurveyResponse.library_user.is_(False), 1))),
        )
        .where(response.in_(ids))
        .group_by(response)
    )
    for survey, n, non_users in db.session.execute(head):
        add(survey, HEAD, "respondents", EVERYONE, n)
        add(survey, HEAD, "non_users", EVERYONE, non_users)
    group = survey_response_groups.c.target_group_id
    per_group = (
        sa.select(response, group, sa.func.count())
        .select_from(survey_response_groups)
        .join(SurveyResponse, SurveyResponse.id == survey_response_groups.c.response_id)
        .where(response.in_(ids))
        .group_by(response, group)
    )
    for survey, group_id, n in db.session.execute(per_group):
        add(survey, HEAD, "respondents", group_id, n)
    answered = (
        sa.select(
            response, SurveyAnswer.question_code, SurveyAnswer.value_text, group, sa.func.count()
        )
        .select_from(SurveyAnswer)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(survey_response_groups, survey_response_groups.c.response_id == SurveyResponse.id)
        .where(response.in_(ids), SurveyAnswer.question_code.in_(CODES))
        .group_by(response, SurveyAnswer.question_code, SurveyAnswer.value_text, group)
    )
    for survey, code, value, group_id, n in db.session.execute(answered):
        add(survey, code, value, group_id, n)
    totals = (
        sa.select(response, SurveyAnswer.question_code, SurveyAnswer.value_text, sa.func.count())
        .select_from(SurveyAnswer)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(response.in_(ids), SurveyAnswer.question_code.in_(CODES))
        .group_by(response, SurveyAnswer.question_code, SurveyAnswer.value_text)
    )
    for survey, code, value, n in db.session.execute(totals):
        add(survey, code, value, EVERYONE, n)
    return [
        {"survey_key": s, "code": c, "value": v, "group_key": g, "n": n}
        for (s, c, v, g), n in sorted(cells.items())
    ]


def _sum_every_survey() -> None:
    """Recompute the cells of survey key 0 as the sums of every survey's cells."""
    c = SurveyCell
    db.session.execute(sa.delete(c).where(c.survey_key == EVERY_SURVEY))
    db.session.execute(
        sa.insert(c).from_select(
            ["survey_key", "code", "value", "group_key", "n"],
            sa.select(sa.literal(EVERY_SURVEY), c.code, c.value, c.group_key, sa.func.sum(c.n))
            .where(c.survey_key != EVERY_SURVEY)
            .group_by(c.code, c.value, c.group_key),
        )
    )


def refresh_surveys(survey_ids) -> None:
    """Recompute the cells of these surveys (those that still exist), then the sums."""
    ids = sorted(set(survey_ids))
    db.session.execute(sa.delete(SurveyCell).where(SurveyCell.survey_key.in_(ids)))
    cells = current_cells(ids)
    if cells:
        db.session.execute(sa.insert(SurveyCell), cells)
    _sum_every_survey()


def bring_surveys_up_to_date() -> None:
    """Recompute the cells of the surveys marked since the last refresh. The caller commits."""
    ids, newest = take_marks(SURVEY, REFRESHER_LOCK)
    if newest is None:
        return
    refresh_surveys(ids)
    drop_marks(SURVEY, newest)


def refresh_all_surveys() -> None:
    """Recompute every survey's cells (after writes that bypass the ORM)."""
    ids, newest = take_marks(SURVEY, REFRESHER_LOCK)
    db.session.execute(sa.delete(SurveyCell))
    refresh_surveys(db.session.scalars(sa.select(CommunitySurvey.id)))
    drop_marks(SURVEY, newest)


def stored_counts(survey_id=None, branch_id=None) -> dict:
    """Return {(code, value, group): n} summed over the chosen surveys' cells (one query)."""
    c = SurveyCell
    stmt = sa.select(c.code, c.value, c.group_key, sa.func.sum(c.n)).group_by(
        c.code, c.value, c.group_key
    )
    if survey_id is None and branch_id is None:
        stmt = stmt.where(c.survey_key == EVERY_SURVEY)
    else:
        chosen = sa.select(CommunitySurvey.id)
        if survey_id:
            chosen = chosen.where(CommunitySurvey.id == survey_id)
        if branch_id:
            chosen = chosen.where(CommunitySurvey.branch_id == branch_id)
        stmt = stmt.where(c.survey_key.in_(chosen))
    return {(code, value, group): int(n or 0) for code, value, group, n in db.session.execute(stmt)}
