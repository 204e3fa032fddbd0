"""The learning loop: similar past programs shown while writing a proposal."""

import re

import sqlalchemy as sa

from program_planner.evaluation.models import Debrief, DebriefKind, OccurrenceReport
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import ProgramTargetGroup
from program_planner.programs.models import ProgramType, Status
from tests.conftest import count_statements
from tests.factories import make_ready_program


def past_program(owner_id, branch, title, program_type=ProgramType.DIGITAL_LITERACY, n=1):
    """A delivered program with a headcount and a debrief saying what to change."""
    program = make_ready_program(owner_id, branch, status=Status.DELIVERED, title=title)
    program.program_type = program_type
    occurrence = db.session.scalar(sa.select(Occurrence).where(Occurrence.program_id == program.id))
    db.session.add(OccurrenceReport(occurrence_id=occurrence.id, headcount=10 + n))
    db.session.add(
        Debrief(
            program_id=program.id,
            kind=DebriefKind.STAFF,
            author_name="Staff",
            what_to_change=f"Change number {n}: <b>book the lab earlier</b>",
        )
    )
    db.session.flush()
    return program


def test_new_program_page_shows_similar_past_programs(clean_app, client, login_as, branch):
    programmer = login_as("programmer")
    with clean_app.app_context():
        past_program(programmer.id, branch, "Tablet basics", n=1)
        past_program(programmer.id, branch, "Résumé clinic", ProgramType.JOB_CAREER, n=2)
        draft = make_ready_program(programmer.id, branch, title="Draft, same type")
        draft.program_type = ProgramType.DIGITAL_LITERACY
        db.session.commit()
        draft_id = draft.id
    html = client.get(f"/programs/{draft_id}/basics").get_data(as_text=True)
    assert 'id="learning-loop"' in html
    # both share the draft's target group ("Newcomers"); the same type comes first
    titles = re.findall(r'<h3 class="h6 mb-1">([^<]+?) <span', html)
    assert titles == ["Tablet basics", "Résumé clinic"]
    assert "11 attendees" in html and "same type" in html
    assert "Change number 1: &lt;b&gt;book the lab earlier&lt;/b&gt;" in html
    # the new-program page: nothing typed yet, so recent programs of any type
    html = client.get("/programs/new").get_data(as_text=True)
    assert "How recent programs did" in html and "Tablet basics" in html


def test_similar_programs_only_same_type_or_shared_group(clean_app, client, login_as, branch):
    programmer = login_as("programmer")
    with clean_app.app_context():
        other = past_program(programmer.id, branch, "Knitting circle", ProgramType.ARTS_CULTURE)
        db.session.execute(
            sa.delete(ProgramTargetGroup).where(ProgramTargetGroup.program_id == other.id)
        )
        past_program(programmer.id, branch, "Email basics", n=3)
        from program_planner.reports.program_report.learning import similar_programs

        titles = [p.program.title for p in similar_programs(ProgramType.DIGITAL_LITERACY.value)]
        assert titles == ["Email basics"]
        assert similar_programs("not-a-type") != []  # unknown type: recent programs


def test_learning_loop_statements_do_not_grow(clean_app, client, login_as, branch):
    programmer = login_as("programmer")
    with clean_app.app_context():
        draft = make_ready_program(programmer.id, branch, title="My draft")
        past_program(programmer.id, branch, "Past 1", n=1)
        db.session.commit()
        draft_id = draft.id
    one = count_statements(clean_app, client, f"/programs/{draft_id}/basics")
    with clean_app.app_context():
        for n in range(2, 9):
            past_program(programmer.id, branch, f"Past {n}", n=n)
        db.session.commit()
    many = count_statements(clean_app, client, f"/programs/{draft_id}/basics")
    assert one == many
    html = client.get(f"/programs/{draft_id}/basics").get_data(as_text=True)
    assert html.count('class="learning-item"') == 5


def test_the_panel_is_sent_again_for_the_type_being_chosen(clean_app, client, login_as, branch):
    """What learning-loop.js asks for when the programmer picks another program type."""
    programmer = login_as("programmer")
    with clean_app.app_context():
        other = past_program(programmer.id, branch, "Résumé clinic", ProgramType.JOB_CAREER, n=2)
        db.session.execute(
            sa.delete(ProgramTargetGroup).where(ProgramTargetGroup.program_id == other.id)
        )
        past_program(programmer.id, branch, "Tablet basics", n=1)
        db.session.commit()
    html = client.get("/programs/new").get_data(as_text=True)
    assert 'id="learning-slot"' in html and "/similar-programs" in html
    panel = client.get("/similar-programs?program_type=job_career").get_data(as_text=True)
    assert re.findall(r'<h3 class="h6 mb-1">([^<]+?) <span', panel) == ["Résumé clinic"]
    assert "How similar past programs did" in panel and "<html" not in panel
    # an unknown type or program asks for nothing in particular: recent programs, never a 500
    for query in ("program_type=nope", "program=99999999999999999999", "program=abc", ""):
        response = client.get(f"/similar-programs?{query}")
        assert response.status_code == 200, query
        assert "Tablet basics" in response.get_data(as_text=True), query


def seniors_program(owner_id, branch):
    """A past arts program for seniors only, and the Seniors target group's id."""
    from program_planner.planning.models import TargetGroup

    seniors = TargetGroup(name="Seniors", name_fr="Aînés")
    db.session.add(seniors)
    past = past_program(owner_id, branch, "Seniors tech café", ProgramType.ARTS_CULTURE, n=4)
    db.session.execute(
        sa.delete(ProgramTargetGroup).where(ProgramTargetGroup.program_id == past.id)
    )
    db.session.flush()
    db.session.add(ProgramTargetGroup(program_id=past.id, target_group_id=seniors.id))
    return seniors.id


def test_the_panel_follows_the_target_group_being_chosen(clean_app, client, login_as, branch):
    """The target group form shows the panel for the group chosen, with or without JavaScript."""
    programmer = login_as("programmer")
    with clean_app.app_context():
        seniors = seniors_program(programmer.id, branch)
        draft = make_ready_program(programmer.id, branch, title="Job fair")
        draft.program_type = ProgramType.JOB_CAREER
        db.session.execute(
            sa.delete(ProgramTargetGroup).where(ProgramTargetGroup.program_id == draft.id)
        )
        db.session.commit()
        draft_id = draft.id
    url = f"/programs/{draft_id}/program_target_groups/new"
    html = client.get(url).get_data(as_text=True)
    assert 'id="learning-slot"' in html and "Seniors tech café" not in html
    # with JavaScript: what learning-loop.js asks for when Seniors is picked in the select
    panel = client.get(f"/similar-programs?program={draft_id}&target_group={seniors}")
    titles = re.findall(r'<h3 class="h6 mb-1">([^<]+?) <span', panel.get_data(as_text=True))
    assert titles == ["Seniors tech café"]
    assert "same target group" in panel.get_data(as_text=True)
    # without JavaScript: a refused post re-renders the form with the panel for the chosen group
    page = client.post(url, data={"target_group_id": seniors, "expected_reach": ""})
    assert page.status_code == 200
    assert "Seniors tech café" in page.get_data(as_text=True)
    # after saving, the basics page follows the saved group
    client.post(url, data={"target_group_id": seniors, "expected_reach": "12"})
    basics = client.get(f"/programs/{draft_id}/basics").get_data(as_text=True)
    assert "Seniors tech café" in basics


def test_the_panel_refuses_nothing_it_is_sent(clean_app, client, login_as, branch):
    programmer = login_as("programmer")
    with clean_app.app_context():
        seniors_program(programmer.id, branch)
        db.session.commit()
    for query in ("target_group=abc", "target_group=99999999999999999999", "target_group=-1"):
        response = client.get(f"/similar-programs?{query}")
        assert response.status_code == 200, query
        assert "Seniors tech café" in response.get_data(as_text=True), query
    many = "&".join(f"target_group={n}" for n in range(1, 500))
    assert client.get(f"/similar-programs?{many}").status_code == 200
