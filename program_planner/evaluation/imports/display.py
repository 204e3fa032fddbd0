"""The preview of an import: the first rows as they would be stored, in words."""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from program_planner.evaluation.engine import current_language
from program_planner.evaluation.imports import matching
from program_planner.evaluation.imports.service import PREVIEW_ROWS
from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.models import Question

TEXT_SHOWN = 200


def shown_value(question: Question, value, language: str) -> str:
    """Return a stored value the way a person reads it."""
    text = kind_of(question).shown_value(question, value, language)
    return text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1] + "…"


def preview_table(results, mapping, header, questions, days) -> dict:
    """Return the preview: column titles, the first rows' cells (or refusal), the counts."""
    language = current_language()
    session_days = {occurrence_id: day for day, occurrence_id in days.items()}
    columns = []  # (title, getter)
    for choice in mapping:
        if choice == matching.SESSION_DATE:
            columns.append(
                (
                    _l("Session"),
                    lambda r: (
                        format_date(session_days[r.occurrence_id], "medium")
                        if r.occurrence_id
                        else ""
                    ),
                )
            )
        elif choice == matching.LANGUAGE:
            columns.append((_l("Language"), lambda r: (r.language or "").upper()))
        elif choice:
            question = questions[int(choice)]
            columns.append(
                (
                    question.text(language),
                    lambda r, q=question: (
                        shown_value(q, r.values[q.id], language) if q.id in r.values else ""
                    ),
                )
            )
    rows = []
    for result in results[:PREVIEW_ROWS]:
        cells = None if result.refused else [getter(result) for _title, getter in columns]
        rows.append({"number": result.number, "cells": cells, "reason": result.reason})
    refused = [r for r in results if r.refused]
    return {
        "titles": [title for title, _getter in columns],
        "rows": rows,
        "total": len(results),
        "accepted": len(results) - len(refused),
        "refused": [{"row": r.number, "reason": r.reason} for r in refused],
        "header": header,
    }
