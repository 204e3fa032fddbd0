"""Import of community survey responses from an online form's export (Google Forms, Microsoft
Forms, LimeSurvey: CSV or xlsx), through the evaluation import's reading, column matching and
row checks.

Each accepted row is stored under a key made of its fingerprint (its time and answers), so a
later, fuller export of the same form imports only the rows not stored before. Services flush,
never commit: the views own the transaction.
"""

import hashlib
from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from program_planner.community.survey import service
from program_planner.community.survey.models import (
    CommunitySurvey,
    SurveyPendingImport,
    SurveyResponse,
)
from program_planner.community.survey.questions import ITEMS
from program_planner.db import locked, utcnow
from program_planner.evaluation.engine import answers_for
from program_planner.evaluation.imports import rows
from program_planner.evaluation.imports.display import preview_table
from program_planner.evaluation.imports.forms import make_mapping_form
from program_planner.evaluation.imports.reading import (
    ImportFileError,
    Table,
    extension_of,
    read_table,
)
from program_planner.evaluation.imports.timestamps import Sessions
from program_planner.evaluation.models import ResponseChannel
from program_planner.extensions import db

MAX_BYTES = 4 * 1024 * 1024  # read in the request: a survey export is small
ABANDONED_AFTER = timedelta(days=1)
KEYS_PER_QUERY = 500
QUESTIONS = {item.question.id: item.question for item in ITEMS}


def read_upload(filename: str, data: bytes) -> Table:
    """Return the table of an uploaded export, or raise ImportFileError with a clear message."""
    max_rows = current_app.config["IMPORT_IN_REQUEST_MAX_ROWS"]
    too_large = _(
        "This file is too large to import here (at most %(mb)s MB and %(rows)s rows): split the "
        "export into several files and import them one after the other.",
        mb=MAX_BYTES // (1024 * 1024),
        rows=max_rows,
    )
    if len(data) > MAX_BYTES:
        raise ImportFileError(too_large)
    table = read_table(data, extension_of(filename))
    if len(table.rows) > max_rows:
        raise ImportFileError(too_large)
    return table


def keep_upload(survey_id: int, user_id: int, filename: str, table: Table) -> SurveyPendingImport:
    """Keep a read export until it is imported, replacing the person's earlier one (flushes)."""
    db.session.execute(
        sa.delete(SurveyPendingImport).where(
            sa.or_(
                SurveyPendingImport.uploaded_at < utcnow() - ABANDONED_AFTER,
                sa.and_(
                    SurveyPendingImport.survey_id == survey_id,
                    SurveyPendingImport.user_id == user_id,
                ),
            )
        )
    )
    pending = SurveyPendingImport(
        survey_id=survey_id,
        user_id=user_id,
        filename=filename[:255],
        cells={"header": table.header, "rows": table.rows},
    )
    db.session.add(pending)
    db.session.flush()
    return pending


def pending_of(survey_id: int, user_id: int) -> SurveyPendingImport | None:
    """Return this person's export waiting to be imported into this survey, if any."""
    return db.session.scalar(
        sa.select(SurveyPendingImport).where(
            SurveyPendingImport.survey_id == survey_id, SurveyPendingImport.user_id == user_id
        )
    )


def table_of(pending: SurveyPendingImport) -> Table:
    """Return the cells kept of a pending export."""
    return Table(header=pending.cells["header"], rows=pending.cells["rows"])


def mapping_form(table: Table, language: str):
    """Return the form mapping the export's columns to the survey's questions (guessed)."""
    return make_mapping_form(
        table.header, table.rows, [i.question for i in ITEMS], language, sessions=False
    )


def _no_sessions() -> Sessions:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return Sessions(zone, timedelta(0), [], attach=False)


def row_key(survey_id: int, fingerprint: str) -> str:
    """Return the submission key a row is stored under (unique across surveys)."""
    return hashlib.sha256(f"survey-import-row:{survey_id}:{fingerprint}".encode()).hexdigest()


def mark_already_imported(survey_id: int, results) -> int:
    """Flag the rows an earlier import into this survey stored; return how many."""
    keyed = {row_key(survey_id, r.fingerprint): r for r in results if not r.refused}
    keys = list(keyed)
    for result in keyed.values():
        result.already = False
    for start in range(0, len(keys), KEYS_PER_QUERY):
        for key in db.session.scalars(
            sa.select(SurveyResponse.submission_key).where(
                SurveyResponse.survey_id == survey_id,
                SurveyResponse.submission_key.in_(keys[start : start + KEYS_PER_QUERY]),
            )
        ):
            keyed[key].already = True
    return sum(1 for r in keyed.values() if r.already)


def check_rows(survey_id: int, table: Table, mapping: list[str], french: bool):
    """Return (row results, preview) of the export read with this mapping."""
    sessions = _no_sessions()
    results = rows.evaluate_rows(table, mapping, QUESTIONS, sessions, None, french)
    mark_already_imported(survey_id, results)
    return results, preview_table(results, mapping, table.header, QUESTIONS, sessions)


def import_rows(survey: CommunitySurvey, results) -> dict:
    """Store one response per accepted row not stored before; return the counts (flushes).

    The survey's row is locked first, so two imports into one survey store one after the other
    and the second finds the first's rows already there.
    """
    db.session.execute(locked(sa.select(CommunitySurvey.id).where(CommunitySurvey.id == survey.id)))
    already = mark_already_imported(survey.id, results)
    refused = sum(1 for r in results if r.refused)
    imported = 0
    for result in results:
        if result.refused or result.already:
            continue
        answers = []
        for question_id, value in result.values.items():
            answers.extend(answers_for(QUESTIONS[question_id], value))
        _response, created = service.store_response(
            survey,
            key=row_key(survey.id, result.fingerprint),
            answers=answers,
            group_ids=[],
            channel=ResponseChannel.IMPORT,
            language=result.language or "en",
            submitted_on=result.sent_at,
        )
        imported += created
    return {"imported": imported, "already": already, "refused": refused}


def discard(pending: SurveyPendingImport) -> None:
    """Delete a pending export once imported (flushes)."""
    db.session.delete(pending)
    db.session.flush()
