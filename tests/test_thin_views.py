"""Views stay thin: no view function is longer than 25 lines (ENGINEERING.md: ~15 lines)."""

import ast
import inspect
from pathlib import Path

import pytest

from program_planner import create_app

MAX_LINES = 25


def view_lengths() -> dict[str, int]:
    """Map each view function of the app to its length from `def` to its last line."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    lengths = {}
    for view in app.view_functions.values():
        function = inspect.unwrap(view)
        if not function.__module__.startswith("program_planner"):
            continue
        lengths[f"{function.__module__}.{function.__qualname__}"] = _length(function)
    return lengths


def _length(function) -> int:
    """Count the lines of a function's definition, read from its file's syntax tree."""
    tree = ast.parse(Path(function.__code__.co_filename).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function.__name__:
            return node.end_lineno - node.lineno + 1
    raise LookupError(function.__qualname__)


@pytest.fixture(scope="module")
def lengths():
    return view_lengths()


def test_no_view_is_longer_than_25_lines(lengths):
    """A long view keeps its rules out of services; move them into a helper or service."""
    too_long = {name: count for name, count in lengths.items() if count > MAX_LINES}
    assert too_long == {}


def test_the_measure_counts_from_def_to_the_last_line():
    @pytest.mark.skip  # a decorator is not counted
    def sample():  # pragma: no cover - measured, never called
        first = 1
        return first

    assert _length(sample) == 3
