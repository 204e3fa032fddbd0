"""Question types are branched on only in evaluation/kinds/: anywhere else asks the kind."""

import re
from pathlib import Path

from program_planner.evaluation.kinds import KINDS
from program_planner.evaluation.models import QuestionType

PACKAGE = Path(__file__).resolve().parents[2] / "program_planner"
KINDS_DIR = PACKAGE / "evaluation" / "kinds"

# A file outside kinds/ may name a question type only for one of these reasons.
ALLOWED = {
    "evaluation/models.py": "defines QuestionType and its labels",
    "evaluation/followup/standard.py": "seed data: the standard follow-up questions, typed",
    "community/survey/questions.py": "seed data: the community needs survey's questions, typed",
}

PYTHON_BRANCHES = [
    re.compile(r"QuestionType\.[A-Z_]+\b"),  # a named type: QuestionType.YES_NO
    re.compile(r"qtype(\.value)?\s*(==|!=)\s*[\"']"),  # qtype == "yes_no"
    re.compile(r"qtype(\.value)?\s*(not\s+)?in\s*[\(\[\{\"']"),  # qtype in ("rating", …)
]
TEMPLATE_BRANCHES = [
    re.compile(r"qtype(\.value)?\s*(==|!=|(not\s+)?in\b)"),  # {% if q.qtype.value == 'yes_no' %}
]

SCRIPT_BRANCHES = [
    re.compile(r"data-qtype|\b(yes_no|single_choice|multiple_choice|free_text)\b"),  # KEYS[qtype]
]


def _branches(path: Path, patterns) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if any(pattern.search(line) for pattern in patterns):
            found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    return found


def test_no_code_outside_kinds_branches_on_the_question_type():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.is_relative_to(KINDS_DIR) or relative in ALLOWED:
            continue
        found += _branches(path, PYTHON_BRANCHES)
    for path in sorted(PACKAGE.rglob("*.html")):
        found += _branches(path, TEMPLATE_BRANCHES)
    for path in sorted(PACKAGE.rglob("*.js")):
        found += _branches(path, SCRIPT_BRANCHES)
    assert found == [], "ask kind_of(question) instead:\n" + "\n".join(found)


def test_the_guard_catches_a_branch(tmp_path):
    """The patterns above find the branches this package used to have."""
    python = tmp_path / "sample.py"
    python.write_text(
        "if question.qtype == QuestionType.YES_NO:\n    pass\n"
        "if qtype in ('rating', 'yes_no'):\n    pass\n"
        'if row.qtype.value != "number":\n    pass\n',
        encoding="utf-8",
    )
    template = tmp_path / "sample.html"
    template.write_text("{% if q.qtype.value == 'yes_no' %}yes{% endif %}\n", encoding="utf-8")
    lines = (python.read_text() + template.read_text()).splitlines()
    flagged = [
        line for line in lines if any(p.search(line) for p in PYTHON_BRANCHES + TEMPLATE_BRANCHES)
    ]
    assert len(flagged) == 4


def test_every_question_type_has_a_kind():
    assert set(KINDS) == set(QuestionType)
    for qtype, kind in KINDS.items():
        assert kind.qtype is qtype
