"""Question kinds: one class per QuestionType owning everything that differs between types.

Its public form field and validation, its answer rows, its rapid-entry keys and paper-form
layout, the parsing of an imported cell, its Excel cell and its report summary. Code outside
this package asks `kind_of(question)` instead of comparing question types
(tests/evaluation/test_kinds_only_here.py fails when it does).
"""

from program_planner.evaluation.kinds.registry import KINDS, kind_of, register, types_where

# importing a kind's module registers it
from program_planner.evaluation.kinds import (  # noqa: E402, F401  isort: skip
    agreement,
    choice,
    free_text,
    nps,
    number,
    rating,
    yes_no,
)

__all__ = ["KINDS", "kind_of", "register", "types_where"]
