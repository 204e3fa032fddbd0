"""The registry of question kinds, keyed by QuestionType."""

from program_planner.evaluation.models import QuestionType

KINDS: dict = {}  # {QuestionType: QuestionKind instance}


def register(cls):
    """Class decorator: make a QuestionKind subclass the kind of its qtype."""
    KINDS[cls.qtype] = cls()
    return cls


def kind_of(question_or_type):
    """Return the kind of a question (or of a QuestionType or its value)."""
    qtype = getattr(question_or_type, "qtype", question_or_type)
    return KINDS[QuestionType(qtype)]


def types_where(flag: str) -> tuple:
    """Return the question types whose kind sets flag (for SQL filters: qtype IN …)."""
    return tuple(qtype for qtype, kind in KINDS.items() if getattr(kind, flag))
