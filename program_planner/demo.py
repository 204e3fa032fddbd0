"""Demo data loader: builds the library system of demo_data.py (staff, catalogues, programs)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from program_planner.admin.service import save_branch
from program_planner.auth import service as accounts
from program_planner.auth.models import Branch
from program_planner.demo_community import load_demo_community
from program_planner.demo_data import (
    DEMO_ACCOUNTS,
    DEMO_BRANCHES,
    GOALS,
    ORGANISATIONS,
    PROGRAMS,
    TARGET_GROUPS,
    TARGET_GROUPS_FR,
    VENUES,
)
from program_planner.demo_evaluation import load_demo_evaluation
from program_planner.evaluation.builder.service import ensure_standard_questions
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.people.models import Organisation
from program_planner.planning.models import BudgetLine, Objective, ProgramTargetGroup, TargetGroup
from program_planner.programs.models import Program, Status, StatusChange, StrategicGoal
from program_planner.venues.models import Venue

__all__ = ["DEMO_ACCOUNTS", "load_demo"]


def load_demo() -> bool:
    """Create the demo library system unless it exists; return whether it created anything."""
    if db.session.scalar(sa.select(Branch.id).where(Branch.code == "CEN")):
        return False
    branches = {
        code: save_branch(None, None, name=name, code=code, address=address, active=True)
        for name, code, address in DEMO_BRANCHES
    }
    users = {}
    for username, password, role, full_name, code in DEMO_ACCOUNTS:
        users[username] = accounts.create_user(
            None,
            username=username,
            full_name=full_name,
            email=f"{username}@library.example",
            role=role,
            branch=branches[code],
            password=password,
            must_change_password=False,
        )
    _Demo(branches, users).build()
    ensure_standard_questions()
    load_demo_evaluation(users)
    load_demo_community(users)
    return True


class _Demo:
    """Builds the demo catalogues and programs from demo_data."""

    def __init__(self, branches, users):
        self.branches, self.users = branches, users
        self.zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])

    def local(self, day: str, hour: int, minute: int = 0) -> datetime:
        """Return a local wall-clock time as aware UTC."""
        naive = datetime.fromisoformat(day).replace(hour=hour, minute=minute)
        return naive.replace(tzinfo=self.zone).astimezone(UTC)

    def build(self):
        self.groups = {}
        for name, population, source, year in TARGET_GROUPS:
            group = TargetGroup(
                name=name,
                name_fr=TARGET_GROUPS_FR.get(name, ""),
                population_estimate=population,
                population_source=source,
                population_year=year,
            )
            db.session.add(group)
            self.groups[name.split(" (")[0]] = group
        self.goals = {name: StrategicGoal(name=name) for name in GOALS}
        db.session.add_all(self.goals.values())
        self.venues = {
            key: Venue(**{**fields, "branch": self.branches.get(fields.get("branch"))})
            for key, fields in VENUES.items()
        }
        db.session.add_all(self.venues.values())
        self.orgs = {key: Organisation(**fields) for key, fields in ORGANISATIONS.items()}
        db.session.add_all(self.orgs.values())
        db.session.flush()
        for spec in PROGRAMS:
            self.add_program(spec)

    def add_program(self, spec):
        """Add one program of demo_data.PROGRAMS with everything planned for it."""
        p = self.program(
            spec["owner"], spec["branch"], spec["status"], spec["history"], **spec["fields"]
        )
        if spec["goals"]:
            p.strategic_goals = [self.goals[name] for name in spec["goals"]]
        for target in spec["targets"]:
            self.target(p, *target)
        for objective in spec["objectives"]:
            self.objective(p, *objective)
        for line in spec["budget"]:
            self.budget(p, *line)
        for sessions in spec["sessions"]:
            self.sessions(p, **sessions)
        for model, fields in spec["rows"]:
            fields = dict(fields, program_id=p.id)
            if "partner" in fields:
                fields["organisation_id"] = self.orgs[fields.pop("partner")].id
            db.session.add(model(**fields))

    def program(self, owner, branch, status, history, **fields):
        """Add a program with the status changes that brought it where it is."""
        program = Program(
            owner_id=self.users[owner].id,
            branch_id=self.branches[branch].id,
            status=status,
            **fields,
        )
        db.session.add(program)
        db.session.flush()
        previous = None
        for action, to_status, actor, comment in history:
            db.session.add(
                StatusChange(
                    program_id=program.id,
                    from_status=previous,
                    to_status=to_status,
                    action=action,
                    actor_id=self.users[actor].id,
                    comment=comment,
                )
            )
            previous = to_status
            if to_status == Status.APPROVED:
                program.approved_by_id = self.users[actor].id
                program.approved_at = datetime.now(UTC)
        return program

    def target(self, program, group, reach, needs, barriers, accommodations):
        db.session.add(
            ProgramTargetGroup(
                program_id=program.id,
                target_group_id=self.groups[group].id,
                expected_reach=reach,
                needs=needs,
                barriers=barriers,
                accommodations=accommodations,
            )
        )

    def objective(self, program, position, statement, outcome, metric, value):
        db.session.add(
            Objective(
                program_id=program.id,
                position=position,
                statement=statement,
                outcome_type=outcome,
                target_metric=metric,
                target_value=Decimal(value),
            )
        )

    def budget(self, program, category, source, description, planned, actual=None):
        db.session.add(
            BudgetLine(
                program_id=program.id,
                category=category,
                funding_source=source,
                description=description,
                planned=Decimal(planned),
                actual=None if actual is None else Decimal(actual),
            )
        )

    def sessions(self, program, venue, days, hour, minute=0, length=2, expected=20, capacity=None):
        for day in days:
            start = self.local(day, hour, minute)
            db.session.add(
                Occurrence(
                    program_id=program.id,
                    starts_at=start,
                    ends_at=start + timedelta(hours=length),
                    venue_id=self.venues[venue].id if venue else None,
                    online_link="" if venue else "https://meet.library.example/circle",
                    expected_attendance=expected,
                    capacity=capacity or (self.venues[venue].capacity if venue else 100),
                )
            )
