"""Routes of this area: the venues catalogue kept by coordinators."""

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from program_planner.auth import permissions as perm
from program_planner.catalogues import CatalogueKind, register_catalogue_routes
from program_planner.venues import bp, service
from program_planner.venues.forms import VenueForm
from program_planner.venues.models import Venue

register_catalogue_routes(
    bp,
    CatalogueKind(
        name="venues",
        model=Venue,
        form=VenueForm,
        title=_l("Venues"),
        noun=_l("venue"),
        intro=_l(
            "Rooms in our branches and community venues where sessions take place. A venue "
            "holds one session at a time."
        ),
        columns=(
            (_l("Venue"), lambda v: v.name),
            (_l("Kind"), lambda v: v.kind.label),
            (_l("Branch or address"), lambda v: v.branch.name if v.branch else v.address),
            (_l("Capacity"), lambda v: format_decimal(v.capacity)),
            (_l("Accessibility"), lambda v: service.accessibility_labels(v.accessibility) or "—"),
            (_l("In use"), lambda v: _("yes") if v.active else _("no")),
        ),
        permission=perm.can_manage_catalogues,
        save=service.save_venue,
        rows=service.all_venues,
    ),
)
