"""Demo data: a small library system with one account per role."""

import sqlalchemy as sa

from program_planner.admin.service import save_branch
from program_planner.auth import service as accounts
from program_planner.auth.models import Branch, Role
from program_planner.extensions import db

DEMO_BRANCHES = [
    ("Central Library", "CEN", "100 Queen Street"),
    ("Eastside Branch", "EAS", "2450 Danforth Avenue"),
    ("Riverside Branch", "RIV", "15 Mill Road"),
    ("Northgate Branch", "NOR", "780 Northgate Boulevard"),
]

# username, password, role, full name, branch code
DEMO_ACCOUNTS = [
    ("admin", "tulip-harbour-violin-42", Role.ADMIN, "Alex Admin", "CEN"),
    ("coordinator", "maple-lantern-orbit-17", Role.COORDINATOR, "Chantal Côté", "CEN"),
    ("programmer", "copper-meadow-kite-85", Role.PROGRAMMER, "Priya Natarajan", "EAS"),
    ("frontline", "saffron-canoe-ribbon-63", Role.FRONTLINE, "Frank Osei", "RIV"),
]


def load_demo() -> bool:
    """Create the demo branches and accounts unless they exist; return whether it created."""
    if db.session.scalar(sa.select(Branch.id).where(Branch.code == "CEN")):
        return False
    branches = {}
    for name, code, address in DEMO_BRANCHES:
        branches[code] = save_branch(None, None, name=name, code=code, address=address, active=True)
    for username, password, role, full_name, code in DEMO_ACCOUNTS:
        accounts.create_user(
            None,
            username=username,
            full_name=full_name,
            email=f"{username}@library.example",
            role=role,
            branch=branches[code],
            password=password,
            must_change_password=False,
        )
    return True
