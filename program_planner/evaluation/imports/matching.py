"""Match a file's columns to questions and its cells to the values the form engine stores."""

import hashlib
import json
import re
from datetime import date, datetime
from difflib import SequenceMatcher

from flask_babel import gettext as _

from program_planner.evaluation.imports.timestamps import time_column
from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.kinds.base import (
    ANSWER_NUMBER_LIMIT,
    CellError,
    normalize,
    short,
    strip_control_characters,
)
from program_planner.evaluation.models import Question

__all__ = [
    "CellError",
    "convert",
    "convert_language",
    "guess_mapping",
    "header_language",
    "mapping_fingerprint",
    "mapping_fits",
    "normalize",
    "option_of",
    "ticked",
]

IGNORE = ""
SESSION_DATE = "session_date"
SENT_AT = "sent_at"
LANGUAGE = "language"
SPECIALS = (SESSION_DATE, SENT_AT, LANGUAGE)
NUMBER_LIMIT = ANSWER_NUMBER_LIMIT  # what an answer's Numeric(12, 2) holds
GUESS_THRESHOLD = 0.6

LANGUAGE_WORDS = {
    "en": ("en", "english", "anglais", "eng"),
    "fr": ("fr", "french", "francais", "fra", "fre"),
}
SESSION_HEADERS = ("session date", "date of the session", "date de la seance", "seance", "session")
OPTION_HEADER = re.compile(r"(?P<stem>.*\S)\s*\[(?P<option>[^\[\]]+)\]")
TICKED = ("yes", "y", "1", "oui", "o", "x", "true", "vrai", "checked", "coche", "selected")
NOT_TICKED = ("", "no", "n", "0", "non", "false", "faux", "not selected", "non coche", "-")
LANGUAGE_HEADERS = (
    "language",
    "langue",
    "form language",
    "langue du formulaire",
    "startlanguage",
    "start language",
    "langue de depart",
)


def _similarity(header: str, text: str) -> float:
    if not header or not text:
        return 0.0
    if header == text:
        return 1.0
    if len(text) >= 8 and text in header:
        return 0.9  # e.g. Google Forms' "Rate the session [I learned something new]"
    return SequenceMatcher(None, header, text).ratio()


def guess_mapping(header: list[str], questions: list[Question]) -> list[str]:
    """Return a mapping choice per column: the best-matching question id, a special, or ignore.

    Each question goes to at most one column, the closest header first.
    """
    normalized = [normalize(h) for h in header]
    guesses = [IGNORE] * len(header)
    for special, words in ((SESSION_DATE, SESSION_HEADERS), (LANGUAGE, LANGUAGE_HEADERS)):
        index = next((i for i, head in enumerate(normalized) if head in words), None)
        if index is not None and guesses[index] == IGNORE:
            guesses[index] = special
    index = time_column(header)
    if index is not None and guesses[index] == IGNORE:
        guesses[index] = SENT_AT
    _guess_option_columns(header, questions, guesses)
    scored = []
    for index, head in enumerate(normalized):
        if guesses[index] != IGNORE:
            continue
        for question in questions:
            texts = (normalize(question.text_en), normalize(question.text_fr), question.code)
            score = max(_similarity(head, t) for t in texts)
            if score >= GUESS_THRESHOLD:
                scored.append((score, -index, index, str(question.id)))
    taken = {g for g in guesses if g and g not in SPECIALS}
    for _score, _order, index, value in sorted(scored, reverse=True):
        if guesses[index] == IGNORE and value not in taken:
            guesses[index] = value
            taken.add(value)
    return guesses


def mapping_fingerprint(mapping: list[str]) -> str:
    """Return a short digest of a mapping, to tell whether a preview still applies."""
    return hashlib.sha256(json.dumps(list(mapping)).encode()).hexdigest()[:16]


def mapping_fits(mapping: list[str], header: list[str], questions: dict) -> bool:
    """Return whether a mapping made earlier still fits the file's columns and the questions."""
    return len(mapping) == len(header) and all(
        not choice or choice in SPECIALS or (choice.isdigit() and int(choice) in questions)
        for choice in mapping
    )


def header_language(header: list[str], mapping: list[str], questions: dict) -> str | None:
    """Return the language of the question labels a file's headers use ("fr", "en"), if clear.

    Each column mapped to a question votes for the language whose wording its header is closer
    to; a tie says nothing.
    """
    votes = {"en": 0, "fr": 0}
    for column, choice in enumerate(mapping):
        if not choice.isdigit() or int(choice) not in questions:
            continue
        question = questions[int(choice)]
        parts = option_of(header[column])
        head = normalize(parts[0] if parts else header[column])
        english = _similarity(head, normalize(question.text_en))
        french = _similarity(head, normalize(question.text_fr))
        if english != french:
            votes["en" if english > french else "fr"] += 1
    if votes["en"] == votes["fr"]:
        return None
    return "en" if votes["en"] > votes["fr"] else "fr"


def option_of(header: str) -> tuple[str, str] | None:
    """Return (question, option) of a one-column-per-option header: "Topics [Budgeting]"."""
    found = OPTION_HEADER.fullmatch(strip_control_characters(header))
    return (found["stem"].strip(), found["option"].strip()) if found else None


def _guess_option_columns(header, questions, guesses) -> None:
    """Map each "Question [Option]" column to a question of several options whose choice it is."""
    several = [q for q in questions if kind_of(q).several]
    for index, name in enumerate(header):
        parts = option_of(name) if guesses[index] == IGNORE else None
        if parts is None:
            continue
        stem = normalize(parts[0])
        for question in several:
            texts = (normalize(question.text_en), normalize(question.text_fr), question.code)
            if max(_similarity(stem, t) for t in texts) < GUESS_THRESHOLD:
                continue
            try:
                kind_of(question).from_cell(question, parts[1])
            except CellError:
                continue
            guesses[index] = str(question.id)
            break


def ticked(raw: str) -> bool:
    """Return whether an option column's cell says the option was ticked, or raise CellError."""
    word = normalize(strip_control_characters(raw))
    if word in TICKED:
        return True
    if word in NOT_TICKED:
        return False
    raise CellError(_("“%(value)s” is neither Yes nor blank", value=_short(raw)))


def _short(text: str, limit: int = 40) -> str:
    return short(text, limit)


def convert(question: Question, raw: str):
    """Return the engine's value for a cell (None when blank), or raise CellError."""
    raw = strip_control_characters(raw)
    if raw == "":
        return None
    return kind_of(question).from_cell(question, raw)


def convert_language(raw: str) -> str | None:
    """Return "en" or "fr" for a language cell (None when blank), or raise CellError."""
    wanted = normalize(strip_control_characters(raw))
    if not wanted:
        return None
    wanted = re.split(r"[-_ ]", wanted)[0] if len(wanted) > 3 and wanted[2:3] in "-_" else wanted
    for code, words in LANGUAGE_WORDS.items():
        if wanted in words:
            return code
    raise CellError(_("“%(value)s” is not a language (English or French)", value=_short(raw)))


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d/%m/%y", "%m/%d/%y", "%d.%m.%Y")


def candidate_dates(raw: str) -> list[date]:
    """Return the dates a cell may mean (both readings of 03/04/2027), time of day ignored."""
    text = strip_control_characters(raw).replace("T", " ")
    day_part = text.split(" ")[0] if text else ""
    found = []
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(day_part, fmt).date()
        except ValueError:
            continue
        if day not in found:
            found.append(day)
    return found
