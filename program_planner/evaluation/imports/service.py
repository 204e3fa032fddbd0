"""Imports of responses collected elsewhere: the pending file, the rows, the batch.

Services flush, never commit; the views own the transaction.
"""

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from program_planner.auth.models import User
from program_planner.db import locked, utcnow
from program_planner.evaluation.engine import answers_for
from program_planner.evaluation.imports import rows
from program_planner.evaluation.imports.models import PendingImport
from program_planner.evaluation.imports.reading import ImportFileError, Table, read_table
from program_planner.evaluation.models import (
    ImportBatch,
    Question,
    Response,
    ResponseChannel,
)
from program_planner.extensions import db
from program_planner.i18n import format_when
from program_planner.programs.models import Program

PREVIEW_ROWS = 20
ABANDONED_AFTER_SECONDS = 24 * 3600


class ImportRefused(ValueError):
    """The import cannot go ahead; the message says why, for people."""


# --- The uploaded file, kept in the database between steps ---------------------------------


def file_sha256(data: bytes) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


def find_pending(program_id: int, user_id: int) -> PendingImport | None:
    """Return this person's pending import into this program (its file not loaded), if any."""
    return db.session.scalar(
        sa.select(PendingImport).where(
            PendingImport.program_id == program_id, PendingImport.user_id == user_id
        )
    )


def store_pending(program_id, user_id, filename, ext, data: bytes, table=None) -> PendingImport:
    """Keep an uploaded file (and its cells, when read already) until it is imported, replacing
    the person's earlier one; drop files abandoned for more than a day (flushes)."""
    cutoff = utcnow() - timedelta(seconds=ABANDONED_AFTER_SECONDS)
    db.session.execute(
        sa.delete(PendingImport).where(
            sa.or_(
                PendingImport.uploaded_at < cutoff,
                sa.and_(PendingImport.program_id == program_id, PendingImport.user_id == user_id),
            )
        )
    )
    pending = PendingImport(
        program_id=program_id,
        user_id=user_id,
        filename=filename[:255],
        ext=ext,
        file_sha256=file_sha256(data),
        data=data,
    )
    if table is not None:
        keep_table(pending, table)
    db.session.add(pending)
    db.session.flush()
    return pending


def keep_table(pending: PendingImport, table: Table) -> None:
    """Keep the cells read from a pending file, so later steps never read the file again."""
    pending.cells = {"header": table.header, "rows": table.rows}
    pending.rows = len(table.rows)


def purge_abandoned(now) -> int:
    """Delete pending imports untouched for more than a day; return how many (flushes)."""
    cutoff = now - timedelta(seconds=ABANDONED_AFTER_SECONDS)
    return db.session.execute(
        sa.delete(PendingImport).where(PendingImport.uploaded_at < cutoff)
    ).rowcount


def read_pending(pending: PendingImport) -> Table:
    """Return the table of a pending upload, or raise ImportRefused when it cannot be read."""
    if pending.cells is not None:
        return Table(header=pending.cells["header"], rows=pending.cells["rows"])
    data = pending.data
    if data is None or file_sha256(data) != pending.file_sha256:
        raise ImportRefused(_("The uploaded file is no longer available: upload it again."))
    try:
        return read_table(data, pending.ext)
    except ImportFileError as error:
        raise ImportRefused(str(error)) from None


def discard_pending(program_id: int, user_id: int) -> None:
    """Delete this person's pending import into this program, if there is one (flushes)."""
    db.session.execute(
        sa.delete(PendingImport).where(
            PendingImport.program_id == program_id, PendingImport.user_id == user_id
        )
    )


def _with_importer():
    return sa.select(ImportBatch, User.full_name).outerjoin(
        User, User.id == ImportBatch.imported_by_id
    )


def earlier_import(program_id: int, sha256: str) -> str | None:
    """Say when and by whom this file was already imported into this program, if it was."""
    found = db.session.execute(
        _with_importer().where(
            ImportBatch.program_id == program_id, ImportBatch.file_sha256 == sha256
        )
    ).first()
    if found is None:
        return None
    batch, name = found
    return str(
        _(
            "This file was already imported into this program on %(when)s by %(who)s "
            "(as “%(name)s”): its responses are counted once.",
            when=format_when(batch.imported_at),
            who=name or _l("former staff"),
            name=batch.filename,
        )
    )


def load_batch(batch_id: int):
    """Return (batch, importer's name or None), or None when there is no such batch."""
    return db.session.execute(_with_importer().where(ImportBatch.id == batch_id)).first()


# --- Rows: what each would store (rows.py), and the batch -----------------------------------


def refused_report(results: list[rows.RowResult]) -> list[dict]:
    """Return [{"row": n, "reason": "..."}] for the refused rows."""
    return [{"row": r.number, "reason": r.reason} for r in results if r.refused]


def lock_program(program_id: int) -> None:
    """Hold the program's row until the commit: imports into one program store one at a time."""
    db.session.execute(locked(sa.select(Program.id).where(Program.id == program_id)))


def import_responses(
    *, program_id, filename, sha256, results, questions, user_id, language
) -> ImportBatch:
    """Store a batch and one response per accepted row no import stored before (flushes).

    Raises ImportRefused when this very file was imported already (two confirms at once).
    """
    lock_program(program_id)
    already = rows.mark_already_imported(program_id, results)
    refused = sum(1 for r in results if r.refused)
    batch = ImportBatch(
        program_id=program_id,
        filename=filename[:255],
        file_sha256=sha256,
        imported_by_id=user_id,
        rows_total=len(results),
        rows_imported=len(results) - refused - already,
        rows_refused=refused,
        report=refused_report(results),
    )
    try:
        with db.session.begin_nested():  # the unique (program, hash) settles two confirms at once
            db.session.add(batch)
    except sa.exc.IntegrityError:
        message = earlier_import(program_id, sha256)
        raise ImportRefused(message or _l("This file was already imported.")) from None
    db.session.add_all(
        _response(program_id, batch, result, questions, language)
        for result in results
        if not result.refused and not result.already
    )
    db.session.flush()
    return batch


def _response(program_id, batch, result, questions, language) -> Response:
    answers = []
    for question_id, value in result.values.items():
        answers.extend(answers_for(questions[question_id], value))
    response = Response(
        program_id=program_id,
        occurrence_id=result.occurrence_id,
        channel=ResponseChannel.IMPORT,
        language=result.language or language,
        submission_key=rows.row_key(program_id, result.fingerprint),
        import_batch_id=batch.id,
        answers=answers,
    )
    if result.sent_at is not None:
        response.submitted_on = result.sent_at  # kept to the hour, as every response's time
    return response


def questions_by_id(program_questions) -> dict[int, Question]:
    """Return {question id: question} of a program's form."""
    return {pq.question.id: pq.question for pq in program_questions}


# --- The program page section ---------------------------------------------------------------


def load_import_batches(programs):
    """Return {program_id: [(ImportBatch, importer's name)] newest first} in one query."""
    ids = [p.id for p in programs]
    found = {pid: [] for pid in ids}
    if not ids:
        return found
    for batch, name in db.session.execute(
        _with_importer()
        .where(ImportBatch.program_id.in_(ids))
        .order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc())
    ):
        found[batch.program_id].append((batch, name))
    return found
