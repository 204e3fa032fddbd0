"""The follow-up survey over HTTP: settings (staff), the personal survey, unsubscribe."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from program_planner.evaluation.followup.models import (
    FollowUpInvitation,
    FollowUpQuestion,
    FollowUpSettings,
)
from program_planner.evaluation.followup.standard import ensure_follow_up_questions
from program_planner.evaluation.models import (
    Answer,
    FollowUpContact,
    Question,
    Response,
    ResponseChannel,
    ResponseKind,
)
from program_planner.extensions import db
from program_planner.programs.models import Status
from tests.conftest import csrf_token_from, query
from tests.evaluation.factories_followup import add_invitation
from tests.evaluation.factories_public import add_contact, add_question
from tests.factories import make_program
from tests.occurrences.factories import add_occurrence


@pytest.fixture
def program(clean_app, make_user, branch):
    owner = make_user("programmer", username="owner")
    with clean_app.app_context():
        ensure_follow_up_questions()  # the migration's rows; each test starts empty
        program = make_program(owner.id, branch, status=Status.DELIVERED, title="Ateliers")
        add_occurrence(program.id, datetime(2027, 3, 3, 23, 0, tzinfo=UTC))
        own = add_question(program.id, "own-q", "free_text", "Anything else?", "Autre chose?")
        db.session.commit()
        return {"id": program.id, "owner": owner, "own_question": own.id}


@pytest.fixture
def invited(clean_app, program):
    """An open invitation of an address left in French: {survey, unsubscribe, codes}."""
    with clean_app.app_context():
        contact, _token = add_contact(program["id"], email="lectrice@example.org")
        invitation, survey, unsubscribe = add_invitation(program["id"], contact.id, language="fr")
        db.session.add(
            FollowUpQuestion(program_id=program["id"], question_id=program["own_question"])
        )
        codes = dict(db.session.execute(sa.select(Question.code, Question.id)).all())
        db.session.commit()
        return {
            "id": invitation.id,
            "survey": f"/follow-up/s/{survey}",
            "unsubscribe": f"/follow-up/unsubscribe/{unsubscribe}",
            "q": codes,
        }


def answers(invited, **extra):
    q = invited["q"]
    return {
        f"q{q['followup_applied']}": "4",
        f"q{q['followup_changed']}": "1",
        f"q{q['followup_changed_what']}": "J'utilise la bibliothèque numérique.",
        f"q{q['followup_used_resources']}": "0",
        f"q{q['own-q']}": "Merci!",
        "submission_key": "f" * 32,
        **extra,
    }


def follow_up_responses(app):
    return query(app, sa.select(Response).where(Response.kind == ResponseKind.FOLLOW_UP))


# --- Settings --------------------------------------------------------------------------------


def test_owner_sees_the_defaults_and_saves_settings(clean_app, client, program, login_as):
    from tests.conftest import sign_in

    sign_in(client, "owner")
    page = client.get(f"/programs/{program['id']}/follow-up").get_data(as_text=True)
    assert 'name="weeks_after"' in page and 'value="6"' in page and 'value="7"' in page
    assert "Since the program, I have applied what I learned" in page  # always asked
    assert "Anything else?" in page  # the program's own question may be added
    response = client.post(
        f"/programs/{program['id']}/follow-up",
        data={
            "enabled": "y",
            "weeks_after": "4",
            "reminder_days": "5",
            "questions": [str(program["own_question"])],
            "version": "0",
        },
    )
    assert response.status_code == 302
    [row] = query(clean_app, sa.select(FollowUpSettings))
    assert (row.enabled, row.weeks_after, row.reminder_days, row.version) == (True, 4, 5, 1)
    assert query(clean_app, sa.select(FollowUpQuestion.question_id)) == [program["own_question"]]
    detail = client.get(f"/programs/{program['id']}").get_data(as_text=True)
    assert 'id="follow-up-plan"' in detail and "Invitations go out on" in detail


def test_settings_out_of_range_are_refused_with_what_was_typed(
    clean_app, client, program, login_as
):
    login_as("coordinator")
    for weeks, days in (("9", "7"), ("3", "7"), ("6", "0"), ("six", "7"), ("9" * 400, "7")):
        response = client.post(
            f"/programs/{program['id']}/follow-up",
            data={"enabled": "y", "weeks_after": weeks, "reminder_days": days, "version": "0"},
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 422, (weeks, days)
        assert 'aria-invalid="true"' in page
        assert f'value="{weeks}"' in page or weeks == "9" * 400
    assert query(clean_app, sa.select(FollowUpSettings)) == []


def test_a_save_based_on_an_older_version_is_refused_and_keeps_the_input(
    clean_app, client, program, login_as
):
    login_as("coordinator")
    url = f"/programs/{program['id']}/follow-up"
    data = {"enabled": "y", "weeks_after": "5", "reminder_days": "7", "version": "0"}
    assert client.post(url, data=data).status_code == 302
    stale = {**data, "weeks_after": "8", "enabled": ""}  # opened before the first save
    response = client.post(url, data=stale)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Someone else saved this" in page and 'value="8"' in page
    [row] = query(clean_app, sa.select(FollowUpSettings))
    assert (row.weeks_after, row.enabled) == (5, True)
    again = csrf_free_resubmit(page, stale)
    assert client.post(url, data=again).status_code == 302
    [row] = query(clean_app, sa.select(FollowUpSettings))
    assert (row.weeks_after, row.enabled) == (8, False)


def csrf_free_resubmit(page, data):
    """The form as shown after a conflict carries the current version: post it again."""
    import re

    version = re.search(r'name="version" type="hidden" value="(\d+)"', page) or re.search(
        r'id="version" name="version" type="hidden" value="(\d+)"', page
    )
    assert version, "no version in the page"
    return {**data, "version": version.group(1)}


def test_frontline_staff_and_closed_programs_cannot_change_the_settings(
    clean_app, client, program, login_as
):
    login_as("frontline")
    assert client.get(f"/programs/{program['id']}/follow-up").status_code == 403
    assert client.post(f"/programs/{program['id']}/follow-up", data={}).status_code == 403


# --- The personal survey ---------------------------------------------------------------------


def test_the_survey_is_in_the_attendees_language_and_stores_one_follow_up_response(
    clean_app, client, invited
):
    page = client.get(invited["survey"] + "?lang=fr").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Sondage de suivi" in page
    assert "Autre chose?" in page  # the program's own follow-up question
    response = client.post(invited["survey"] + "?lang=fr", data=answers(invited))
    assert response.status_code == 302 and "/follow-up/thanks" in response.headers["Location"]
    [stored] = follow_up_responses(clean_app)
    assert (stored.language, stored.channel) == ("fr", ResponseChannel.ONLINE)
    assert stored.occurrence_id is None
    texts = query(clean_app, sa.select(Answer.value_text).where(Answer.value_text.is_not(None)))
    assert sorted(texts) == ["J'utilise la bibliothèque numérique.", "Merci!"]
    [invitation] = query(clean_app, sa.select(FollowUpInvitation))
    assert invitation.answered is True
    assert query(clean_app, sa.select(FollowUpContact.id)) == []  # the address is not kept
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="thanks"' in thanks


def test_bad_input_keeps_every_answer(clean_app, client, invited):
    q = invited["q"]
    data = answers(invited, **{f"q{q['followup_applied']}": "", f"q{q['followup_changed']}": "7"})
    response = client.post(invited["survey"], data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="error-summary"' in page
    assert "J&#39;utilise la bibliothèque numérique." in page and "Merci!" in page
    assert follow_up_responses(clean_app) == []
    [invitation] = query(clean_app, sa.select(FollowUpInvitation))
    assert invitation.answered is False  # still usable


def test_a_used_link_is_refused_to_whoever_opens_it_next(clean_app, client, invited):
    assert client.post(invited["survey"], data=answers(invited)).status_code == 302
    forwarded = clean_app.test_client()  # someone the email was forwarded to
    page = forwarded.get(invited["survey"])
    assert page.status_code == 410 and 'id="link-used"' in page.get_data(as_text=True)
    other = answers(invited, submission_key="g" * 32)
    response = forwarded.post(invited["survey"], data=other)
    assert response.status_code == 410
    assert len(follow_up_responses(clean_app)) == 1


def test_the_same_form_posted_twice_stores_one_response(clean_app, client, invited):
    assert client.post(invited["survey"], data=answers(invited)).status_code == 302
    again = client.post(invited["survey"], data=answers(invited))
    assert again.status_code == 302 and "/follow-up/thanks" in again.headers["Location"]
    assert len(follow_up_responses(clean_app)) == 1


def test_many_posts_from_one_network_keep_the_answers(clean_app, client, invited, monkeypatch):
    monkeypatch.setitem(clean_app.config, "RATELIMIT_PUBLIC_FORM", "1 per minute")
    q = invited["q"]
    client.post(invited["survey"], data=answers(invited, **{f"q{q['followup_applied']}": ""}))
    response = client.post(invited["survey"], data=answers(invited))
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 'id="form-limited"' in page and "J&#39;utilise la bibliothèque numérique." in page
    assert follow_up_responses(clean_app) == []
    assert client.get(invited["survey"]).status_code == 200  # reading is never limited


def test_an_expired_link_is_closed(clean_app, client, invited):
    with clean_app.app_context():
        invitation = db.session.get(FollowUpInvitation, invited["id"])
        invitation.closes_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    page = client.get(invited["survey"])
    assert page.status_code == 410 and 'id="link-closed"' in page.get_data(as_text=True)
    assert client.post(invited["survey"], data=answers(invited)).status_code == 410
    assert follow_up_responses(clean_app) == []


def test_invalid_tokens_are_not_found(clean_app, client, invited):
    unsubscribe_token = invited["unsubscribe"].rsplit("/", 1)[1]
    for url in (
        "/follow-up/s/guess",
        "/follow-up/s/" + "x" * 300,
        f"/follow-up/s/{unsubscribe_token}",  # an unsubscribe token opens no survey
    ):
        page = client.get(url)
        assert page.status_code == 404 and 'id="link-unknown"' in page.get_data(as_text=True)
        assert client.post(url, data=answers(invited)).status_code == 404
    assert follow_up_responses(clean_app) == []
    page = client.post("/follow-up/unsubscribe/guess")
    assert page.status_code == 404 and 'id="unsubscribe-unknown"' in page.get_data(as_text=True)
    assert len(query(clean_app, sa.select(FollowUpContact.id))) == 1


# --- Unsubscribe -----------------------------------------------------------------------------


def test_unsubscribe_asks_then_deletes_and_says_when_already_done(clean_app, client, invited):
    page = client.get(invited["unsubscribe"] + "?lang=fr").get_data(as_text=True)
    assert "Supprimer mon adresse" in page
    assert len(query(clean_app, sa.select(FollowUpContact.id))) == 1  # a GET changes nothing
    done = client.post(invited["unsubscribe"]).get_data(as_text=True)
    assert 'id="unsubscribed"' in done
    assert query(clean_app, sa.select(FollowUpContact.id)) == []
    again = client.post(invited["unsubscribe"])
    assert again.status_code == 200
    assert 'id="already-unsubscribed"' in again.get_data(as_text=True)
    assert 'id="already-unsubscribed"' in client.get(invited["unsubscribe"]).get_data(as_text=True)
    page = client.get(invited["survey"])  # the survey link stops working too
    assert page.status_code == 410 and 'id="link-withdrawn"' in page.get_data(as_text=True)
    [invitation] = query(clean_app, sa.select(FollowUpInvitation))
    assert invitation.unsubscribed is True


def test_one_click_unsubscribe_from_a_mail_client_needs_no_csrf_token(
    clean_app, client, invited, monkeypatch
):
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    refused = client.post(invited["unsubscribe"], data={})  # neither one-click nor the page
    assert 'id="form-expired"' in refused.get_data(as_text=True)
    assert len(query(clean_app, sa.select(FollowUpContact.id))) == 1
    response = client.post(invited["unsubscribe"], data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert query(clean_app, sa.select(FollowUpContact.id)) == []


def test_the_confirmation_page_works_with_csrf_on(clean_app, client, invited, monkeypatch):
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    page = client.get(invited["unsubscribe"]).get_data(as_text=True)
    response = client.post(invited["unsubscribe"], data={"csrf_token": csrf_token_from(page)})
    assert 'id="unsubscribed"' in response.get_data(as_text=True)


# --- The report ------------------------------------------------------------------------------


def test_the_report_shows_invited_answered_and_the_rate_honestly(
    clean_app, client, program, invited, login_as
):
    with clean_app.app_context():
        for _n in range(3):
            add_invitation(program["id"], language="en")
        db.session.commit()
    client.post(invited["survey"], data=answers(invited))
    login_as("coordinator")
    page = client.get(f"/programs/{program['id']}/report").get_data(as_text=True)
    assert 'id="follow-up-invited">4<' in page
    assert 'id="follow-up-answered">1<' in page
    assert 'id="follow-up-rate">25 %<' in page
    assert 'id="follow-up-few"' in page  # one answer: said so
    assert "Since the program, I have applied what I learned" in page
    assert "J&#39;utilise la bibliothèque numérique." in page
    assert "likely between" in page


# --- Bad input: the walk of tests/test_bad_input.py over these pages ---------------------------


def test_hostile_values_in_the_follow_up_forms_never_fail(
    clean_app, client, program, invited, login_as
):
    from tests.test_bad_input import post_forms, stored_control_characters

    failures = []
    posts = post_forms(client, invited["survey"], failures)  # anonymous attendee
    posts += post_forms(client, invited["unsubscribe"], failures)
    login_as("coordinator")
    posts += post_forms(client, f"/programs/{program['id']}/follow-up", failures)
    assert posts >= 8
    assert not failures, failures
    assert stored_control_characters(clean_app) == []
