"""Rows for tests: a program with one row of every part of its plan."""

import importlib
from decimal import Decimal

from program_planner.extensions import db
from program_planner.planning.models import Objective, OutcomeType, TargetMetric
from program_planner.programs.models import (
    DeliveryMode,
    Program,
    ProgramType,
    Status,
    StatusChange,
    StrategicGoal,
)


def make_program(
    owner_id, branch_id, status=Status.DRAFT, title="Computer basics for seniors", **fields
) -> Program:
    """Add a program (flushed, not committed) with sensible basics."""
    program = Program(
        title=title,
        description="Hands-on introduction to email and video calls.",
        branch_id=branch_id,
        owner_id=owner_id,
        program_type=ProgramType.DIGITAL_LITERACY,
        delivery_mode=DeliveryMode.IN_BRANCH,
        languages=["en"],
        fiscal_year=2027,
        community_need="Seniors cut off from family and services online.",
        need_evidence="Desk requests, 2021 census.",
        status=status,
        **fields,
    )
    db.session.add(program)
    db.session.flush()
    db.session.add(
        StatusChange(program_id=program.id, to_status=status, action="create", actor_id=owner_id)
    )
    return program


def add_objective(program_id, statement="Participants feel confident using email", **fields):
    """Add an objective (flushed) and return it."""
    objective = Objective(
        program_id=program_id,
        statement=statement,
        position=1,
        outcome_type=fields.pop("outcome_type", OutcomeType.CONFIDENCE),
        target_metric=fields.pop("target_metric", TargetMetric.PERCENT_AGREE),
        target_value=fields.pop("target_value", Decimal(80)),
        **fields,
    )
    db.session.add(objective)
    db.session.flush()
    return objective


def make_samples(app, owner_id, branch_id) -> dict:
    """Create a draft program with one row of every kind; return ids keyed by URL kind name."""
    from tests.mail.factories import add_mail_rows
    from tests.notifications.factories import add_notice_rows
    from tests.occurrences.factories import add_occurrence_rows
    from tests.people.factories import add_people_rows
    from tests.planning.factories import add_planning_rows
    from tests.venues.factories import add_venue_rows

    with app.app_context():
        program = make_program(owner_id, branch_id)
        goal = StrategicGoal(name="Digital inclusion")
        db.session.add(goal)
        db.session.flush()
        ids = {"program_id": program.id, "strategic_goals": goal.id}
        ids.update(add_planning_rows(program.id))
        ids.update(add_venue_rows(branch_id))
        ids.update(add_people_rows(program.id))
        ids.update(importlib.import_module("tests.community.factories").add_rows(program.id, ids))
        ids.update(add_occurrence_rows(program.id, ids))
        for area in ("builder", "public", "frontline", "debriefs", "imports"):
            module = importlib.import_module(f"tests.evaluation.factories_{area}")
            ids.update(module.add_rows(program.id, ids))
        ids.update(add_mail_rows(program.id, ids))
        ids.update(add_notice_rows(program.id, ids))
        ids.update(importlib.import_module("tests.jobs.factories").add_job_rows(program.id, ids))
        annual = importlib.import_module("tests.reports.factories_annual")
        ids.update(annual.add_rows(program.id, ids))
        db.session.commit()
        return ids


def make_ready_program(
    owner_id, branch_id, status=Status.DRAFT, title="Newcomers' circle", starts_at=None
):
    """Add a program complete enough to submit: target group, objective, a session."""
    from datetime import UTC, datetime, timedelta

    from program_planner.occurrences.models import Occurrence
    from program_planner.planning.models import ProgramTargetGroup, TargetGroup
    from program_planner.venues.models import Venue, VenueKind

    program = make_program(owner_id, branch_id, status=status, title=title)
    group = db.session.scalar(db.select(TargetGroup).where(TargetGroup.name == "Newcomers"))
    if group is None:
        group = TargetGroup(name="Newcomers", population_estimate=12000)
        db.session.add(group)
    room = db.session.scalar(db.select(Venue).where(Venue.name == "Program room"))
    if room is None:
        room = Venue(
            name="Program room", kind=VenueKind.BRANCH_ROOM, branch_id=branch_id, capacity=40
        )
        db.session.add(room)
    db.session.flush()
    db.session.add(
        ProgramTargetGroup(program_id=program.id, target_group_id=group.id, expected_reach=20)
    )
    add_objective(program.id)
    start = starts_at or datetime(2027, 3, 3, 18, 0, tzinfo=UTC) + timedelta(days=program.id)
    db.session.add(
        Occurrence(
            program_id=program.id,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            venue_id=room.id,
            expected_attendance=15,
            capacity=40,
        )
    )
    db.session.flush()
    return program
