"""How the programs answering a need did: their objectives' verdicts, for the needs register.

The community package sits below reports, so it cannot read verdicts itself; reports register
this function with it. The figures are the stored per-program results (reports/results.py),
as of their last refresh (the dashboard's read or the worker's upkeep, every minute).
"""

import sqlalchemy as sa
from flask_babel import ngettext

from program_planner.community.service import register_program_outcomes
from program_planner.extensions import db
from program_planner.reports.models import ProgramResult


def objective_verdicts(program_ids) -> dict:
    """Return {program_id: "n of m objectives met …"} for programs with judged objectives."""
    rows = db.session.execute(
        sa.select(
            ProgramResult.program_id,
            ProgramResult.objectives_met,
            ProgramResult.objectives_not_met,
            ProgramResult.objectives_insufficient,
        ).where(ProgramResult.program_id.in_(program_ids))
    )
    out = {}
    for program_id, met, not_met, insufficient in rows:
        total = met + not_met + insufficient
        if not total or (insufficient == total and not met):
            continue  # nothing judged yet: say nothing rather than "0 met"
        text = ngettext(
            "%(met)d of %(num)d objective met", "%(met)d of %(num)d objectives met", total, met=met
        )
        if insufficient:
            text += " · " + ngettext(
                "%(num)d without enough evidence", "%(num)d without enough evidence", insufficient
            )
        out[program_id] = text
    return out


register_program_outcomes(objective_verdicts)
