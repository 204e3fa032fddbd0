"""Target groups of a program, the target-group catalogue and the program list filter."""

import re

import sqlalchemy as sa

from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import Status
from tests.conftest import query
from tests.editing import delete_row, seen_version
from tests.factories import add_objective, make_program
from tests.planning.conftest import field_error, in_app, set_status, text_of
from tests.planning.factories import add_program_target_group, add_target_group


def rows(app, program_id):
    return query(
        app,
        sa.select(
            ProgramTargetGroup.target_group_id,
            ProgramTargetGroup.expected_reach,
            ProgramTargetGroup.barriers,
            ProgramTargetGroup.needs,
        ).where(ProgramTargetGroup.program_id == program_id),
    )


def test_owner_adds_a_target_group_and_sees_reach_against_the_population(clean_app, client, plan):
    seniors = in_app(clean_app, add_target_group, "Seniors", population_estimate=12000)
    in_app(clean_app, add_target_group, "Retired group", active=False)
    form = client.get(f"/programs/{plan.id}/program_target_groups/new").get_data(as_text=True)
    assert "Seniors" in form and "Retired group" not in form  # only current groups offered
    response = client.post(
        f"/programs/{plan.id}/program_target_groups/new",
        data={
            "target_group_id": seniors,
            "expected_reach": "1,200",
            "needs": "Large print",
            "barriers": ["transport", "digital_skills"],
            "accommodations": "Bus tickets",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/programs/{plan.id}#target_groups")
    assert rows(clean_app, plan.id) == [
        (seniors, 1200, ["transport", "digital_skills"], "Large print")
    ]
    page = text_of(client.get(f"/programs/{plan.id}").get_data(as_text=True))
    assert "Seniors 1,200 12,000 2021 Census, 2021 10 %" in page
    assert "Transport" in page and "Digital skills" in page and "Bus tickets" in page


def test_reach_share_is_left_out_when_the_population_is_not_known(clean_app, client, plan):
    group = in_app(clean_app, add_target_group, "Job seekers", population_estimate=None)
    plan.add(add_program_target_group, group, expected_reach=40)
    page = text_of(client.get(f"/programs/{plan.id}").get_data(as_text=True))
    assert "Job seekers 40 not known —" in page


def test_a_group_already_chosen_is_refused_at_the_field(clean_app, client, plan):
    seniors = in_app(clean_app, add_target_group, "Seniors")
    newcomers = in_app(clean_app, add_target_group, "Newcomers")
    plan.add(add_program_target_group, seniors)
    other = plan.add(add_program_target_group, newcomers)
    response = client.post(
        f"/programs/{plan.id}/program_target_groups/new",
        data={"target_group_id": seniors, "expected_reach": "12", "needs": "Kept text"},
    )
    html = response.get_data(as_text=True)
    assert "already part of the plan" in field_error(html, "target_group_id")
    assert "Kept text" in html and 'value="12"' in html
    response = client.post(  # changing another row to the same group is refused too
        f"/programs/{plan.id}/program_target_groups/{other}",
        data={"target_group_id": seniors, "expected_reach": "5", "version": "1"},
    )
    assert "already part of the plan" in field_error(
        response.get_data(as_text=True), "target_group_id"
    )
    assert sorted(r[0] for r in rows(clean_app, plan.id)) == sorted([seniors, newcomers])


def test_bad_input_is_explained_and_kept(clean_app, client, plan):
    seniors = in_app(clean_app, add_target_group, "Seniors")
    response = client.post(
        f"/programs/{plan.id}/program_target_groups/new",
        data={"target_group_id": seniors, "expected_reach": "lots", "needs": "x" * 2001},
    )
    html = response.get_data(as_text=True)
    assert field_error(html, "expected_reach") == "Enter a whole number, e.g. 25."
    assert 'value="lots"' in html
    assert "2000" in field_error(html, "needs")
    response = client.post(
        f"/programs/{plan.id}/program_target_groups/new",
        data={"target_group_id": "9999", "expected_reach": ""},
    )
    html = response.get_data(as_text=True)
    assert field_error(html, "target_group_id") and field_error(html, "expected_reach")
    assert rows(clean_app, plan.id) == []
    assert client.get(f"/programs/{plan.id}/program_target_groups/9999").status_code == 404


def test_edit_and_delete(clean_app, client, plan):
    seniors = in_app(clean_app, add_target_group, "Seniors")
    row = plan.add(add_program_target_group, seniors, expected_reach=30)
    form = client.get(f"/programs/{plan.id}/program_target_groups/{row}").get_data(as_text=True)
    assert 'value="30"' in form and "Large print, slower pace" in form
    assert re.search(r'<input checked[^>]*value="transport"', form)
    response = client.post(
        f"/programs/{plan.id}/program_target_groups/{row}",
        data={"target_group_id": seniors, "expected_reach": "45", "needs": "", "version": "1"},
    )
    assert response.status_code == 302
    assert rows(clean_app, plan.id) == [(seniors, 45, [], "")]
    response = delete_row(client, f"/programs/{plan.id}/program_target_groups/{row}")
    assert response.status_code == 302 and rows(clean_app, plan.id) == []


def test_an_edit_conflict_keeps_both_versions_apart(clean_app, client, plan):
    seniors = in_app(clean_app, add_target_group, "Seniors")
    row = plan.add(add_program_target_group, seniors, expected_reach=30)
    url = f"/programs/{plan.id}/program_target_groups/{row}"
    data = {"target_group_id": seniors, "expected_reach": "50", "version": "1"}
    assert client.post(url, data=data).status_code == 302  # someone saves first: version 2
    data.update(expected_reach="70", needs="My notes")
    html = client.post(url, data=data).get_data(as_text=True)
    assert "Someone else saved a change" in html
    assert 'value="70"' in html and "My notes" in html
    assert rows(clean_app, plan.id)[0][1] == 50  # nothing overwritten


def test_others_may_not_change_the_target_groups(clean_app, client, plan, login_again):
    seniors = in_app(clean_app, add_target_group, "Seniors")
    row = plan.add(add_program_target_group, seniors)
    set_status(clean_app, plan.id, Status.SUBMITTED)
    data = {"target_group_id": seniors, "expected_reach": "99", "version": "1"}
    base = f"/programs/{plan.id}/program_target_groups"
    assert client.post(f"{base}/new", data=data).status_code == 403  # the owner, once submitted
    assert client.post(f"{base}/{row}", data=data).status_code == 403
    assert client.post(f"{base}/{row}/delete").status_code == 403
    set_status(clean_app, plan.id, Status.DRAFT)
    login_again("programmer")  # another programmer
    assert client.post(f"{base}/{row}", data=data).status_code == 403
    assert client.post(f"{base}/{row}/delete").status_code == 403
    assert rows(clean_app, plan.id)[0][1] == 30


def test_submit_needs_a_target_group(clean_app, client, plan):
    plan.add(add_objective)
    response = client.post(f"/programs/{plan.id}/submit", data={"version": "1"})
    assert response.status_code == 422
    assert "Add at least one target group" in response.get_data(as_text=True)
    seniors = in_app(clean_app, add_target_group, "Seniors")
    plan.add(add_program_target_group, seniors)
    response = client.post(f"/programs/{plan.id}/submit", data={"version": "1"})
    assert "Add at least one target group" not in response.get_data(as_text=True)


def test_program_list_filters_by_target_group(clean_app, client, owner, branch):
    with clean_app.app_context():
        from program_planner.extensions import db

        seniors = add_target_group("Seniors")
        newcomers = add_target_group("Newcomers")
        for title, group in (("Email basics", seniors), ("Conversation circle", newcomers)):
            program = make_program(owner.id, branch, title=title)
            add_program_target_group(program.id, group.id)
        make_program(owner.id, branch, title="Untargeted talk")
        db.session.commit()
        seniors_id = seniors.id
    page = client.get(f"/programs?target_group={seniors_id}").get_data(as_text=True)
    assert "Email basics" in page
    assert "Conversation circle" not in page and "Untargeted talk" not in page
    page = client.get("/programs?target_group=").get_data(as_text=True)
    assert "Email basics" in page and "Conversation circle" in page and "Untargeted talk" in page
    page = client.get("/programs?target_group=999").get_data(as_text=True)
    assert "This filter was ignored" in page and "Untargeted talk" in page


# --- the catalogue ---------------------------------------------------------------------------


def catalogue(app):
    return query(
        app,
        sa.select(
            TargetGroup.name,
            TargetGroup.population_estimate,
            TargetGroup.population_source,
            TargetGroup.population_year,
            TargetGroup.active,
        ).order_by(TargetGroup.id),
    )


def test_coordinator_keeps_the_catalogue(clean_app, client, login_as):
    login_as("coordinator")
    response = client.post(
        "/target-groups/new",
        data={
            "name": " Newcomers ",
            "description": "Arrived in the last five years",
            "population_estimate": "8,500",
            "population_source": "2021 Census",
            "population_year": "2021",
            "active": "y",
        },
    )
    assert response.status_code == 302
    assert catalogue(clean_app) == [("Newcomers", 8500, "2021 Census", 2021, True)]
    page = text_of(client.get("/target-groups").get_data(as_text=True))
    assert "Newcomers 8,500 2021 Census 2021 yes" in page
    group_id = query(clean_app, sa.select(TargetGroup.id))[0]
    response = client.post(
        f"/target-groups/{group_id}",
        data={
            "name": "Newcomers",
            "population_estimate": "",
            "population_source": "",
            "population_year": "",
            "version": seen_version(client, f"/target-groups/{group_id}"),
        },
    )
    assert response.status_code == 302
    assert catalogue(clean_app) == [("Newcomers", None, "", None, False)]


def test_catalogue_names_are_unique_whatever_the_case(clean_app, client, login_as):
    login_as("admin")
    existing = in_app(clean_app, add_target_group, "Seniors")
    other = in_app(clean_app, add_target_group, "Youth")
    html = client.post(
        "/target-groups/new", data={"name": "SENIORS", "description": "Typed text"}
    ).get_data(as_text=True)
    assert field_error(html, "name") == "A target group with this name already exists."
    assert "Typed text" in html
    data = {"name": "seniors", "version": seen_version(client, f"/target-groups/{other}")}
    html = client.post(f"/target-groups/{other}", data=data).get_data(as_text=True)
    assert "already exists" in field_error(html, "name")
    data = {"name": "Seniors 65+", "version": seen_version(client, f"/target-groups/{existing}")}
    assert client.post(f"/target-groups/{existing}", data=data).status_code == 302
    assert [r[0] for r in catalogue(clean_app)] == ["Seniors 65+", "Youth"]


def test_catalogue_bad_input(clean_app, client, login_as):
    login_as("coordinator")
    html = client.post(
        "/target-groups/new",
        data={"name": "N" * 121, "population_estimate": "-4", "population_year": "1850"},
    ).get_data(as_text=True)
    assert "120" in field_error(html, "name")
    assert field_error(html, "population_estimate")
    assert field_error(html, "population_year") == "Enter a year between 1900 and 2100."
    assert 'value="1850"' in html
    assert catalogue(clean_app) == []
    assert client.get("/target-groups/999").status_code == 404


def test_programmers_do_not_keep_the_catalogue(clean_app, client, owner):
    assert client.get("/target-groups").status_code == 403
    assert client.post("/target-groups/new", data={"name": "X"}).status_code == 403
    assert catalogue(clean_app) == []
