"""The demo library has a believable register, consultations, and programs answering needs."""

import sqlalchemy as sa

from program_planner.community.models import Consultation, Need, ProgramNeed
from program_planner.community.survey.models import SurveyResponse
from tests.conftest import query


def test_demo_register_and_consultations(clean_app):
    runner = clean_app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert runner.invoke(args=["demo", "load"]).exit_code == 0  # idempotent
    statuses = dict(query(clean_app, sa.select(Need.statement, Need.status)))
    assert len(statuses) == 4
    homebound = "Homebound residents cannot reach library programs or materials"
    assert statuses[homebound] == "identified"
    assert query(clean_app, sa.select(sa.func.count(ProgramNeed.id))) == [3]
    assert query(clean_app, sa.select(sa.func.count(Consultation.id))) == [4]
    client = clean_app.test_client()
    client.post("/login", data={"username": "coordinator", "password": "maple-lantern-orbit-17"})
    page = client.get("/community/needs/unanswered").get_data(as_text=True)
    assert homebound in page
    assert "Seniors need hands-on help" not in page
    assert runner.invoke(args=["reports", "refresh-results"]).exit_code == 0
    page = client.get("/community/needs").get_data(as_text=True)
    row = page.split("Seniors need hands-on help")[1].split("</tr>")[0]
    assert "Computer basics for seniors" in row
    assert "objectives met" in row  # the verdicts of the evaluated program, from reports
    page = client.get("/engagement").get_data(as_text=True)
    assert 'data-measure="people_consulted"' in page
    assert query(clean_app, sa.select(sa.func.count(SurveyResponse.id))) == [36]
    page = client.get("/community/surveys/results").get_data(as_text=True)
    assert "36 people answered" in page and "Seniors (65+)" in page
    page = client.get("/community/partners").get_data(as_text=True)
    expiring = page.split('id="expiring-agreements"')[1].split("</ul>")[0]
    assert "Tech help drop-ins" in expiring and "Counts of job seekers" not in expiring
    client.post("/language", data={"lang": "fr", "next": "/"})
    page = client.get("/community/needs").get_data(as_text=True)
    assert "Aînés (65 ans et plus)" in page and "Chercheurs d&#39;emploi" in page
