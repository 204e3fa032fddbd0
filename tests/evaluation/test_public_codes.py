"""The short code printed on paper forms opens the form for people who type rather than scan."""

import re

import pytest
import sqlalchemy as sa

from program_planner.evaluation.models import LINK_CODE_ALPHABET, EvaluationLink
from tests.conftest import query
from tests.evaluation.factories_public import make_public_form


@pytest.fixture
def form(clean_app, make_user, branch):
    owner = make_user("programmer")
    return make_public_form(clean_app, owner.id, branch)


def code_of(app, form) -> str:
    return query(app, sa.select(EvaluationLink.code).where(EvaluationLink.token == form.token))[0]


def test_every_link_has_a_short_code_that_reads_aloud(clean_app, form):
    code = code_of(clean_app, form)
    assert re.fullmatch(f"[{LINK_CODE_ALPHABET}]{{8}}", code)
    assert not set("01OIL") & set(code)


def test_the_paper_form_prints_the_code_and_where_to_type_it(clean_app, client, form, login_as):
    login_as("frontline")
    code = code_of(clean_app, form)
    page = client.get(f"/programs/{form.program_id}/paper-form").get_data(as_text=True)
    assert f'<strong class="paper-code" id="paper-code">{code[:4]}-{code[4:]}</strong>' in page
    assert "Or go to localhost/code and type the code" in page
    assert f'<span class="paper-token">{form.token}</span>' in page  # never broken inside
    page = client.get(f"/programs/{form.program_id}/paper-form?lang=fr").get_data(as_text=True)
    assert "Ou allez à localhost/code et tapez le code" in page


def test_a_typed_code_opens_the_form_in_the_readers_language(clean_app, client, form):
    code = code_of(clean_app, form)
    typed = f" {code[:4].lower()}-{code[4:]} "
    response = client.get("/code", query_string={"code": typed, "lang": "fr"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/f/{form.token}?lang=fr"
    assert "Computer basics for seniors" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_a_wrong_code_says_so_and_keeps_what_was_typed(clean_app, client, form):
    page = client.get("/code")
    assert page.status_code == 200 and "Type the code printed under the QR code" in page.text
    for typed in ("ABCD-EFGH", "x", "0" * 500, "<script>"):
        response = client.get("/code", query_string={"code": typed})
        assert response.status_code == 422
        text = response.get_data(as_text=True)
        assert "No form has this code." in text
        assert 'value="' + typed.replace("<", "&lt;").replace(">", "&gt;") + '"' in text
    french = client.get("/code", query_string={"code": "ZZZZ", "lang": "fr"}).get_data(as_text=True)
    assert "Aucun formulaire n’a ce code." in french and 'value="ZZZZ"' in french
