"""Rapid keying of paper community surveys through HTTP: one key per answer, stored once."""

import sqlalchemy as sa

from program_planner.community.survey.models import (
    SurveyAnswer,
    SurveyResponse,
    survey_response_groups,
)
from tests.community.test_survey import HOSTILE, setup
from tests.conftest import query

# interests 1 digital … 9 family; barriers 1 language, 2 transport, 3 cost …; library use 4 never
KEYED = {"q1": "13", "q2": "2 3", "q3": "4", "q4": "1", "q5": "4", "q6": HOSTILE, "q7": "4"}


def stored(app):
    """Return {(response id, code): sorted values} of the stored survey answers."""
    found = {}
    columns = (SurveyAnswer.response_id, SurveyAnswer.question_code, SurveyAnswer.value_text)
    for rid, code, text in query(app, sa.select(*columns)):
        found.setdefault((rid, code), []).append(text)
    return {k: sorted(v) for k, v in found.items()}


def test_frontline_keys_a_paper_survey_once_with_one_key_per_answer(clean_app, client, login_as):
    _token, survey_id, groups = setup(clean_app)
    user = login_as("frontline")
    url = f"/community/surveys/{survey_id}/rapid"
    page = client.get(url).get_data(as_text=True)
    assert 'name="submission_key"' in page and "rapid-entry" in page and "<kbd>1</kbd>" in page
    assert "Newcomers" in page  # the groups question, keyed by number (1 Newcomers, 2 Seniors)
    data = {"submission_key": "a" * 32, "form_language": "fr", **KEYED, "q8": "2"}
    first = client.post(url, data=data)
    assert first.status_code == 302
    again = client.post(url, data=data)  # the same paper sent twice (a double Enter)
    assert again.status_code == 302
    [row] = query(
        clean_app,
        sa.select(
            SurveyResponse.id,
            SurveyResponse.channel,
            SurveyResponse.language,
            SurveyResponse.entered_by_id,
            SurveyResponse.library_user,
        ),
    )
    rid, channel, language, entered_by, library_user = row
    assert (channel.value, language, entered_by, library_user) == ("paper", "fr", user.id, False)
    answers = stored(clean_app)
    assert answers[(rid, "community.interests")] == ["digital", "language"]
    assert answers[(rid, "community.barriers")] == ["cost", "transport"]
    assert answers[(rid, "community.times")] == ["weekend"]
    assert answers[(rid, "community.library_use")] == ["never"]
    assert answers[(rid, "community.ideas")] == [HOSTILE]
    assert answers[(rid, "community.age_band")] == ["65_plus"]
    assert query(clean_app, sa.select(survey_response_groups.c.target_group_id)) == [
        groups["Seniors"]
    ]
    page = client.get(url).get_data(as_text=True)
    assert "Paper surveys keyed in: 1" in page and "That paper form was already saved" in page
    assert "<script>alert" not in page and "Weekends" in page  # the last entry read back


def test_a_wrong_key_is_refused_and_everything_typed_is_kept(clean_app, client, login_as):
    _token, survey_id, _groups = setup(clean_app)
    login_as("frontline")
    url = f"/community/surveys/{survey_id}/rapid"
    refused = client.post(url, data={"submission_key": "b" * 32, **KEYED, "q5": "9"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Type the number of one option" in page
    assert 'value="2 3"' in page and "b" * 32 in page
    empty = client.post(url, data={"submission_key": "c" * 32})
    assert empty.status_code == 422 and "Nothing was typed" in empty.get_data(as_text=True)
    assert query(clean_app, sa.select(sa.func.count(SurveyResponse.id))) == [0]
    assert client.get("/community/surveys/999/rapid").status_code == 404


def test_rapid_keying_in_french(clean_app, client, login_as):
    _token, survey_id, _groups = setup(clean_app)
    login_as("frontline")
    headers = {"Accept-Language": "fr"}
    page = client.get(f"/community/surveys/{survey_id}/rapid", headers=headers)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Saisie rapide des sondages papier" in text and "Le transport" in text
