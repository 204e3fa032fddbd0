"""Add, edit and delete the rows of a program's plan (objectives, budget lines, sessions ...).

Each area describes its kind of row once with ItemKind and calls register_item_routes(); the
routes load the program, check permission, validate, save through saving.as_seen (the row's
UPDATE requires the version the person saw), commit once and return to the program page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from program_planner.auth.forms import ConfirmForm
from program_planner.db import begin_write, locked
from program_planner.extensions import db
from program_planner.programs.models import Program
from program_planner.saving import EditConflict, as_seen, keep_typed, version_of, with_version
from program_planner.web import csrf_checked_by_form


class ItemError(Exception):
    """A rule refused the row; field names the form field to show the message at."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ItemKind:
    """How one kind of row of a program's plan is edited."""

    name: str  # URL segment and endpoint prefix, e.g. "objectives"
    model: type
    form: type
    section: str  # the program page section to return to
    noun: str  # e.g. _l("objective")
    permission: Callable  # permission(user, program) -> bool
    save: Callable  # save(program, item_or_None, form) -> item; raises ItemError
    prepare_form: Callable | None = None  # prepare_form(form, program, item) before validation
    load_form: Callable | None = None  # load_form(form, item) on first display of an edit
    warnings: Callable = field(default=lambda item: [])  # shown after saving
    before_delete: Callable | None = None  # before_delete(program, item); raises ItemError
    addable: bool = True  # False when rows are only created elsewhere: no "new" route
    deletable: bool = True  # False when rows are only deleted elsewhere: no "delete" route
    aside: str | None = None  # a template shown beside the form (ignored when it does not exist)


ITEM_KINDS: dict[str, ItemKind] = {}  # edit endpoint -> kind, every kind of plan row


def load_program(program_id: int, for_update=False) -> Program:
    """Return the program or 404; lock its row for a write that reads then decides."""
    if for_update:
        begin_write(db.session)
        stmt = locked(db.select(Program).where(Program.id == program_id))
        program = db.session.scalar(stmt.execution_options(populate_existing=True))
    else:
        program = db.session.get(Program, program_id)
    if program is None:
        abort(404)
    return program


class ItemGone(ItemError):
    """The row was deleted by someone else while the person was editing it."""


def _gone(kind):
    if kind.addable:
        message = _(
            "Someone else deleted this %(noun)s while you were editing it. What you typed is "
            "kept below and was not saved; save it to add it as a new %(noun)s.",
            noun=kind.noun,
        )
    else:
        message = _(
            "Someone else deleted this %(noun)s while you were editing it. What you typed is "
            "kept below and was not saved.",
            noun=kind.noun,
        )
    return ItemGone(message)


def _load_item(kind, program, item_id, fresh=False, gone_ok=False):
    """Return the program's row of that id, or 404; gone_ok: ItemGone for a save of a row
    deleted meanwhile (the person's typing is kept)."""
    item = db.session.get(kind.model, item_id, populate_existing=fresh)
    if item is None and gone_ok:
        raise _gone(kind)
    if item is None or item.program_id != program.id:
        abort(404)
    return item


def _delete_conflict(kind):
    return _(
        "Someone else saved a change to this %(noun)s while you were looking at it, so it was "
        "not deleted. Check it as it is now, then delete it again if you still mean to.",
        noun=kind.noun,
    )


def attach_error(form, error):
    """Show an ItemError at its field, or for the whole form."""
    target = getattr(form, error.field or "", None)
    if target is None:
        form.form_errors.append(str(error))
    else:
        target.errors = [*target.errors, str(error)]


def _conflict(form, item):
    """Keep what the person typed, show that someone else saved first, allow an overwrite."""
    keep_typed(
        form,
        version_of(item),
        _(
            "Someone else saved a change to this while you were editing. What you typed is kept "
            "below and was not saved; check it against the current plan, then save again to "
            "keep yours."
        ),
    )


def _delete_form(item, formdata=None):
    """The delete button's form: it carries the version of the row the person saw."""
    form = with_version(ConfirmForm)(formdata=formdata)
    if formdata is None:
        form.version.data = version_of(item)
    return form


def _delete(kind, program, item, seen):
    """Delete the row only if it is still at the version the person saw."""
    with as_seen(item, seen):
        if kind.before_delete:
            kind.before_delete(program, item)
        db.session.delete(item)


def _form(kind, program, item):
    form = kind.form(obj=item)
    if kind.prepare_form:
        kind.prepare_form(form, program, item)
    if not form.is_submitted() and item is not None:
        if kind.load_form:
            kind.load_form(form, item)
        form.version.data = version_of(item)
    return form


def _save(kind, program_id, item_id, form):
    """Lock the program, then save the row as an edit of the version the person saw."""
    program = load_program(program_id, for_update=True)
    if not kind.permission(current_user, program):
        raise ItemError(
            _("This program changed status meanwhile and can no longer be edited here.")
        )
    item = _load_item(kind, program, item_id, fresh=True, gone_ok=True) if item_id else None
    with as_seen(item, form.version.data):
        return program, kind.save(program, item, form)


def _edit(kind, program, item_id):
    """Take the edit form; return (form, row, program saved or None).

    A save refused (a rule, a conflict, the row deleted meanwhile) keeps what was typed; the
    row is None when it no longer exists.
    """
    try:
        posted = request.method == "POST"
        item = _load_item(kind, program, item_id, gone_ok=posted) if item_id else None
    except ItemGone as error:
        form = _form(kind, program, None)
        attach_error(form, error)
        return form, None, None
    form = _form(kind, program, item)
    if not form.validate_on_submit():
        return form, item, None
    try:
        program, item = _save(kind, program.id, item_id, form)
        db.session.commit()
    except ItemGone as error:
        db.session.rollback()
        attach_error(form, error)
        return form, None, None
    except ItemError as error:
        db.session.rollback()
        attach_error(form, error)
    except EditConflict:
        db.session.rollback()
        _conflict(form, item)
    else:
        return form, item, program
    return form, item, None


def register_item_routes(bp, kind: ItemKind) -> None:
    """Add /programs/<id>/<name>/new, /<item_id> and /<item_id>/delete to bp."""
    ITEM_KINDS[f"{bp.name}.{kind.name}_edit"] = kind

    def back(program):
        return url_for("programs.detail", program_id=program.id, _anchor=kind.section)

    @login_required
    @csrf_checked_by_form
    def edit(program_id, item_id=None):
        program = load_program(program_id)
        if not kind.permission(current_user, program):
            abort(403)
        form, item, saved = _edit(kind, program, item_id)
        if saved:
            flash(_("Saved."), "success")
            for warning in kind.warnings(item):
                flash(warning, "warning")
            return redirect(back(saved))
        return render_template(
            "programs/item_form.html",
            form=form,
            program=program,
            item=item,
            kind=kind,
            back_url=back(program),
            delete_form=_delete_form(item) if item is not None else None,
            gone=item_id is not None and item is None,
        ), 409 if item_id and item is None else 200

    @login_required
    def delete(program_id, item_id):
        program = load_program(program_id, for_update=True)
        if not kind.permission(current_user, program):
            abort(403)
        item = _load_item(kind, program, item_id, fresh=True)
        form = _delete_form(item, formdata=request.form)
        if not form.validate_on_submit():
            abort(400)
        try:
            _delete(kind, program, item, form.version.data)
            db.session.commit()
        except ItemError as error:
            db.session.rollback()
            flash(str(error), "danger")
        except EditConflict:
            db.session.rollback()
            flash(_delete_conflict(kind), "danger")
            return redirect(url_for(f"{bp.name}.{kind.name}_edit", **request.view_args))
        else:
            flash(_("Deleted."), "success")
        return redirect(back(program))

    base = f"/programs/<int:program_id>/{kind.name}"
    if kind.addable:
        bp.add_url_rule(f"{base}/new", f"{kind.name}_new", edit, methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/<int:item_id>", f"{kind.name}_edit", edit, methods=["GET", "POST"])
    if kind.deletable:
        bp.add_url_rule(
            f"{base}/<int:item_id>/delete", f"{kind.name}_delete", delete, methods=["POST"]
        )
