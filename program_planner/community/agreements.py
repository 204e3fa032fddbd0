"""Agreements with partner organisations: record, change, remove, and those ending soon.

Services take plain arguments, change objects, flush and never commit; the views commit.
An agreement's status (active, expiring soon, expired) comes from its dates on the day asked.
"""

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from program_planner.community.models import EXPIRING_DAYS, PartnerAgreement
from program_planner.extensions import db
from program_planner.people.models import Organisation


def save_agreement(
    agreement: PartnerAgreement | None, organisation: Organisation, form, user
) -> PartnerAgreement:
    """Create or change an agreement of the organisation from the form."""
    if agreement is None:
        agreement = PartnerAgreement(organisation_id=organisation.id, recorded_by_id=user.id)
        db.session.add(agreement)
    agreement.kind = form.kind.data
    agreement.title = (form.title.data or "").strip()
    agreement.starts_on = form.starts_on.data
    agreement.ends_on = form.ends_on.data
    agreement.note = (form.note.data or "").strip()
    db.session.flush()
    return agreement


def delete_agreement(agreement: PartnerAgreement) -> None:
    """Remove the agreement (the view checks the version the person saw; saving flushes)."""
    db.session.delete(agreement)


def agreements_of(organisation_id: int) -> list[PartnerAgreement]:
    """Return the organisation's agreements, latest start first, with who recorded them."""
    return list(
        db.session.scalars(
            sa.select(PartnerAgreement)
            .options(joinedload(PartnerAgreement.recorded_by))
            .where(PartnerAgreement.organisation_id == organisation_id)
            .order_by(PartnerAgreement.starts_on.desc(), PartnerAgreement.id.desc())
        )
    )


def expiring_agreements(today: date | None = None) -> list[PartnerAgreement]:
    """Return the agreements in force that end within EXPIRING_DAYS, soonest first: one query."""
    today = today or date.today()
    return list(
        db.session.scalars(
            sa.select(PartnerAgreement)
            .options(joinedload(PartnerAgreement.organisation))
            .where(
                PartnerAgreement.starts_on <= today,
                PartnerAgreement.ends_on >= today,
                PartnerAgreement.ends_on <= today + timedelta(days=EXPIRING_DAYS),
            )
            .order_by(PartnerAgreement.ends_on, PartnerAgreement.id)
        )
    )
