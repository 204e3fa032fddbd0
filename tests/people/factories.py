"""Partner and presenter rows for the tests."""

from decimal import Decimal

from program_planner.extensions import db
from program_planner.people.models import Organisation, PartnerRole, Presenter, ProgramPartner


def make_organisation(name="Eastview Community Centre") -> Organisation:
    """Add an organisation to the directory (flushed)."""
    organisation = Organisation(name=name)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def add_partner(program_id, organisation_id, role=PartnerRole.CO_HOST, **fields):
    """Add a partner of a program (flushed)."""
    partner = ProgramPartner(
        program_id=program_id, organisation_id=organisation_id, role=role, **fields
    )
    db.session.add(partner)
    db.session.flush()
    return partner


def add_presenter(program_id, name="Dana Fisher", fee=Decimal("150.00"), **fields):
    """Add a presenter of a program (flushed)."""
    presenter = Presenter(
        program_id=program_id,
        name=name,
        fee=fee,
        email=fields.pop("email", "dana@example.org"),
        phone=fields.pop("phone", "416-555-0199"),
        topic=fields.pop("topic", "Staying safe online"),
        **fields,
    )
    db.session.add(presenter)
    db.session.flush()
    return presenter


def add_people_rows(program_id) -> dict:
    """Add one row of each people kind to the program; return {kind name: id}."""
    organisation = make_organisation()
    return {
        "partners": add_partner(program_id, organisation.id).id,
        "presenters": add_presenter(program_id).id,
    }
