"""Catalogues kept by coordinators (strategic goals, target groups, venues): list, add, edit.

Each area describes its catalogue once with CatalogueKind and calls register_catalogue_routes().
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from program_planner.extensions import db
from program_planner.saving import (
    EditConflict,
    as_seen,
    keep_typed,
    lock_for_edit,
    version_of,
    with_version,
)
from program_planner.web import csrf_checked_by_form


class CatalogueError(Exception):
    """A rule refused the entry; field names the form field to show the message at."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CatalogueKind:
    """How one catalogue is listed and edited."""

    name: str  # URL segment and endpoint prefix, e.g. "target_groups"
    model: type
    form: type
    title: str  # e.g. _l("Target groups")
    noun: str  # e.g. _l("target group")
    columns: tuple  # ((label, callable(entry) -> text), ...); the first links to the entry
    permission: Callable  # permission(user) -> bool
    save: Callable  # save(entry_or_None, form) -> entry; raises CatalogueError
    rows: Callable  # rows() -> entries to list, a fixed number of queries
    intro: str = ""


CATALOGUES: list[tuple[str, CatalogueKind]] = []  # (list endpoint, kind), for navigation
CONFLICT = _l(
    "Someone else saved this entry while you were editing. What you typed is kept below and was "
    "not saved; save again to keep yours."
)


def _attach_error(form, error):
    field = getattr(form, error.field or "", None)
    if field is None:
        form.form_errors.append(str(error))
    else:
        field.errors = [*field.errors, str(error)]


def _save(kind, entry_id, form):
    """Lock the entry, then save the form as an edit of the version the person saw."""
    entry = lock_for_edit(kind.model, entry_id)
    with as_seen(entry, form.version.data):
        return kind.save(entry, form)


def register_catalogue_routes(bp, kind: CatalogueKind) -> None:
    """Add /<name>, /<name>/new and /<name>/<entry_id> to bp."""
    CATALOGUES.append((f"{bp.name}.{kind.name}", kind))

    @login_required
    def index():
        if not kind.permission(current_user):
            abort(403)
        return render_template(
            "catalogue_list.html", kind=kind, rows=kind.rows(), catalogues=CATALOGUES
        )

    @login_required
    @csrf_checked_by_form
    def edit(entry_id=None):
        if not kind.permission(current_user):
            abort(403)
        entry = db.get_or_404(kind.model, entry_id) if entry_id else None
        form = with_version(kind.form)(obj=entry)
        if not form.is_submitted():
            form.version.data = version_of(entry)
        if form.validate_on_submit():
            try:
                _save(kind, entry_id, form)
                db.session.commit()
            except CatalogueError as error:
                db.session.rollback()
                _attach_error(form, error)
            except EditConflict:
                db.session.rollback()
                keep_typed(form, version_of(db.session.get(kind.model, entry_id)), CONFLICT)
            else:
                flash(_("Saved."), "success")
                return redirect(url_for(f"{bp.name}.{kind.name}"))
        return render_template("catalogue_form.html", kind=kind, form=form, entry=entry)

    bp.add_url_rule(f"/{kind.name.replace('_', '-')}", kind.name, index)
    bp.add_url_rule(
        f"/{kind.name.replace('_', '-')}/new", f"{kind.name}_new", edit, methods=["GET", "POST"]
    )
    bp.add_url_rule(
        f"/{kind.name.replace('_', '-')}/<int:entry_id>",
        f"{kind.name}_edit",
        edit,
        methods=["GET", "POST"],
    )
