"""The preview of an import: the first rows as they would be stored, in words, and the counts."""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from program_planner.evaluation.engine import current_language
from program_planner.evaluation.imports import matching
from program_planner.evaluation.imports.service import PREVIEW_ROWS
from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.models import Question
from program_planner.i18n import format_when

TEXT_SHOWN = 200
NOTES_SHOWN = 200


def shown_value(question: Question, value, language: str) -> str:
    """Return a stored value the way a person reads it."""
    text = kind_of(question).shown_value(question, value, language)
    return text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1] + "…"


def _columns(mapping, questions, sessions, language):
    """Return [(title, getter of a row's cell)] for the columns the mapping keeps."""

    def session(r):
        return format_date(sessions.day_of(r.occurrence_id), "medium") if r.occurrence_id else ""

    def sent(r):
        return format_when(r.sent_at) if r.sent_at else ""

    columns, seen = [], set()
    for choice in mapping:
        if choice in seen or choice == matching.IGNORE:
            continue
        seen.add(choice)
        at_session = choice in (matching.SESSION_DATE, matching.SENT_AT) and sessions.attach
        if at_session and "session" not in seen:
            seen.add("session")
            columns.append((_l("Session"), session))
        if choice == matching.SENT_AT:
            columns.append((_l("Sent"), sent))
        elif choice == matching.SESSION_DATE:
            continue
        elif choice == matching.LANGUAGE:
            columns.append((_l("Language"), lambda r: (r.language or "").upper()))
        else:
            question = questions[int(choice)]
            columns.append(
                (
                    question.text(language),
                    lambda r, q=question: (
                        shown_value(q, r.values[q.id], language) if q.id in r.values else ""
                    ),
                )
            )
    return columns


def preview_table(results, mapping, header, questions, sessions) -> dict:
    """Return the preview: column titles, the first rows' cells (or refusal), the counts.

    Plain values only (strings and numbers), so a preview made by a job can be kept as JSON.
    """
    columns = _columns(mapping, questions, sessions, current_language())
    rows = []
    for result in results[:PREVIEW_ROWS]:
        cells = None if result.refused else [str(get(result)) for _title, get in columns]
        rows.append(
            {
                "number": result.number,
                "cells": cells,
                "reason": result.reason,
                "note": "" if result.refused else result.note,
                "already": result.already,
            }
        )
    refused = [r for r in results if r.refused]
    accepted = [r for r in results if not r.refused]
    fresh = [r for r in accepted if not r.already]
    return {
        "titles": [str(title) for title, _get in columns],
        "rows": rows,
        "total": len(results),
        "accepted": len(accepted),
        "already": len(accepted) - len(fresh),
        "new": len(fresh),
        "without_session": (
            sum(1 for r in fresh if r.occurrence_id is None) if sessions.attach else 0
        ),
        "time_unread": sum(1 for r in fresh if r.time_unread),
        "refused": [{"row": r.number, "reason": r.reason} for r in refused],
        "notes": [{"row": r.number, "note": r.note} for r in fresh if r.notes][:NOTES_SHOWN],
        "header": list(header),
    }
