"""A program's optional French title and description: edited in basics, read by French readers."""

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.programs.models import Program
from tests.conftest import query
from tests.evaluation.factories_public import make_public_form
from tests.programs.test_programs import basics, new_program


def test_french_title_is_saved_in_basics_and_shown_on_the_program(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    pid = new_program(clean_app, me.id, branch)
    data = basics(
        branch,
        version="1",
        title_fr="  Atelier de recherche d'emploi ",
        description_fr="CV et candidatures en ligne.",
    )
    assert client.post(f"/programs/{pid}/basics", data=data).status_code == 302
    program = query(clean_app, sa.select(Program))[0]
    assert (program.title_fr, program.description_fr) == (
        "Atelier de recherche d'emploi",
        "CV et candidatures en ligne.",
    )
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert "Atelier de recherche d&#39;emploi" in page.split('id="basics-french"', 1)[1]
    form = client.get(f"/programs/{pid}/basics").get_data(as_text=True)
    assert "Title in French" in form and "CV et candidatures en ligne." in form


def test_french_title_is_optional_and_a_too_long_one_keeps_what_was_typed(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    pid = new_program(clean_app, me.id, branch)
    assert (
        client.post(f"/programs/{pid}/basics", data=basics(branch, version="1")).status_code == 302
    )
    assert query(clean_app, sa.select(Program.title_fr)) == [""]
    long_title = "Atelier " * 30
    page = client.post(
        f"/programs/{pid}/basics",
        data=basics(branch, version="2", title_fr=long_title, description_fr="Gardez-moi"),
    ).get_data(as_text=True)
    assert "Field cannot be longer than 200 characters." in page
    assert long_title.strip() in page and "Gardez-moi" in page
    assert query(clean_app, sa.select(Program.title_fr)) == [""]


def test_french_readers_see_the_french_title_on_public_and_paper_forms(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    form = make_public_form(clean_app, owner.id, branch)
    with clean_app.app_context():
        db.session.execute(
            sa.update(Program).values(title_fr="Initiation à l'informatique pour les aînés")
        )
        db.session.commit()
    french = "Initiation à l&#39;informatique pour les aînés"
    english_page = client.get(f"/f/{form.token}?lang=en").get_data(as_text=True)
    assert "Computer basics for seniors" in english_page and french not in english_page
    french_page = client.get(f"/f/{form.token}?lang=fr").get_data(as_text=True)
    assert french in french_page.split('id="form-title"', 1)[1].split("</h1>", 1)[0]
    login_as("frontline")
    paper = client.get(f"/programs/{form.program_id}/paper-form?lang=fr").get_data(as_text=True)
    assert french in paper.split('class="paper-program"', 1)[1].split("</h1>", 1)[0]
    paper = client.get(f"/programs/{form.program_id}/paper-form?lang=en").get_data(as_text=True)
    assert "Computer basics for seniors" in paper.split('class="paper-program"', 1)[1]
