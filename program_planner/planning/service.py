"""Rules for the planning parts of a program."""

from collections import defaultdict

import sqlalchemy as sa
from flask_babel import gettext as _

from program_planner.extensions import db
from program_planner.planning.models import METRIC_LIMITS, Objective, TargetMetric
from program_planner.programs.items import ItemError


def rows_by_program(model, programs, order_by):
    """Return {program_id: [rows]} for the programs, in one query."""
    ids = [p.id for p in programs]
    rows = db.session.scalars(
        sa.select(model).where(model.program_id.in_(ids)).order_by(*order_by)
    ).all()
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.program_id].append(row)
    return {pid: grouped.get(pid, []) for pid in ids}


def load_objectives(programs):
    """Return each program's objectives in order."""
    return rows_by_program(Objective, programs, (Objective.position, Objective.id))


def save_objective(program, objective, form) -> Objective:
    """Create or change an objective; its target must fit how it is measured."""
    metric = TargetMetric(form.target_metric.data)
    low, high = METRIC_LIMITS[metric]
    value = form.target_value.data
    if value is None or not (low <= value <= high):
        raise ItemError(
            _(
                "For “%(metric)s” the target must be between %(low)s and %(high)s.",
                metric=metric.label,
                low=low,
                high=high,
            ),
            "target_value",
        )
    if objective is None:
        position = db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.max(Objective.position), 0)).where(
                Objective.program_id == program.id
            )
        )
        objective = Objective(program_id=program.id, position=position + 1)
        db.session.add(objective)
    objective.statement = form.statement.data.strip()
    objective.outcome_type = form.outcome_type.data
    objective.target_metric = metric
    objective.target_value = value
    db.session.flush()
    return objective


def objectives_readiness(program, objectives, action):
    """A proposal is submitted with at least one objective."""
    if action == "submit" and not objectives:
        return [_("Add at least one objective with a target.")]
    return []
