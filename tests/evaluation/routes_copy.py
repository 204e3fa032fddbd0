"""Expected access to copying a program into a new draft."""

from tests.routes_expected import CREATORS

ROUTES = {
    # whoever may propose programs; frontline staff may not (see test_copy_program.py)
    "evaluation.program_copy": {"POST": CREATORS},
}
