"""Imports of responses collected elsewhere: the pending file, the rows, the batch.

Services flush, never commit; the views own the transaction.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from program_planner.auth.models import User
from program_planner.db import utcnow
from program_planner.evaluation.engine import answers_for
from program_planner.evaluation.imports import matching
from program_planner.evaluation.imports.models import PendingImport
from program_planner.evaluation.imports.reading import ImportFileError, Table, read_table
from program_planner.evaluation.models import (
    ImportBatch,
    Question,
    Response,
    ResponseChannel,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence

PREVIEW_ROWS = 20
PROGRESS_EVERY = 500  # rows checked between two progress reports of an import job
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


def store_pending(program_id, user_id, filename, ext, data: bytes, rows: int) -> PendingImport:
    """Keep an uploaded file until it is imported, replacing the person's earlier one; drop
    files abandoned for more than a day (flushes)."""
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
        rows=rows,
        data=data,
    )
    db.session.add(pending)
    db.session.flush()
    return pending


def read_pending(pending: PendingImport) -> Table:
    """Return the table of a pending upload, or raise ImportRefused when it cannot be read."""
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
            when=format_datetime(batch.imported_at, "medium"),
            who=name or _l("former staff"),
            name=batch.filename,
        )
    )


def load_batch(batch_id: int):
    """Return (batch, importer's name or None), or None when there is no such batch."""
    return db.session.execute(_with_importer().where(ImportBatch.id == batch_id)).first()


# --- Rows: what each would store ------------------------------------------------------------


@dataclass
class RowResult:
    """One data row: the values it would store, or why it is refused."""

    number: int
    values: dict = field(default_factory=dict)  # question id -> engine value
    occurrence_id: int | None = None
    language: str | None = None
    errors: list = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    @property
    def reason(self) -> str:
        return "; ".join(str(e) for e in self.errors)


def program_occurrence_days(program_id: int, timezone: str) -> dict:
    """Return {local date: occurrence id} of a program's sessions (the first on each day)."""
    zone = ZoneInfo(timezone)
    days = {}
    for occurrence_id, starts_at in db.session.execute(
        sa.select(Occurrence.id, Occurrence.starts_at)
        .where(Occurrence.program_id == program_id)
        .order_by(Occurrence.starts_at)
    ):
        days.setdefault(starts_at.astimezone(zone).date(), occurrence_id)
    return days


def _session(raw: str, days: dict):
    if not raw.strip():
        return None
    candidates = matching.candidate_dates(raw)
    if not candidates:
        raise matching.CellError(_("“%(value)s” is not a date", value=raw[:40]))
    found = {days[d] for d in candidates if d in days}
    if not found:
        raise matching.CellError(
            _("no session of this program on %(value)s", value=candidates[0].isoformat())
        )
    if len(found) > 1:
        raise matching.CellError(
            _(
                "“%(value)s” could be more than one session's date: write it as YYYY-MM-DD",
                value=raw[:40],
            )
        )
    return found.pop()


def evaluate_rows(table: Table, mapping: list[str], questions: dict, days: dict, progress=None):
    """Return a RowResult per data row of table, with mapping[i] the choice for column i.

    progress(rows done, rows in all), when given, is called every PROGRESS_EVERY rows.
    """
    results = []
    for number, cells in table.numbered_rows():
        if progress is not None and results and len(results) % PROGRESS_EVERY == 0:
            progress(len(results), len(table.rows))
        result = RowResult(number)
        answered = False
        for column, choice in enumerate(mapping):
            raw = cells[column] if column < len(cells) else ""
            try:
                if choice == matching.SESSION_DATE:
                    result.occurrence_id = _session(raw, days)
                elif choice == matching.LANGUAGE:
                    result.language = matching.convert_language(raw)
                elif choice:
                    value = matching.convert(questions[int(choice)], raw)
                    if value is not None:
                        result.values[int(choice)] = value
                        answered = True
            except matching.CellError as error:
                result.errors.append(error)
        if not result.errors and not answered:
            result.errors.append(
                _("the row is empty")
                if not any(c.strip() for c in cells)
                else _l("no answer in the columns chosen for questions")
            )
        results.append(result)
    return results


def refused_report(results: list[RowResult]) -> list[dict]:
    """Return [{"row": n, "reason": "..."}] for the refused rows."""
    return [{"row": r.number, "reason": r.reason} for r in results if r.refused]


def submission_key(program_id: int, sha256: str, row: int) -> str:
    """Return a response's key derived from the file and row: a retried import adds nothing."""
    return hashlib.sha256(f"import:{program_id}:{sha256}:{row}".encode()).hexdigest()


def import_responses(
    *, program_id, filename, sha256, results, questions, user_id, language
) -> ImportBatch:
    """Store a batch and one response per accepted row; raise ImportRefused on a second import."""
    batch = ImportBatch(
        program_id=program_id,
        filename=filename[:255],
        file_sha256=sha256,
        imported_by_id=user_id,
        rows_total=len(results),
        rows_imported=sum(1 for r in results if not r.refused),
        rows_refused=sum(1 for r in results if r.refused),
        report=refused_report(results),
    )
    try:
        with db.session.begin_nested():  # the unique (program, hash) settles two confirms at once
            db.session.add(batch)
    except sa.exc.IntegrityError:
        message = earlier_import(program_id, sha256)
        raise ImportRefused(message or _l("This file was already imported.")) from None
    responses = []
    for result in results:
        if result.refused:
            continue
        answers = []
        for question_id, value in result.values.items():
            answers.extend(answers_for(questions[question_id], value))
        responses.append(
            Response(
                program_id=program_id,
                occurrence_id=result.occurrence_id,
                channel=ResponseChannel.IMPORT,
                language=result.language or language,
                submission_key=submission_key(program_id, sha256, result.number),
                import_batch_id=batch.id,
                answers=answers,
            )
        )
    db.session.add_all(responses)
    db.session.flush()
    return batch


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
