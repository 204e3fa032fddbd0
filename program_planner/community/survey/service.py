"""Rules of the community needs survey: surveys, responses stored once, results by group.

Every answer goes through the evaluation form engine (the same fields, validation and answer
rows as an evaluation form), then is stored by question code. Services flush, never commit.
"""

import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from program_planner.community.survey.cells import (
    EVERYONE,
    HEAD,
    stored_counts,
)
from program_planner.community.survey.models import (
    CommunitySurvey,
    SurveyAnswer,
    SurveyResponse,
    survey_response_groups,
)
from program_planner.community.survey.questions import (
    BARRIERS,
    BARRIERS_CODE,
    BY_CODE,
    INTERESTS,
    INTERESTS_CODE,
    ITEMS,
    LIBRARY_USE_CODE,
    USERS,
)
from program_planner.evaluation.engine import answers_from_form, make_response_form
from program_planner.evaluation.kinds.base import choice_label
from program_planner.evaluation.public.service import clean_submission_key
from program_planner.extensions import db
from program_planner.fields import MultiCheckboxField
from program_planner.planning.models import TargetGroup

GROUPS_LABEL = _l("Do any of these describe you? (optional)")


# --- Surveys --------------------------------------------------------------------------------
def create_survey(title: str, branch_id: int | None, user) -> CommunitySurvey:
    """Add a survey with its own public link."""
    survey = CommunitySurvey(
        title=title.strip(),
        branch_id=branch_id,
        token=secrets.token_urlsafe(16),
        created_by_id=user.id,
    )
    db.session.add(survey)
    db.session.flush()
    return survey


def survey_by_token(token: str) -> CommunitySurvey | None:
    """Return the survey of a public token, None when unknown."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(sa.select(CommunitySurvey).where(CommunitySurvey.token == token))


@dataclass
class SurveyRow:
    survey: CommunitySurvey
    online: int = 0
    paper: int = 0

    @property
    def responses(self) -> int:
        return self.online + self.paper


def list_surveys() -> list[SurveyRow]:
    """Return every survey with its responses by channel, in two queries."""
    rows = {
        s.id: SurveyRow(s)
        for s in db.session.scalars(
            sa.select(CommunitySurvey).order_by(CommunitySurvey.created_at.desc())
        )
    }
    counts = sa.select(SurveyResponse.survey_id, SurveyResponse.channel, sa.func.count()).group_by(
        SurveyResponse.survey_id, SurveyResponse.channel
    )
    for survey_id, channel, n in db.session.execute(counts):
        if survey_id in rows:
            attr = "online" if channel.value == "online" else "paper"
            setattr(rows[survey_id], attr, getattr(rows[survey_id], attr) + n)
    return list(rows.values())


# --- Responses ------------------------------------------------------------------------------
def group_choices() -> list[tuple[int, str]]:
    """Return the active target groups a respondent may say describe them, in their language."""
    active = sa.select(TargetGroup).where(TargetGroup.active.is_(True))
    return [(g.id, g.label) for g in db.session.scalars(active.order_by(TargetGroup.name_column()))]


def survey_form_class(language: str, groups: list[tuple[int, str]]):
    """Return the survey's form: the standard questions (engine) and the optional groups."""
    base = make_response_form(ITEMS, language)
    form_class = type(
        "CommunitySurveyForm",
        (base,),
        {"groups": MultiCheckboxField(GROUPS_LABEL, choices=groups, coerce=int)},
    )
    form_class.question_fields = base.question_fields
    return form_class


def _stored(answer) -> SurveyAnswer:
    return SurveyAnswer(
        question_code=CODE_OF[answer.question_id],
        value_number=answer.value_number,
        value_text=answer.value_text,
    )


CODE_OF = {item.question.id: item.question.code for item in ITEMS}


def save_survey_response(survey, form, *, channel, language, entered_by_id=None):
    """Store a filled survey once per submission key; return (response, created)."""
    return store_response(
        survey,
        key=clean_submission_key(form.submission_key.data),
        answers=answers_from_form(form, ITEMS),
        group_ids=form.groups.data or [],
        channel=channel,
        language=language,
        entered_by_id=entered_by_id,
    )


def _by_key(key: str) -> SurveyResponse | None:
    return db.session.scalar(sa.select(SurveyResponse).where(SurveyResponse.submission_key == key))


def store_response(
    survey, *, key, answers, group_ids, channel, language, entered_by_id=None, submitted_on=None
):
    """Store one response (engine answers) once per submission key; return (response, created).

    Used by the public form, the paper keying and the import alike.
    """
    existing = _by_key(key)
    if existing is not None:
        return existing, False
    stored = [_stored(a) for a in answers]
    use = next((a.value_text for a in stored if a.question_code == LIBRARY_USE_CODE), None)
    response = SurveyResponse(
        survey_id=survey.id,
        channel=channel,
        language=language,
        submission_key=key,
        entered_by_id=entered_by_id,
        library_user=None if use is None else use in USERS,
        answers=stored,
    )
    if submitted_on is not None:
        response.submitted_on = submitted_on  # kept to the hour
    try:
        with db.session.begin_nested():  # the unique key settles two posts at the same moment
            db.session.add(response)
    except sa.exc.IntegrityError:
        return _by_key(key), False
    wanted = {int(g) for g in group_ids}
    groups = sorted(wanted & {g for g, _name in group_choices()}) if wanted else []
    if groups:
        db.session.execute(
            survey_response_groups.insert(),
            [{"response_id": response.id, "target_group_id": g} for g in groups],
        )
    return response, True


# --- Results --------------------------------------------------------------------------------
@dataclass
class ResultLine:
    code: str  # the question's code
    value: str
    label: str
    total: int = 0
    by_group: dict = field(default_factory=dict)  # {target_group_id: respondents}


@dataclass
class SurveyResults:
    respondents: int
    non_users: int
    groups: list  # [(TargetGroup, respondents)] with at least one respondent
    interests: list  # [ResultLine]
    barriers: list

    def share(self, count, of=None) -> float | None:
        """Return count as a share of the respondents (or of a group's)."""
        base = self.respondents if of is None else of
        return count / base if base else None


def _scoped(stmt, survey_id, branch_id):
    stmt = stmt.join(CommunitySurvey, CommunitySurvey.id == SurveyResponse.survey_id)
    if survey_id:
        stmt = stmt.where(SurveyResponse.survey_id == survey_id)
    if branch_id:
        stmt = stmt.where(CommunitySurvey.branch_id == branch_id)
    return stmt


def survey_results(language: str, survey_id=None, branch_id=None) -> SurveyResults:
    """Return how often each interest and barrier came up, in all and by group, from the stored
    cells: a fixed number of queries at any size (bring them up to date and commit first:
    a commit after reading would expire the rows read)."""
    counts = stored_counts(survey_id, branch_id)
    lines = _result_lines(language)
    group_counts = {}
    for (code, value, group), n in counts.items():
        if code == HEAD:
            if value == "respondents" and group != EVERYONE and n:
                group_counts[group] = n
            continue
        line = lines.get((code, value))
        if line is None:
            continue
        if group == EVERYONE:
            line.total = n
        elif n:
            line.by_group[group] = n
    return _results(
        counts.get((HEAD, "respondents", EVERYONE), 0),
        counts.get((HEAD, "non_users", EVERYONE), 0),
        group_counts,
        lines,
    )


def _result_lines(language: str) -> dict:
    return {
        (code, c["value"]): ResultLine(code, c["value"], choice_label(c, language))
        for code, options in ((INTERESTS_CODE, INTERESTS), (BARRIERS_CODE, BARRIERS))
        for c in options
    }


def _results(respondents, non_users, group_counts, lines) -> SurveyResults:
    groups = [
        (g, group_counts[g.id])
        for g in db.session.scalars(
            sa.select(TargetGroup)
            .where(TargetGroup.id.in_(group_counts))
            .order_by(TargetGroup.name_column())
        )
    ]

    def ranked(code):
        return sorted(
            (x for x in lines.values() if x.code == code), key=lambda x: (-x.total, x.label)
        )

    return SurveyResults(
        int(respondents), int(non_users), groups, ranked(INTERESTS_CODE), ranked(BARRIERS_CODE)
    )


def computed_survey_results(language: str, survey_id=None, branch_id=None) -> SurveyResults:
    """Return the survey results computed from every answer (what the stored cells must equal)."""
    head = _scoped(
        sa.select(
            sa.func.count(SurveyResponse.id),
            sa.func.count(sa.case((SurveyResponse.library_user.is_(False), 1))),
        ),
        survey_id,
        branch_id,
    )
    respondents, non_users = db.session.execute(head).one()
    group_col = survey_response_groups.c.target_group_id
    per_group = _scoped(
        sa.select(group_col, sa.func.count())
        .select_from(survey_response_groups)
        .join(SurveyResponse, SurveyResponse.id == survey_response_groups.c.response_id),
        survey_id,
        branch_id,
    ).group_by(group_col)
    group_counts = dict(db.session.execute(per_group).all())
    codes = (INTERESTS_CODE, BARRIERS_CODE)
    answered = (
        sa.select(SurveyAnswer.question_code, SurveyAnswer.value_text, group_col, sa.func.count())
        .select_from(SurveyAnswer)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .outerjoin(
            survey_response_groups, survey_response_groups.c.response_id == SurveyResponse.id
        )
        .where(SurveyAnswer.question_code.in_(codes))
        .group_by(SurveyAnswer.question_code, SurveyAnswer.value_text, group_col)
    )
    lines = _result_lines(language)
    for code, value, group_id, n in db.session.execute(_scoped(answered, survey_id, branch_id)):
        line = lines.get((code, value))
        if line is None:
            continue
        if group_id is not None:
            line.by_group[group_id] = n
    # a respondent in two groups is counted once in the total: count them apart
    distinct = _scoped(
        sa.select(SurveyAnswer.question_code, SurveyAnswer.value_text, sa.func.count())
        .select_from(SurveyAnswer)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyAnswer.question_code.in_(codes))
        .group_by(SurveyAnswer.question_code, SurveyAnswer.value_text),
        survey_id,
        branch_id,
    )
    for code, value, n in db.session.execute(distinct):
        if (code, value) in lines:
            lines[(code, value)].total = n
    return _results(respondents, non_users, group_counts, lines)


def question_text(code: str, language: str) -> str:
    """Return a survey question in the language."""
    return BY_CODE[code].text(language)
