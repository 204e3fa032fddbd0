"""Rules of the venues catalogue."""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from program_planner.catalogues import CatalogueError
from program_planner.extensions import db
from program_planner.venues.models import Accessibility, Venue, VenueKind


def all_venues():
    """Return every venue with its branch: venues in use first, then by name."""
    return db.session.scalars(
        sa.select(Venue)
        .options(joinedload(Venue.branch))
        .order_by(Venue.active.desc(), Venue.kind, Venue.name, Venue.id)
    ).all()


def active_venues(include_id=None):
    """Return the venues offered for sessions (and the one already chosen), with branches."""
    return db.session.scalars(
        sa.select(Venue)
        .options(joinedload(Venue.branch))
        .where(sa.or_(Venue.active.is_(True), Venue.id == include_id))
        .order_by(Venue.name, Venue.id)
    ).all()


def accessibility_labels(values) -> str:
    """Return the accessibility features as a readable list."""
    known = {a.value: a for a in Accessibility}
    return ", ".join(str(known[v].label) for v in values or [] if v in known)


def save_venue(
    venue: Venue | None,
    form=None,
    *,
    name=None,
    kind=None,
    branch_id=None,
    address="",
    capacity=None,
    accessibility=(),
    notes="",
    active=True,
) -> Venue:
    """Create or change a venue: a branch room is in a branch, a community venue has an address."""
    if form is not None:
        name, kind, branch_id = form.name.data, form.kind.data, form.branch_id.data
        address, capacity = form.address.data, form.capacity.data
        accessibility, notes, active = form.accessibility.data, form.notes.data, form.active.data
    name, address = (name or "").strip(), (address or "").strip()
    kind = VenueKind(kind)
    if kind == VenueKind.BRANCH_ROOM and not branch_id:
        raise CatalogueError(_("Choose the branch this room is in."), "branch_id")
    if kind == VenueKind.COMMUNITY:
        if branch_id:
            raise CatalogueError(
                _(
                    "A community venue is not in one of our branches: leave Branch empty, "
                    "or choose “Branch room” as the kind."
                ),
                "branch_id",
            )
        if not address:
            raise CatalogueError(
                _("Enter the address of the community venue, so people can find it."), "address"
            )
    clash = db.session.scalar(
        sa.select(Venue.id).where(
            sa.func.lower(Venue.name) == name.lower(),
            Venue.branch_id.is_(None) if branch_id is None else Venue.branch_id == branch_id,
            Venue.id != (venue.id if venue else 0),
        )
    )
    if clash:
        raise CatalogueError(_("A venue with this name already exists there."), "name")
    if venue is None:
        venue = Venue()
        db.session.add(venue)
    venue.name, venue.kind, venue.branch_id = name, kind, branch_id
    venue.address, venue.capacity = address, capacity
    venue.accessibility = [a.value for a in Accessibility if a.value in set(accessibility or [])]
    venue.notes, venue.active = (notes or "").strip(), bool(active)
    db.session.flush()
    return venue
