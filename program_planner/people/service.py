"""Rules of a program's partners and presenters."""

from collections import defaultdict
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager

from program_planner.extensions import db
from program_planner.people.models import Organisation, PartnerRole, Presenter, ProgramPartner
from program_planner.planning import budget
from program_planner.programs.items import ItemError


def _by_program(programs, rows):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.program_id].append(row)
    return {p.id: grouped.get(p.id, []) for p in programs}


def load_partners(programs):
    """Return each program's partners with their organisations, by organisation name."""
    rows = db.session.scalars(
        sa.select(ProgramPartner)
        .join(ProgramPartner.organisation)
        .options(contains_eager(ProgramPartner.organisation))
        .where(ProgramPartner.program_id.in_([p.id for p in programs]))
        .order_by(Organisation.name, ProgramPartner.role, ProgramPartner.id)
    ).all()
    return _by_program(programs, rows)


def load_presenters(programs):
    """Return each program's presenters by name."""
    rows = db.session.scalars(
        sa.select(Presenter)
        .where(Presenter.program_id.in_([p.id for p in programs]))
        .order_by(Presenter.name, Presenter.id)
    ).all()
    return _by_program(programs, rows)


def organisations():
    """Return the directory of organisations, by name."""
    return db.session.scalars(sa.select(Organisation).order_by(Organisation.name)).all()


def find_or_create_organisation(name: str) -> Organisation:
    """Return the organisation of that name (any letter case), adding it to the directory."""
    name = " ".join(name.split())
    lookup = sa.select(Organisation).where(sa.func.lower(Organisation.name) == name.lower())
    organisation = db.session.scalar(lookup)
    if organisation is not None:
        return organisation
    try:
        with db.session.begin_nested():
            organisation = Organisation(name=name)
            db.session.add(organisation)
    except sa.exc.IntegrityError:  # added by someone else a moment ago
        organisation = db.session.scalar(lookup)
    return organisation


def save_partner(program, partner, form) -> ProgramPartner:
    """Add or change a partner: an organisation from the directory or a new one, and its role."""
    return set_partner(
        program,
        partner,
        organisation_id=form.organisation_id.data,
        new_organisation=form.new_organisation.data,
        role=form.role.data,
        contribution=form.contribution.data,
    )


def set_partner(
    program, partner, *, organisation_id, new_organisation, role, contribution
) -> ProgramPartner:
    """Add or change a partner; the same organisation in the same role only once."""
    new_organisation = (new_organisation or "").strip()
    if organisation_id and new_organisation:
        raise ItemError(
            _(
                "Choose an organisation from the list or type the name of a new one, not "
                "both. Set the list back to “Choose …” to add the new one."
            ),
            "new_organisation",
        )
    if new_organisation:
        organisation = find_or_create_organisation(new_organisation)
    elif organisation_id:
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is None:
            raise ItemError(_("Choose an organisation from the list."), "organisation_id")
    else:
        raise ItemError(
            _("Choose an organisation from the list, or type the name of a new one."),
            "organisation_id",
        )
    role = PartnerRole(role)
    clash = db.session.scalar(
        sa.select(ProgramPartner.id).where(
            ProgramPartner.program_id == program.id,
            ProgramPartner.organisation_id == organisation.id,
            ProgramPartner.role == role,
            ProgramPartner.id != (partner.id if partner else 0),
        )
    )
    message = _(
        "“%(organisation)s” is already a partner of this program as “%(role)s”. Edit that "
        "entry instead, or choose another role.",
        organisation=organisation.name,
        role=role.label,
    )
    if clash:
        raise ItemError(message, "role")
    if partner is None:
        partner = ProgramPartner(program_id=program.id)
        db.session.add(partner)
    partner.organisation = organisation
    partner.role = role
    partner.contribution = (contribution or "").strip()
    try:
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError:
        raise ItemError(message, "role") from None
    return partner


def save_presenter(program, presenter, form) -> Presenter:
    """Add or change a presenter."""
    if presenter is None:
        presenter = Presenter(program_id=program.id)
        db.session.add(presenter)
    presenter.name = form.name.data.strip()
    presenter.organisation = (form.organisation.data or "").strip()
    presenter.topic = (form.topic.data or "").strip()
    presenter.email = (form.email.data or "").strip()
    presenter.phone = (form.phone.data or "").strip()
    before = presenter.fee or Decimal(0)
    presenter.fee = form.fee.data if form.fee.data is not None else Decimal(0)
    db.session.flush()
    budget.sync_fee_line(program.id, presenter.id, presenter.name, presenter.fee, before)
    return presenter


def remove_presenter_fee(program, presenter) -> None:
    """Take a presenter's fee out of the budget before the presenter is deleted."""
    before = presenter.fee or Decimal(0)
    budget.sync_fee_line(program.id, presenter.id, presenter.name, Decimal(0), before)


def prepare_partner_form(form, program, partner):
    """Offer the directory of organisations."""
    form.organisation_id.choices = [("", _("Choose …"))] + [(o.id, o.name) for o in organisations()]


def fees_total(presenters) -> Decimal:
    """Return the sum of the presenters' fees."""
    return sum((p.fee or Decimal(0) for p in presenters), Decimal(0))
