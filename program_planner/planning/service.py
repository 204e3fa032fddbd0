"""Rules for the planning parts of a program."""

from collections import defaultdict

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from program_planner.catalogues import CatalogueError
from program_planner.extensions import db
from program_planner.planning.models import (
    METRIC_LIMITS,
    CollectionTieIn,
    Objective,
    ProgramTargetGroup,
    PromotionItem,
    TargetGroup,
    TargetMetric,
    group_name,
)
from program_planner.programs.items import ItemError
from program_planner.programs.models import Program


def rows_by_program(model, programs, order_by, stmt=None):
    """Return {program_id: [rows]} for the programs, in one query."""
    ids = [p.id for p in programs]
    stmt = sa.select(model) if stmt is None else stmt
    rows = db.session.scalars(stmt.where(model.program_id.in_(ids)).order_by(*order_by)).all()
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.program_id].append(row)
    return {pid: grouped.get(pid, []) for pid in ids}


def clean_text(value) -> str:
    return (value or "").strip()


# --- Target group catalogue -----------------------------------------------------------------


def all_target_groups():
    """Return every target group of the catalogue, current ones first."""
    return db.session.scalars(
        sa.select(TargetGroup).order_by(TargetGroup.active.desc(), TargetGroup.name)
    ).all()


def active_target_groups():
    """Return the target groups offered when planning, by name."""
    return db.session.scalars(
        sa.select(TargetGroup).where(TargetGroup.active.is_(True)).order_by(TargetGroup.name)
    ).all()


def save_target_group(group: TargetGroup | None, form) -> TargetGroup:
    """Create or change a target group; names stay unique whatever their case."""
    name = form.name.data.strip()
    duplicate = _("A target group with this name already exists.")
    clash = db.session.scalar(
        sa.select(TargetGroup.id).where(
            sa.func.lower(TargetGroup.name) == name.lower(),
            TargetGroup.id != (group.id if group else 0),
        )
    )
    if clash:
        raise CatalogueError(duplicate, "name")
    if group is None:
        group = TargetGroup()
        db.session.add(group)
    group.name = name
    group.name_fr = clean_text(form.name_fr.data)
    group.description = clean_text(form.description.data)
    group.population_estimate = form.population_estimate.data
    group.population_source = clean_text(form.population_source.data)
    group.population_year = form.population_year.data
    group.active = form.active.data
    try:
        with db.session.begin_nested():  # two people adding the same name at once
            db.session.flush()
    except IntegrityError:
        raise CatalogueError(duplicate, "name") from None
    return group


# --- Target groups of a program -------------------------------------------------------------


def load_program_target_groups(programs):
    """Return each program's target groups (with their community profile), by name."""
    stmt = (
        sa.select(ProgramTargetGroup)
        .join(ProgramTargetGroup.target_group)
        .options(contains_eager(ProgramTargetGroup.target_group))
    )
    return rows_by_program(
        ProgramTargetGroup, programs, (TargetGroup.name, ProgramTargetGroup.id), stmt
    )


def prepare_target_group_form(form, program, row) -> None:
    """Offer the current target groups, and the row's own group even if retired since."""
    groups = active_target_groups()
    if row is not None and row.target_group not in groups:
        groups = [row.target_group, *groups]
    form.target_group_id.choices = [(0, _("Choose a target group…"))] + [
        (g.id, g.label) for g in groups
    ]


def save_program_target_group(program, row, form) -> ProgramTargetGroup:
    """Add or change a target group of the program; each group appears once per program."""
    group_id = form.target_group_id.data
    duplicate = ItemError(
        _("This target group is already part of the plan: edit its row instead."),
        "target_group_id",
    )
    clash = db.session.scalar(
        sa.select(ProgramTargetGroup.id).where(
            ProgramTargetGroup.program_id == program.id,
            ProgramTargetGroup.target_group_id == group_id,
            ProgramTargetGroup.id != (row.id if row else 0),
        )
    )
    if clash:
        raise duplicate
    group = db.session.get(TargetGroup, group_id)
    changing = row is None or row.target_group_id != group_id
    if group is None or (changing and not group.active):
        raise ItemError(_("Choose one of the target groups offered."), "target_group_id")
    if row is None:
        row = ProgramTargetGroup(program_id=program.id)
        db.session.add(row)
    row.target_group = group
    row.expected_reach = form.expected_reach.data
    row.needs = clean_text(form.needs.data)
    row.barriers = list(form.barriers.data or [])
    row.accommodations = clean_text(form.accommodations.data)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise duplicate from None
    return row


def target_groups_readiness(program, rows, action):
    """A proposal is submitted with at least one target group."""
    if action == "submit" and not rows:
        return [_("Add at least one target group with the reach you expect.")]
    return []


def programs_with_target_group(stmt, form):
    """Narrow the program list to programs that mean to reach the chosen target group."""
    return stmt.where(
        sa.exists().where(
            ProgramTargetGroup.program_id == Program.id,
            ProgramTargetGroup.target_group_id == int(form.target_group.data),
        )
    )


def target_group_filter_choices():
    """Return the program list's target-group choices: blank for any, then every group."""
    groups = db.session.execute(
        sa.select(TargetGroup.id, TargetGroup.name, TargetGroup.name_fr).order_by(
            TargetGroup.active.desc(), TargetGroup.name
        )
    ).all()
    return [("", _("Any target group"))] + [
        (str(gid), group_name(name, name_fr)) for gid, name, name_fr in groups
    ]


# --- Objectives -----------------------------------------------------------------------------


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


# --- Promotion and collection tie-ins -------------------------------------------------------


def load_promotion(programs):
    """Return each program's promotion items by date."""
    return rows_by_program(
        PromotionItem,
        programs,
        (PromotionItem.planned_date.is_(None), PromotionItem.planned_date, PromotionItem.id),
    )


def save_promotion_item(program, item, form) -> PromotionItem:
    """Create or change a promotion item."""
    if item is None:
        item = PromotionItem(program_id=program.id)
        db.session.add(item)
    item.channel = form.channel.data
    item.audience = clean_text(form.audience.data)
    item.language = form.language.data
    item.planned_date = form.planned_date.data
    item.status = form.status.data
    item.owner = clean_text(form.owner.data)
    item.notes = clean_text(form.notes.data)
    db.session.flush()
    return item


def load_tie_ins(programs):
    """Return each program's collection tie-ins in the order they were asked for."""
    return rows_by_program(CollectionTieIn, programs, (CollectionTieIn.id,))


def save_tie_in(program, tie_in, form) -> CollectionTieIn:
    """Create or change a request to collection development."""
    if tie_in is None:
        tie_in = CollectionTieIn(program_id=program.id)
        db.session.add(tie_in)
    tie_in.title_or_subject = form.title_or_subject.data.strip()
    tie_in.formats = clean_text(form.formats.data)
    tie_in.languages = clean_text(form.languages.data)
    tie_in.quantity = form.quantity.data
    tie_in.notes = clean_text(form.notes.data)
    tie_in.status = form.status.data
    db.session.flush()
    return tie_in
