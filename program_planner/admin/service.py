"""Branch rules, staff erasure and the lists the administration pages show."""

import sqlalchemy as sa
from flask_babel import gettext as _

from program_planner.audit.service import record
from program_planner.auth import service as accounts
from program_planner.auth.models import Branch, User
from program_planner.evaluation.models import Debrief, DebriefKind
from program_planner.extensions import db


class BranchError(Exception):
    """A branch change was refused; field names the form field at fault."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def _ensure_unique(branch_id, name, code):
    """Refuse a branch name or code another branch already uses."""
    others = sa.select(Branch).where(Branch.id != (branch_id or 0))
    if db.session.scalar(others.where(sa.func.lower(Branch.name) == name.lower())):
        raise BranchError(_("Another branch is already called “%(n)s”.", n=name), "name")
    if db.session.scalar(others.where(sa.func.upper(Branch.code) == code.upper())):
        raise BranchError(_("Another branch already uses the code “%(c)s”.", c=code), "code")


def save_branch(actor, branch: Branch | None, *, name, code, address, active) -> Branch:
    """Create a branch (branch=None) or change one; names and codes stay unique."""
    name, code = name.strip(), code.strip().upper()
    _ensure_unique(branch.id if branch else None, name, code)
    if branch is None:
        branch = Branch()
        db.session.add(branch)
    branch.name, branch.code, branch.address, branch.active = name, code, address or "", active
    db.session.flush()
    record("branch_saved", actor=actor, obj=branch, name=name, code=code, active=active)
    return branch


def branches_with_staff_counts():
    """Return (branch, active staff count) rows for every branch, by name."""
    staff = (
        sa.select(User.branch_id, sa.func.count(User.id).label("n"))
        .where(User.active.is_(True))
        .group_by(User.branch_id)
        .subquery()
    )
    stmt = (
        sa.select(Branch, sa.func.coalesce(staff.c.n, 0))
        .outerjoin(staff, staff.c.branch_id == Branch.id)
        .order_by(Branch.name)
    )
    return db.session.execute(stmt).all()


def erase_staff_member(actor, user: User) -> None:
    """Erase a staff member at their request: the account (auth.service.erase_account) and the
    copies of their name kept elsewhere (staff debriefs' author name).

    Everything they did stays, shown as "former staff". AccountError when refused (oneself, the
    last active administrator, an account already erased).
    """
    accounts.erase_account(actor, user)
    db.session.execute(
        sa.update(Debrief)
        .where(Debrief.author_id == user.id, Debrief.kind == DebriefKind.STAFF)
        .values(author_name="", updated_at=Debrief.updated_at)  # not an edit of the debrief
        .execution_options(synchronize_session=False)
    )


def users_list(query: str = "", page: int = 1, per_page: int = 50):
    """Return a page of staff accounts (with branches), filtered by name or username."""
    stmt = sa.select(User).order_by(User.active.desc(), User.full_name)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(
            sa.or_(sa.func.lower(User.full_name).like(like), User.username.like(like))
        )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)
