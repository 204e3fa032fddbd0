"""The community needs survey through HTTP: public form, stored once, paper keying, results."""

import re

import sqlalchemy as sa

from program_planner.community.survey.models import (
    CommunitySurvey,
    SurveyAnswer,
    SurveyResponse,
    survey_response_groups,
)
from program_planner.extensions import db
from program_planner.planning.models import TargetGroup
from tests.conftest import count_statements, query

HOSTILE = '=HYPERLINK("http://x.example")<script>alert(1)</script>'


def setup(app, branch=None, active=True):
    """Return (survey token, survey id, {group name: id})."""
    with app.app_context():
        groups = [TargetGroup(name="Seniors"), TargetGroup(name="Newcomers")]
        survey = CommunitySurvey(title="Community needs 2026", token="tok-" + "x" * 20)
        survey.branch_id, survey.active = branch, active
        db.session.add_all([*groups, survey])
        db.session.commit()
        return survey.token, survey.id, {g.name: g.id for g in groups}


def answer(client, token, data, lang="en", key="k" * 32):
    assert 'name="submission_key"' in client.get(f"/c/{token}?lang={lang}").get_data(True)
    form = {"submission_key": key, **data}
    return client.post(f"/c/{token}?lang={lang}", data=form), form


def test_anonymous_answers_stored_once_with_groups(clean_app, client):
    token, survey_id, groups = setup(clean_app)
    data = {
        "q1": ["digital", "language"],
        "q2": ["transport", "schedule"],
        "q3": ["weekday_morning"],
        "q4": ["branch"],
        "q5": "never",
        "q6": HOSTILE,
        "groups": [str(groups["Seniors"])],
    }
    response, form = answer(client, token, data)
    assert response.status_code == 302 and "/thanks" in response.headers["Location"]
    again = client.post(f"/c/{token}?lang=en", data=form)  # the same form sent twice
    assert again.status_code == 302
    assert query(clean_app, sa.select(sa.func.count(SurveyResponse.id))) == [1]
    [row] = query(clean_app, sa.select(SurveyResponse.library_user, SurveyResponse.channel))
    assert row[0] is False and row[1].value == "online"
    codes = query(clean_app, sa.select(SurveyAnswer.question_code, SurveyAnswer.value_text))
    assert ("community.interests", "digital") in codes
    assert ("community.barriers", "schedule") in codes
    assert ("community.ideas", HOSTILE) in codes
    linked = query(clean_app, sa.select(survey_response_groups.c.target_group_id))
    assert linked == [groups["Seniors"]]
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you" in thanks


def test_public_form_in_french_and_closed_or_unknown(clean_app, client):
    token, survey_id, _groups = setup(clean_app)
    page = client.get(f"/c/{token}?lang=fr").get_data(as_text=True)
    assert "Qu'aimeriez-vous apprendre" in page or "Qu&#39;aimeriez-vous apprendre" in page
    assert "Le transport" in page and "Envoyer mes réponses" in page
    assert client.get("/c/nope").status_code == 404
    with clean_app.app_context():
        db.session.get(CommunitySurvey, survey_id).active = False
        db.session.commit()
    assert client.get(f"/c/{token}").status_code == 410
    svg = client.get(f"/c/{token}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"


def test_bad_choices_are_refused_with_answers_kept(clean_app, client):
    token, _id, _groups = setup(clean_app)
    response, _form = answer(client, token, {"q1": ["digital", "hacked"], "q6": "Keep me"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Keep me" in page
    assert query(clean_app, sa.select(sa.func.count(SurveyResponse.id))) == [0]


def test_frontline_keys_paper_forms_and_staff_see_results(clean_app, client, login_as):
    token, survey_id, groups = setup(clean_app)
    login_as("frontline")
    assert client.get(f"/community/surveys/{survey_id}/enter").status_code == 200
    answers = (("cost", "Seniors"), ("cost", "Newcomers"), ("language", "Newcomers"))
    for number, (barrier, group) in enumerate(answers):
        data = {
            "submission_key": str(number) * 32,
            "q2": [barrier],
            "q1": ["jobs"],
            "q5": "weekly",
            "groups": [str(groups[group])],
        }
        assert client.post(f"/community/surveys/{survey_id}/enter", data=data).status_code == 302
    rows = query(clean_app, sa.select(SurveyResponse.channel, SurveyResponse.entered_by_id))
    assert len(rows) == 3 and all(r[0].value == "paper" and r[1] for r in rows)
    page = client.get("/community/surveys/results").get_data(as_text=True)
    assert "3 people answered" in page
    cost = re.search(r'<tr data-value="cost">(.*?)</tr>', page, re.S).group(1)
    assert re.search(r'class="text-end total">2 ', cost)
    assert f'data-group="{groups["Newcomers"]}">1 ' in cost
    assert f'data-group="{groups["Seniors"]}">1 ' in cost
    assert client.get(f"/community/surveys/{survey_id}/paper?lang=fr").status_code == 200


def test_coordinator_starts_and_closes_a_survey(clean_app, client, login_as, branch):
    login_as("coordinator")
    assert client.get("/community/surveys").status_code == 200
    refused = client.post("/community/surveys/new", data={"title": ""})
    assert refused.status_code == 422 and "Give the survey a title." in refused.get_data(True)
    data = {"title": HOSTILE, "branch_id": str(branch)}
    assert client.post("/community/surveys/new", data=data).status_code == 302
    [survey] = query(clean_app, sa.select(CommunitySurvey.id, CommunitySurvey.active))
    assert survey[1] is True
    page = client.get("/community/surveys").get_data(as_text=True)
    assert "<script>alert" not in page
    client.post(f"/community/surveys/{survey[0]}/active", data={"active": "0"})
    assert query(clean_app, sa.select(CommunitySurvey.active)) == [False]


def test_results_page_statements_do_not_grow(clean_app, client, login_as):
    token, survey_id, groups = setup(clean_app)
    login_as("coordinator")

    def add(n):
        with clean_app.app_context():
            for i in range(n):
                response = SurveyResponse(
                    survey_id=survey_id,
                    channel="online",
                    submission_key=f"key-{n}-{i}-abcdefghijklmnop",
                    library_user=bool(i % 2),
                    answers=[SurveyAnswer(question_code="community.barriers", value_text="cost")],
                )
                db.session.add(response)
                db.session.flush()
                db.session.execute(
                    survey_response_groups.insert(),
                    {"response_id": response.id, "target_group_id": groups["Seniors"]},
                )
            db.session.commit()

    add(1)
    few = count_statements(clean_app, client, "/community/surveys/results")
    add(30)
    assert count_statements(clean_app, client, "/community/surveys/results") == few


def test_register_shows_the_survey_beside_the_needs(clean_app, client, login_as):
    token, _id, groups = setup(clean_app)
    answer(client, token, {"q2": ["cost"], "q1": ["digital"]})
    login_as("programmer")
    page = client.get("/community/needs").get_data(as_text=True)
    summary = page.split('id="survey-summary"')[1]
    assert "1 person answered" in summary and "Cost: 1 (100 %)" in summary
    assert "Computers, phones and the internet: 1" in summary


def test_groups_are_named_in_the_respondents_language(clean_app, client, login_as):
    """The public form and the results name a group in French when it has a French name."""
    token, survey_id, groups = setup(clean_app)
    with clean_app.app_context():
        db.session.get(TargetGroup, groups["Seniors"]).name_fr = "Aînés"
        db.session.commit()
    french_form = client.get(f"/c/{token}?lang=fr").get_data(as_text=True)
    english_form = client.get(f"/c/{token}?lang=en").get_data(as_text=True)
    assert "Aînés" in french_form and "Seniors" not in french_form
    assert "Newcomers" in french_form  # no French name: the English one
    assert "Seniors" in english_form and "Aînés" not in english_form
    answer(client, token, {"q5": "never", "groups": [str(groups["Seniors"])]}, lang="fr")
    login_as("coordinator")
    client.post("/language", data={"lang": "fr", "next": "/"})
    results = client.get(f"/community/surveys/results?survey={survey_id}").get_data(as_text=True)
    assert "Aînés (1)" in results
