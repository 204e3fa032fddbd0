"""Routes and program-page sections of the planning parts."""

from flask_babel import lazy_gettext as _l

from program_planner.auth import permissions as perm
from program_planner.planning import bp, service
from program_planner.planning.forms import ObjectiveForm
from program_planner.planning.models import Objective
from program_planner.programs.items import ItemKind, register_item_routes
from program_planner.programs.sections import Section, register_section

register_section(
    Section(
        key="objectives",
        title=_l("Objectives"),
        template="planning/_objectives.html",
        order=30,
        load=service.load_objectives,
        proposal=True,
        readiness=service.objectives_readiness,
    )
)
register_item_routes(
    bp,
    ItemKind(
        name="objectives",
        model=Objective,
        form=ObjectiveForm,
        section="objectives",
        noun=_l("objective"),
        permission=perm.can_edit_proposal,
        save=service.save_objective,
    ),
)
