"""Routes and program-page sections of partners and presenters."""

from flask_babel import lazy_gettext as _l

from program_planner.auth import permissions as perm
from program_planner.people import bp, service
from program_planner.people.forms import PartnerForm, PresenterForm
from program_planner.people.models import Presenter, ProgramPartner
from program_planner.programs.items import ItemKind, register_item_routes
from program_planner.programs.sections import Section, register_section

register_section(
    Section(
        key="partners",
        title=_l("Partners"),
        template="people/_partners.html",
        order=80,
        load=service.load_partners,
        proposal=False,
    )
)
register_section(
    Section(
        key="presenters",
        title=_l("Presenters"),
        template="people/_presenters.html",
        order=85,
        load=service.load_presenters,
        proposal=False,
    )
)
register_item_routes(
    bp,
    ItemKind(
        name="partners",
        model=ProgramPartner,
        form=PartnerForm,
        section="partners",
        noun=_l("partner"),
        permission=perm.can_edit_logistics,
        save=service.save_partner,
        prepare_form=service.prepare_partner_form,
    ),
)
register_item_routes(
    bp,
    ItemKind(
        name="presenters",
        model=Presenter,
        form=PresenterForm,
        section="presenters",
        noun=_l("presenter"),
        permission=perm.can_edit_logistics,
        save=service.save_presenter,
        before_delete=service.remove_presenter_fee,
    ),
)
