"""Who hears of each hand-off: called by the areas where hand-offs happen.

Objects come in duck-typed (a program has id, title, owner_id and owner), so this package needs
nothing from the areas above it.

- A proposal submitted: the coordinators (administrators when no coordinator is active).
- Returned, approved, declined, scheduled, cancelled: the program's owner, with the comment.
- An IT request created, or changed so that it waits for IT again: whoever may work the IT
  queue (auth.permissions.can_manage_it_requests). Moved along by IT: the program's owner.
- A debrief received (a presenter's, or a colleague's staff debrief): the program's owner.
- An export or import finished: whoever asked for it (see notifications.tasks).
Nobody is told what they did themselves.
"""

from program_planner.auth import permissions as perm
from program_planner.auth.models import Role
from program_planner.notifications.service import active_staff, notify

TOLD_TO_OWNER = ("return", "approve", "decline", "schedule", "cancel")


def coordinators() -> list:
    """The people who review proposals: coordinators, else administrators."""
    return active_staff(Role.COORDINATOR) or active_staff(Role.ADMIN)


def it_queue_staff() -> list:
    """The people who work the IT queue, as the permission to move requests says."""
    return active_staff(Role.COORDINATOR, Role.ADMIN, check=perm.can_manage_it_requests)


def program_transition(actor, program, action: str, comment: str = "") -> None:
    """Tell the next person about a move of the program's lifecycle."""
    params = {"comment": comment or ""}
    if action == "submit":
        notify(coordinators(), "program_submit", program=program, actor=actor, params=params)
    elif action in TOLD_TO_OWNER:
        notify([program.owner], f"program_{action}", program=program, actor=actor, params=params)


def _it_params(request_) -> dict:
    return {
        "item": getattr(request_.item, "value", request_.item),
        "quantity": request_.quantity,
        "needed_by": request_.needed_by.isoformat() if request_.needed_by else "",
    }


def it_request_saved(actor, program, request_, created: bool, reopened: bool) -> None:
    """Tell the IT queue about a new request, or one that changed and waits for IT again."""
    if created or reopened:
        kind = "it_requested" if created else "it_reopened"
        notify(it_queue_staff(), kind, program=program, actor=actor, params=_it_params(request_))


def it_request_moved(actor, program, request_) -> None:
    """Tell the program's owner that IT moved their request along."""
    params = {
        **_it_params(request_),
        "status": getattr(request_.status, "value", request_.status),
        "notes": request_.it_notes or "",
    }
    notify([program.owner], "it_moved", program=program, actor=actor, params=params)


def debrief_received(program, author_name: str, actor=None) -> None:
    """Tell the program's owner that a debrief came in."""
    notify(
        [program.owner],
        "debrief_received",
        program=program,
        actor=actor,
        params={"author": author_name},
    )
