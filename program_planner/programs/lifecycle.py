"""The program lifecycle: one table of legal transitions, each by the right people."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from program_planner.auth.models import Role
from program_planner.auth.permissions import has_role, is_program_owner, is_reviewer
from program_planner.programs.models import Status


class LifecycleError(Exception):
    """A transition is not possible from the program's current state."""


def owner_or_admin(user, program) -> bool:
    """The program's owner, or an administrator acting for them."""
    return is_program_owner(user, program) or has_role(user, Role.ADMIN)


def reviewer(user, program) -> bool:
    """A coordinator or administrator."""
    return is_reviewer(user)


def owner_or_reviewer(user, program) -> bool:
    """The program's owner, a coordinator or an administrator."""
    return is_program_owner(user, program) or is_reviewer(user)


@dataclass(frozen=True)
class Transition:
    """A legal move from one of `sources` to `target`, allowed when `allowed(user, program)`."""

    action: str
    label: str
    sources: tuple[Status, ...]
    target: Status
    allowed: Callable
    comment_required: bool = False
    style: str = "primary"


S = Status
TRANSITIONS = (
    Transition(
        "submit", _l("Submit for approval"), (S.DRAFT, S.RETURNED), S.SUBMITTED, owner_or_admin
    ),
    Transition("approve", _l("Approve"), (S.SUBMITTED,), S.APPROVED, reviewer, style="success"),
    Transition(
        "return",
        _l("Return with comments"),
        (S.SUBMITTED,),
        S.RETURNED,
        reviewer,
        comment_required=True,
        style="warning",
    ),
    Transition(
        "decline",
        _l("Decline"),
        (S.SUBMITTED,),
        S.DECLINED,
        reviewer,
        comment_required=True,
        style="danger",
    ),
    Transition("schedule", _l("Mark as scheduled"), (S.APPROVED,), S.SCHEDULED, owner_or_reviewer),
    Transition("deliver", _l("Mark as delivered"), (S.SCHEDULED,), S.DELIVERED, owner_or_reviewer),
    Transition("evaluate", _l("Mark as evaluated"), (S.DELIVERED,), S.EVALUATED, owner_or_reviewer),
    Transition("close", _l("Close"), (S.EVALUATED,), S.CLOSED, reviewer),
    Transition(
        "cancel",
        _l("Cancel program"),
        (S.DRAFT, S.RETURNED, S.SUBMITTED, S.APPROVED, S.SCHEDULED),
        S.CANCELLED,
        owner_or_reviewer,
        comment_required=True,
        style="outline-danger",
    ),
)
BY_ACTION = {t.action: t for t in TRANSITIONS}


def transition_for(action: str) -> Transition:
    """Return the transition named action, or raise LifecycleError."""
    try:
        return BY_ACTION[action]
    except KeyError:
        raise LifecycleError(f"unknown action {action!r}") from None


def available_transitions(user, program) -> list[Transition]:
    """Return the transitions this user may make on this program now."""
    return [t for t in TRANSITIONS if program.status in t.sources and t.allowed(user, program)]
