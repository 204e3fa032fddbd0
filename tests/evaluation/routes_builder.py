"""Expected access to the evaluation builder routes."""

from tests.routes_expected import ANON, DENIED, LOGIN, OK, REVIEWERS

# A program's evaluation form: its owner and reviewers (coordinators, admins) until it is closed;
# frontline staff do not change forms.
FORM_EDITORS = {ANON: LOGIN, "programmer": OK, "frontline": DENIED, "coordinator": OK, "admin": OK}
BOTH = ("GET", "POST")

ROUTES = {
    "evaluation.bank_questions": {"GET": REVIEWERS},
    "evaluation.bank_question_edit": {m: REVIEWERS for m in BOTH},
    "evaluation.bank_question_set_active": {"POST": REVIEWERS},
    "evaluation.form_templates": {"GET": REVIEWERS},
    "evaluation.form_template_edit": {m: REVIEWERS for m in BOTH},
    "evaluation.form_template_add_questions": {"POST": REVIEWERS},
    "evaluation.form_template_question_move": {"POST": REVIEWERS},
    "evaluation.form_template_question_required": {"POST": REVIEWERS},
    "evaluation.form_template_question_delete": {"POST": REVIEWERS},
    "evaluation.evaluation_form_template": {m: FORM_EDITORS for m in BOTH},
    "evaluation.evaluation_form_bank": {m: FORM_EDITORS for m in BOTH},
    "evaluation.evaluation_form_own": {m: FORM_EDITORS for m in BOTH},
    "evaluation.evaluation_form_question": {m: FORM_EDITORS for m in BOTH},
    "evaluation.evaluation_form_question_move": {"POST": FORM_EDITORS},
    "evaluation.evaluation_form_question_delete": {"POST": FORM_EDITORS},
}
