"""Match a file's columns to questions and its cells to the values the form engine stores."""

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from difflib import SequenceMatcher

from flask_babel import gettext as _

from program_planner.evaluation.engine import (
    ANSWER_NUMBER_LIMIT,
    FREE_TEXT_MAX,
    NOT_APPLICABLE,
    NUMBER_TEXT_MAX,
    parse_number,
    strip_control_characters,
)
from program_planner.evaluation.models import Question, QuestionType

IGNORE = ""
SESSION_DATE = "session_date"
LANGUAGE = "language"
NUMBER_LIMIT = ANSWER_NUMBER_LIMIT  # what an answer's Numeric(12, 2) holds
GUESS_THRESHOLD = 0.6

AGREEMENT_WORDS = {
    "5": ("strongly agree", "tout a fait d'accord", "tres d'accord", "fortement d'accord"),
    "4": ("agree", "d'accord", "plutot d'accord"),
    "3": (
        "neither agree nor disagree",
        "neutral",
        "ni d'accord ni en desaccord",
        "ni en accord ni en desaccord",
        "neutre",
    ),
    "2": ("disagree", "en desaccord", "pas d'accord", "plutot en desaccord"),
    "1": (
        "strongly disagree",
        "pas du tout d'accord",
        "tout a fait en desaccord",
        "fortement en desaccord",
    ),
    NOT_APPLICABLE: (
        "not applicable",
        "n/a",
        "na",
        "does not apply",
        "sans objet",
        "s/o",
        "so",
        "ne s'applique pas",
        "non applicable",
    ),
}
YES_WORDS = ("yes", "y", "oui", "o", "1", "true", "vrai")
NO_WORDS = ("no", "n", "non", "0", "false", "faux")
LANGUAGE_WORDS = {
    "en": ("en", "english", "anglais", "eng"),
    "fr": ("fr", "french", "francais", "fra", "fre"),
}
SESSION_HEADERS = ("session date", "date of the session", "date de la seance", "seance", "session")
LANGUAGE_HEADERS = ("language", "langue", "form language", "langue du formulaire")


def normalize(text) -> str:
    """Return text lower-cased, without accents, curly quotes or repeated spaces, for matching."""
    text = unicodedata.normalize("NFKD", str(text or "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip(" .:?!*")


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
    scored = []
    for index, head in enumerate(normalized):
        if guesses[index] != IGNORE:
            continue
        for question in questions:
            texts = (normalize(question.text_en), normalize(question.text_fr), question.code)
            score = max(_similarity(head, t) for t in texts)
            if score >= GUESS_THRESHOLD:
                scored.append((score, -index, index, str(question.id)))
    taken = set()
    for _score, _order, index, value in sorted(scored, reverse=True):
        if guesses[index] == IGNORE and value not in taken:
            guesses[index] = value
            taken.add(value)
    return guesses


class CellError(ValueError):
    """A cell's value cannot be stored as an answer to its question; the message says why."""


def _as_decimal(raw: str):
    """Return a cell's number, as a person types it (1,000; 2,5) or a sheet writes it (1E-05)."""
    value = parse_number(raw)
    if value is not None:
        return value
    text = raw.strip()
    if len(text) > NUMBER_TEXT_MAX or not re.fullmatch(r"[-+]?[0-9.]+[eE][-+]?[0-9]{1,3}", text):
        return None
    value = Decimal(text)
    return value if value.is_finite() else None


def _scale(raw: str, top: int):
    number = _as_decimal(raw)
    if number is not None and number == number.to_integral_value() and 1 <= number <= top:
        return str(int(number))
    return None


def _match_choice(question: Question, raw: str):
    wanted = normalize(raw)
    for choice in question.choices:
        labels = (choice.get("value"), choice.get("en"), choice.get("fr"))
        if wanted in {normalize(label) for label in labels if label}:
            return choice["value"]
    return None


def _multiple(question: Question, raw: str) -> list[str]:
    whole = _match_choice(question, raw)
    if whole is not None:
        return [whole]
    values = []
    for part in (p.strip() for p in raw.split(";")):
        if not part:
            continue
        found = _match_choice(question, part)
        pieces = [found] if found is not None else None
        if pieces is None:
            pieces = []
            for piece in (p.strip() for p in part.split(",") if p.strip()):
                found = _match_choice(question, piece)
                if found is None:
                    raise CellError(_unknown_choice(piece, question))
                pieces.append(found)
        values.extend(v for v in pieces if v not in values)
    return values


def _unknown_choice(raw: str, question: Question):
    return _(
        "“%(value)s” is not a choice of “%(question)s”",
        value=_short(raw),
        question=_short(question.text_en, 60),
    )


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def convert(question: Question, raw: str):
    """Return the engine's value for a cell (None when blank), or raise CellError."""
    raw = strip_control_characters(raw)
    if raw == "":
        return None
    qtype = question.qtype
    if qtype == QuestionType.AGREEMENT:
        value = _scale(raw, 5)
        if value is None:
            wanted = normalize(raw)
            value = next((k for k, words in AGREEMENT_WORDS.items() if wanted in words), None)
        if value is None:
            raise CellError(
                _(
                    "“%(value)s” is not an answer on the agreement scale of “%(question)s” "
                    "(1 to 5, or Strongly agree … Strongly disagree, N/A)",
                    value=_short(raw),
                    question=_short(question.text_en, 60),
                )
            )
        return value
    if qtype == QuestionType.RATING:
        value = _scale(raw, 5)
        if value is None:
            raise CellError(
                _(
                    "“%(value)s” is not a rating from 1 to 5 for “%(question)s”",
                    value=_short(raw),
                    question=_short(question.text_en, 60),
                )
            )
        return value
    if qtype == QuestionType.YES_NO:
        wanted = normalize(raw)
        if wanted in YES_WORDS:
            return "1"
        if wanted in NO_WORDS:
            return "0"
        raise CellError(
            _(
                "“%(value)s” is not yes or no for “%(question)s”",
                value=_short(raw),
                question=_short(question.text_en, 60),
            )
        )
    if qtype == QuestionType.SINGLE_CHOICE:
        value = _match_choice(question, raw)
        if value is None:
            raise CellError(_unknown_choice(raw, question))
        return value
    if qtype == QuestionType.MULTIPLE_CHOICE:
        return _multiple(question, raw) or None
    if qtype == QuestionType.NUMBER:
        return _number(question, raw)
    if len(raw) > FREE_TEXT_MAX:
        raise CellError(
            _(
                "the answer to “%(question)s” is too long (%(n)s characters, at most %(max)s)",
                question=_short(question.text_en, 60),
                n=len(raw),
                max=FREE_TEXT_MAX,
            )
        )
    return raw


def _number(question: Question, raw: str) -> str:
    value = _as_decimal(raw)
    low = question.min_value if question.min_value is not None else -NUMBER_LIMIT
    high = question.max_value if question.max_value is not None else NUMBER_LIMIT
    if value is None:
        raise CellError(
            _(
                "“%(value)s” is not a number for “%(question)s”",
                value=_short(raw),
                question=_short(question.text_en, 60),
            )
        )
    if not low <= value <= high:
        raise CellError(
            _(
                "%(value)s is out of range for “%(question)s” (%(low)s to %(high)s)",
                value=_short(raw),
                question=_short(question.text_en, 60),
                low=low,
                high=high,
            )
        )
    return format(value.normalize(), "f")  # 2.5, and 1000 for 1E+3


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
