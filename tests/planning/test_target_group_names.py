"""French names of target groups: kept in the catalogue, shown to French readers, else English."""

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.planning.models import TargetGroup, group_name
from program_planner.programs.models import Program
from tests.community.factories import make_consultation, make_need
from tests.conftest import query
from tests.editing import form_data
from tests.planning.conftest import in_app, text_of
from tests.planning.factories import add_program_target_group, add_target_group


def french(client):
    client.post("/language", data={"lang": "fr", "next": "/"})


def english(client):
    client.post("/language", data={"lang": "en", "next": "/"})


def test_group_name_is_the_one_place_that_chooses():
    assert group_name("Seniors", "Aînés", "fr") == "Aînés"
    assert group_name("Seniors", "Aînés", "en") == "Seniors"
    assert group_name("Seniors", "", "fr") == "Seniors"
    assert group_name("Seniors", None, "fr") == "Seniors"
    group = TargetGroup(name="Job seekers", name_fr="Chercheurs d'emploi")
    assert group.name_in("fr") == "Chercheurs d'emploi" and group.name_in("en") == "Job seekers"
    assert group.label == "Job seekers"  # no request: English


def test_the_name_column_is_group_name_in_sql(clean_app):
    with clean_app.app_context():
        add_target_group("Seniors", name_fr="Aînés")
        add_target_group("Job seekers")
        db.session.commit()
        for language in ("en", "fr"):
            stmt = sa.select(
                TargetGroup.name_column(language), TargetGroup.name, TargetGroup.name_fr
            ).order_by(TargetGroup.id)
            for shown, name, name_fr in db.session.execute(stmt):
                assert shown == group_name(name, name_fr, language)


def test_coordinator_gives_a_group_its_french_name(clean_app, client, login_as):
    login_as("coordinator")
    new = form_data(
        client.get("/target-groups/new").get_data(as_text=True),
        {"name": "Seniors", "name_fr": "  Aînés ", "population_estimate": "48,500"},
    )
    assert client.post("/target-groups/new", data=new).status_code == 302
    assert query(clean_app, sa.select(TargetGroup.name, TargetGroup.name_fr)) == [
        ("Seniors", "Aînés")
    ]
    assert "Seniors 48,500" in text_of(client.get("/target-groups").get_data(as_text=True))
    group_id = query(clean_app, sa.select(TargetGroup.id))[0]
    url = f"/target-groups/{group_id}"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Aînés"' in page
    too_long = form_data(page, {"name_fr": "é" * 121})
    refused = client.post(url, data=too_long).get_data(as_text=True)
    assert "é" * 121 in refused  # what was typed is kept
    assert client.post(url, data=form_data(page, {"name_fr": ""})).status_code == 302
    assert query(clean_app, sa.select(TargetGroup.name_fr)) == [""]


def test_french_reader_sees_the_french_name_else_the_english_one(clean_app, client, plan):
    seniors = in_app(clean_app, add_target_group, "Seniors", name_fr="Aînés")
    job = in_app(clean_app, add_target_group, "Job seekers")  # no French name yet
    plan.add(add_program_target_group, seniors)
    plan.add(add_program_target_group, job)
    page = text_of(client.get(f"/programs/{plan.id}").get_data(as_text=True))
    assert "Seniors 30" in page and "Aînés" not in page
    french(client)
    page = text_of(client.get(f"/programs/{plan.id}").get_data(as_text=True))
    assert "Aînés 30" in page and "Seniors 30" not in page and "Modifier Aînés" in page
    assert "Job seekers 30" in page  # the fallback
    form = client.get(f"/programs/{plan.id}/program_target_groups/new").get_data(as_text=True)
    assert ">Aînés</option>" in form
    listing = client.get("/programs").get_data(as_text=True)
    assert ">Aînés</option>" in listing  # the list's filter
    english(client)


def test_community_pages_name_groups_in_french(clean_app, client, login_as, branch):
    me = login_as("coordinator")
    with clean_app.app_context():
        seniors = add_target_group("Seniors", name_fr="Aînés")
        newcomers = add_target_group("Newcomers", name_fr="Nouveaux arrivants")
        need = make_need(me.id, branch)
        need.target_groups = [seniors]
        consultation = make_consultation(
            me.id, branch, needs=[need], reach=[(seniors.id, 12), (newcomers.id, 4)]
        )
        db.session.commit()
        need_id, consultation_id = need.id, consultation.id
    french(client)
    for url in ("/community/needs", f"/community/needs/{need_id}"):
        page = client.get(url).get_data(as_text=True)
        assert "Aînés" in page and ">Seniors<" not in page, url
    page = text_of(client.get(f"/community/consultations/{consultation_id}").get_data(as_text=True))
    assert "Aînés 12" in page and "Nouveaux arrivants 4" in page
    form = client.get(f"/community/consultations/{consultation_id}/edit").get_data(as_text=True)
    assert "Aînés" in form and "Nouveaux arrivants" in form
    form = client.get(f"/community/needs/{need_id}/edit").get_data(as_text=True)
    assert "Aînés" in form
    english(client)
    page = client.get(f"/community/needs/{need_id}").get_data(as_text=True)
    assert "Seniors" in page and "Aînés" not in page


def test_dashboard_and_impact_report_name_groups_in_french(clean_app, client, login_as, branch):
    from program_planner.reports.impact.program_data import program_impact
    from tests.factories import make_program

    login_as("coordinator")
    with clean_app.app_context():
        seniors = add_target_group("Seniors", name_fr="Aînés")
        add_target_group("Job seekers")
        program = make_program(None, branch, title="Tablet mornings")
        add_program_target_group(program.id, seniors.id)
        db.session.commit()
        program_id = program.id
    french(client)
    page = client.get("/dashboard").get_data(as_text=True)
    assert ">Aînés</option>" in page and ">Job seekers</option>" in page  # the filter
    assert "Aînés" in page.split('id="coverage"')[-1]
    english(client)
    assert "Aînés" not in client.get("/dashboard").get_data(as_text=True)
    with clean_app.test_request_context():
        program = db.session.get(Program, program_id)
        assert [g.name for g in program_impact(program, "fr").groups] == ["Aînés"]
        assert [g.name for g in program_impact(program, "en").groups] == ["Seniors"]
