"""One way to save an edit: a save based on a row someone else has since saved is refused.

Every form that edits a row carries, hidden, the version of the row the person saw. The view
locks the row (or its program) and saves through as_seen():

    row = lock_for_edit(Model, row_id)          # or load_program(..., for_update=True)
    with as_seen(row, form.version.data):
        service.change(row, form)
    db.session.commit()

For a model with VersionedMixin the row's UPDATE itself requires the version seen,
``UPDATE … SET …, version = :seen + 1 WHERE id = :id AND version = :seen``, so of two
saves based on one version the database lets exactly one through, on SQLite and on PostgreSQL;
the other matches no row and raises EditConflict. A model without a version column (staff
accounts, some catalogues) gets one computed from the values the form edits, compared after the
row lock is taken. Either way nothing of the refused save is written: the view rolls back and
re-renders the form with what was typed and the current version (keep_typed), so saving again
replaces the other person's change knowingly.
"""

import hashlib
from contextlib import contextmanager
from functools import cache

import sqlalchemy as sa
from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from program_planner.db import begin_write, locked
from program_planner.extensions import db
from program_planner.fields import VersionField

# what a refused save says, above the form that keeps everything typed
CONFLICT = _l(
    "Someone else saved this while you were editing. What you typed is kept below and was not "
    "saved; save again to keep yours."
)

BOOKKEEPING = frozenset({"id", "created_at", "updated_at"})
FINGERPRINTS = 2**31 - 1


class EditConflict(Exception):
    """Someone else saved the row after the person opened it; nothing of this save is kept."""


def _version_key(obj) -> str | None:
    mapper = sa.inspect(obj).mapper
    if mapper.version_id_col is None:
        return None
    return mapper.get_property_by_column(mapper.version_id_col).key


def version_of(obj, fields=None) -> int | None:
    """Return the version of obj a form carries (None for no row).

    That is its version column, or, for a model without one (or when fields are named), a
    number computed from the values of fields (by default every column but id and timestamps).
    A field is an attribute's name, or a function of obj for what its child rows hold (the
    answers of a paper form); such a function returns values whose repr is stable.
    """
    if obj is None:
        return None
    key = _version_key(obj)
    if key is not None and fields is None:
        return getattr(obj, key)
    if fields is None:
        fields = [a.key for a in sa.inspect(obj).mapper.column_attrs if a.key not in BOOKKEEPING]
    values = repr([name(obj) if callable(name) else getattr(obj, name) for name in fields])
    values = values.encode()
    digest = int.from_bytes(hashlib.sha256(values).digest()[:8], "big")
    return digest % FINGERPRINTS + 1  # 1 … 2**31 - 1: what a VersionField reads


@contextmanager
def as_seen(obj, seen, fields=None):
    """Save the changes made to obj in the block only if obj is still at the version seen.

    obj None (a new row) only flushes the block's changes. A row without a version column must
    have been locked (lock_for_edit) before obj was read. Raises EditConflict, having written
    nothing the caller cannot roll back.
    """
    key = None
    if obj is not None:
        if seen is None or version_of(obj, fields) != seen:
            raise EditConflict
        key = _version_key(obj) if fields is None else None
        if key is not None:
            set_committed_value(obj, key, seen)  # the UPDATE's WHERE: version = :seen
    try:
        yield obj
        if key is not None and getattr(obj, key) == seen:
            # Not written yet: send the UPDATE even if nothing else changed, so a save that
            # re-confirms values someone else has since replaced is refused too.
            setattr(obj, key, seen + 1)
        db.session.flush()
    except StaleDataError:
        raise EditConflict from None


def lock_for_edit(model, row_id):
    """Begin a write transaction; return the row of that id locked until the commit, or 404.

    row_id None (a new row) only begins the write transaction and returns None.
    """
    begin_write(db.session)
    if row_id is None:
        return None
    key = sa.inspect(model).primary_key[0]
    stmt = locked(sa.select(model).where(key == row_id))
    # the values as locked, not those read earlier in the request (PostgreSQL keeps one
    # transaction from the first read, and the session would keep the older values)
    row = db.session.scalar(stmt.execution_options(populate_existing=True))
    if row is None:
        abort(404)
    return row


def keep_typed(form, version, message) -> None:
    """Refuse the save on the form: show message, keep what was typed, carry the current version.

    Saving the form again then replaces what the other person saved, knowingly.
    """
    form.version.data = version
    form.form_errors.append(str(message))


@cache
def with_version(form_class):
    """Return form_class with a hidden version field when it has none of its own."""
    if hasattr(form_class, "version"):
        return form_class
    return type(form_class.__name__, (form_class,), {"version": VersionField()})
