"""The printable paper form: the same questions, boxes to tick, the QR code, in either language."""

import pytest
import sqlalchemy as sa

from program_planner.evaluation.models import Question
from program_planner.extensions import db
from tests.conftest import query
from tests.evaluation.factories_public import EVERY_TYPE, make_public_form


@pytest.fixture
def form(clean_app, make_user, branch):
    owner = make_user("programmer")
    return make_public_form(clean_app, owner.id, branch)


@pytest.mark.parametrize("role", ["programmer", "frontline", "coordinator", "admin"])
def test_paper_form_has_every_question_and_the_qr_code(client, form, login_as, role):
    login_as(role)
    response = client.get(f"/programs/{form.program_id}/paper-form")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for _suffix, _qtype, text_en, _fr, _req, _extra in EVERY_TYPE:
        assert text_en.replace("'", "&#39;") in page
    assert page.count('class="paper-question') == len(EVERY_TYPE)
    assert "Library website" in page and "65 or over" in page
    assert f"/f/{form.token}/qr.svg" in page
    assert f"http://localhost/f/{form.token}" in page
    assert "Computer basics for seniors" in page
    assert "css/public-form.css" in page


def test_paper_form_in_french(client, form, login_as):
    login_as("frontline")
    page = client.get(f"/programs/{form.program_id}/paper-form?lang=fr").get_data(as_text=True)
    assert '<html lang="fr">' in page
    for _suffix, _qtype, _en, text_fr, _req, _extra in EVERY_TYPE:
        assert text_fr.replace("'", "&#39;") in page
    assert "Site web de la bibliothèque" in page
    assert "I learned something new" not in page
    assert f"/f/{form.token}?lang=fr" in page  # the QR code and address open the French form


def test_paper_form_for_one_session(clean_app, client, form, login_as):
    login_as("programmer")
    url = f"/programs/{form.program_id}/paper-form?occurrence={form.occurrence_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Wednesday, March 3, 2027" in page
    assert client.get(f"/programs/{form.program_id}/paper-form?occurrence=999").status_code == 404
    assert client.get("/programs/999/paper-form").status_code == 404


def test_paper_form_without_a_link_or_questions(clean_app, client, login_as, branch):
    from tests.factories import make_program

    user = login_as("programmer")
    with clean_app.app_context():
        program_id = make_program(user.id, branch).id
        db.session.commit()
    page = client.get(f"/programs/{program_id}/paper-form").get_data(as_text=True)
    assert 'id="no-questions"' in page and "qr.svg" not in page
    assert query(clean_app, sa.select(Question.id).where(Question.program_id == program_id)) == []


def test_paper_form_needs_sign_in(client, form):
    response = client.get(f"/programs/{form.program_id}/paper-form")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
