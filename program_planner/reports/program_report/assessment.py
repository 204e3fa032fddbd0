"""The coordinator's written assessment beside an objective's computed verdict: form and service."""

import re

import sqlalchemy as sa
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from program_planner.audit.service import record
from program_planner.db import locked
from program_planner.evaluation.engine import strip_control_characters
from program_planner.extensions import db
from program_planner.fields import VersionField
from program_planner.planning.models import Objective
from program_planner.reports.models import ObjectiveAssessment
from program_planner.saving import EditConflict, as_seen

ASSESSMENT_MAX = 5000
POSTED_PREFIX = re.compile(r"(a[0-9]{1,10}-)objective_id")
CONFLICT = _l(
    "Someone saved an assessment of this objective while you were writing. Your text is kept "
    "below; read theirs, then save again to replace it."
)


class AssessmentForm(FlaskForm):
    """What the coordinator concludes about one objective; version detects a concurrent save.

    The report page shows one form per objective, its fields named with the prefix a<id>-.
    """

    objective_id = HiddenField()
    version = VersionField()  # 0 = no assessment existed when the form was opened
    text = TextAreaField(
        _l("Coordinator's assessment"),
        validators=[Optional(), Length(max=ASSESSMENT_MAX)],
        description=_l("What you conclude about this objective, beside the computed verdict."),
    )
    submit = SubmitField(_l("Save assessment"))

    @classmethod
    def posted(cls) -> "AssessmentForm":
        """Return the form the report page posted, read with its objective's prefix."""
        for name in request.form:
            match = POSTED_PREFIX.fullmatch(name)
            if match:
                return cls(prefix=match[1])
        return cls(prefix="a0")

    def objective_id_value(self) -> int | None:
        """Return the objective id posted, or None when it is not that of the form's prefix."""
        try:
            objective_id = int(self.objective_id.data)
        except (TypeError, ValueError):
            return None
        return objective_id if self.objective_id.name == f"a{objective_id}-objective_id" else None


def form_for(objective_id, assessment) -> AssessmentForm:
    """Return an unsubmitted form showing an objective's current assessment."""
    form = AssessmentForm(formdata=None, prefix=f"a{objective_id}")
    form.objective_id.data = str(objective_id)
    form.text.data = assessment.text if assessment else ""
    form.version.data = assessment.version if assessment else 0
    return form


def program_objective(program, objective_id) -> Objective | None:
    """Return the program's objective of that id, or None."""
    if objective_id is None:
        return None
    objective = db.session.get(Objective, objective_id)
    return objective if objective is not None and objective.program_id == program.id else None


def save_assessment(objective, text, version, actor) -> ObjectiveAssessment:
    """Write the assessment of an objective as an edit of the version seen (flushes).

    Raises EditConflict when someone saved an assessment of it since (version 0: none existed).
    """
    text = strip_control_characters(text or "").strip()
    stmt = locked(
        sa.select(ObjectiveAssessment).where(ObjectiveAssessment.objective_id == objective.id)
    )
    assessment = db.session.scalar(stmt.execution_options(populate_existing=True))
    if assessment is None:
        if version != 0:
            raise EditConflict
        assessment = ObjectiveAssessment(objective_id=objective.id, text=text, author_id=actor.id)
        try:
            with db.session.begin_nested():  # a concurrent first assessment: the unique index
                db.session.add(assessment)
        except IntegrityError:
            raise EditConflict from None
    else:
        with as_seen(assessment, version):
            assessment.text = text
            assessment.author_id = actor.id
    record(
        "objective_assessed",
        actor=actor,
        obj=assessment,
        objective_id=objective.id,
        program_id=objective.program_id,
    )
    return assessment
