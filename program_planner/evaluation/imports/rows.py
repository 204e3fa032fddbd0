"""The rows of an import: what each would store, when it was sent, its session, its fingerprint.

A row is refused only for its answers (or a date still to come); a session that cannot be found
or a time that cannot be read is noted, and the response is kept without a session.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from program_planner.db import utcnow
from program_planner.evaluation.imports import matching, timestamps
from program_planner.evaluation.imports.reading import Table
from program_planner.evaluation.models import Response
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence

PROGRESS_EVERY = 500  # rows checked between two progress reports of an import job
KEYS_PER_QUERY = 500


@dataclass
class RowResult:
    """One data row: the values it would store (or why it is refused), and what to know of it."""

    number: int
    values: dict = field(default_factory=dict)  # question id -> engine value
    occurrence_id: int | None = None
    language: str | None = None
    sent_at: datetime | None = None
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # kept, but worth a word: no session, no time
    fingerprint: str = ""
    already: bool = False  # an earlier import of this program stored this row
    time_unread: bool = False  # its time column holds something that is not a time

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    @property
    def reason(self) -> str:
        return "; ".join(str(e) for e in self.errors)

    @property
    def note(self) -> str:
        return "; ".join(str(n) for n in self.notes)


def load_sessions(program_id: int, config) -> timestamps.Sessions:
    """Return a program's sessions, to attach imported responses to (config: the app's)."""
    timezone = config["BABEL_DEFAULT_TIMEZONE"]
    window_hours = config["IMPORT_SESSION_WINDOW_HOURS"]
    starts = list(
        db.session.execute(
            sa.select(Occurrence.starts_at, Occurrence.id)
            .where(Occurrence.program_id == program_id)
            .order_by(Occurrence.starts_at, Occurrence.id)
        ).tuples()
    )
    return timestamps.Sessions(ZoneInfo(timezone), timedelta(hours=window_hours), starts)


def _session(raw: str, days: dict):
    """Return the session of a "session date" cell (None when blank), or raise CellError."""
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


@dataclass
class _Plan:
    """How a mapping reads a row: which columns answer which question, where time is."""

    single: list  # [(column, question id)]
    options: dict  # question id -> [(column, option label)]
    special: dict  # special choice -> column
    first_is_day: bool = False
    language: str | None = None  # of the question labels in the headers, when clear

    @classmethod
    def of(cls, table: Table, mapping: list[str], questions: dict, day_first_default: bool):
        columns = {}
        for column, choice in enumerate(mapping):
            if choice:
                columns.setdefault(choice, []).append(column)
        special = {c: cols[0] for c, cols in columns.items() if c in matching.SPECIALS}
        single, options = [], {}
        for choice, cols in columns.items():
            if choice in matching.SPECIALS:
                continue
            split = [(c, matching.option_of(table.header[c])) for c in cols]
            if len(cols) > 1 or (split[0][1] and _is_option(questions[int(choice)], split[0][1])):
                options[int(choice)] = [(c, parts[1] if parts else "") for c, parts in split]
            else:
                single.append((cols[0], int(choice)))
        plan = cls(single, options, special)
        plan.language = matching.header_language(table.header, mapping, questions)
        if matching.SENT_AT in special:
            values = (row[special[matching.SENT_AT]] for row in table.rows)
            plan.first_is_day = timestamps.day_first(values, day_first_default)
        return plan


def _is_option(question, parts) -> bool:
    """Return whether "Question [Option]" names one of a several-options question's choices."""
    if not matching.kind_of(question).several:
        return False
    try:
        matching.convert(question, parts[1])
    except matching.CellError:
        return False
    return True


def _option_value(question, cells, columns):
    ticked = [label for column, label in columns if matching.ticked(cells[column])]
    return matching.convert(question, ";".join(ticked)) if ticked else None


def _read_answers(result, cells, plan, questions) -> bool:
    reads = [(q, lambda q=q, c=c: matching.convert(questions[q], cells[c])) for c, q in plan.single]
    reads += [
        (q, lambda q=q, cols=cols: _option_value(questions[q], cells, cols))
        for q, cols in plan.options.items()
    ]
    for question_id, read in reads:
        try:
            value = read()
        except matching.CellError as error:
            result.errors.append(error)
            continue
        if value is not None:
            result.values[question_id] = value
    return bool(result.values)


def _read_time(result, cells, plan, sessions, today) -> None:
    raw = cells[plan.special[matching.SENT_AT]] if matching.SENT_AT in plan.special else ""
    if not raw.strip():
        return
    try:
        result.sent_at = timestamps.parse(raw, first_is_day=plan.first_is_day, local=sessions.zone)
    except ValueError:
        result.time_unread = True
        result.notes.append(
            _("the time “%(value)s” could not be read", value=matching.short(raw, 40))
        )
        return
    if result.sent_at.astimezone(sessions.zone).date() > today:
        result.errors.append(_l("it is dated in the future"))


def _read_session(result, cells, plan, sessions) -> None:
    column = plan.special.get(matching.SESSION_DATE)
    raw = cells[column] if column is not None else ""
    try:
        result.occurrence_id = _session(raw, sessions.days)
    except matching.CellError as error:
        result.notes.append(error)
    if result.occurrence_id is None and result.sent_at is not None:
        result.occurrence_id = sessions.at(result.sent_at)
    looked = column is not None or matching.SENT_AT in plan.special
    if result.occurrence_id is None and looked:
        result.notes.append(_l("kept without a session"))


def _evaluate_row(number, cells, plan, questions, sessions, today) -> RowResult:
    result = RowResult(number)
    answered = _read_answers(result, cells, plan, questions)
    if matching.LANGUAGE in plan.special:
        try:
            result.language = matching.convert_language(cells[plan.special[matching.LANGUAGE]])
        except matching.CellError as error:
            result.errors.append(error)
    result.language = result.language or plan.language  # French labels: a French response
    _read_time(result, cells, plan, sessions, today)
    if not result.errors and not answered:
        result.errors.append(
            _("the row is empty")
            if not any(c.strip() for c in cells)
            else _l("no answer in the columns chosen for questions")
        )
    if not result.refused and sessions.attach:
        _read_session(result, cells, plan, sessions)
    return result


def evaluate_rows(
    table: Table, mapping, questions: dict, sessions, progress=None, day_first_default=False
):
    """Return a RowResult per data row of table, with mapping[i] the choice for column i.

    progress(rows done, rows in all), when given, is called every PROGRESS_EVERY rows.
    """
    plan = _Plan.of(table, mapping, questions, day_first_default)
    today = utcnow().astimezone(sessions.zone).date()
    results = []
    width = len(mapping)
    for number, cells in table.numbered_rows():
        if progress is not None and results and len(results) % PROGRESS_EVERY == 0:
            progress(len(results), len(table.rows))
        cells = cells + [""] * (width - len(cells))
        results.append(_evaluate_row(number, cells, plan, questions, sessions, today))
    _fingerprint(results)
    return results


def _fingerprint(results) -> None:
    """Give each accepted row a fingerprint: its time and answers, and which copy of them it is.

    Two rows alike in one file (the same answers, no time) are two people: the second copy
    gets its own fingerprint, so a later export holding a third copy imports only that one.
    """
    copies = {}
    for result in results:
        if result.refused:
            continue
        when = result.sent_at.isoformat() if result.sent_at else ""
        answers = sorted(
            (str(q), sorted(map(str, v)) if isinstance(v, list) else str(v))
            for q, v in result.values.items()
        )
        base = hashlib.sha256(json.dumps([when, answers]).encode()).hexdigest()
        copies[base] = copies.get(base, 0) + 1
        result.fingerprint = f"{base}:{copies[base]}"


def row_key(program_id: int, fingerprint: str) -> str:
    """Return the key a response imported from a row is stored under (unique across the app)."""
    return hashlib.sha256(f"import-row:{program_id}:{fingerprint}".encode()).hexdigest()


def mark_already_imported(program_id: int, results) -> int:
    """Flag the rows an earlier import of this program stored; return how many."""
    keyed = {row_key(program_id, r.fingerprint): r for r in results if not r.refused}
    for result in keyed.values():
        result.already = False
    keys = list(keyed)
    for start in range(0, len(keys), KEYS_PER_QUERY):
        for key in db.session.scalars(
            sa.select(Response.submission_key).where(
                Response.program_id == program_id,
                Response.submission_key.in_(keys[start : start + KEYS_PER_QUERY]),
            )
        ):
            keyed[key].already = True
    return sum(1 for r in keyed.values() if r.already)
