"""End to end: an attendee opts in, weeks later the follow-up arrives by email, is answered in
French in Chromium, and the program report shows the result and the response rate.

The clock is moved by calling the upkeep with now = the due date; nothing sleeps.
"""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from program_planner.evaluation.builder.program_form import copy_template
from program_planner.evaluation.builder.service import ensure_standard_questions
from program_planner.evaluation.followup import service as followup
from program_planner.evaluation.followup.standard import ensure_follow_up_questions
from program_planner.evaluation.followup.tasks import run_follow_ups
from program_planner.evaluation.models import (
    FollowUpContact,
    FormTemplate,
    Question,
    Response,
    ResponseKind,
)
from program_planner.evaluation.public.service import create_link
from program_planner.extensions import db
from program_planner.programs.models import Status
from tests.conftest import query
from tests.factories import make_ready_program
from tests.mail.smtp import smtp_server

pytestmark = pytest.mark.e2e


def no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def smtp(clean_app, monkeypatch, site):
    """A real SMTP server; links in messages point at the live site."""
    with smtp_server() as (inbox, port):
        monkeypatch.setitem(clean_app.config, "MAIL_BACKEND", "smtp")
        monkeypatch.setitem(clean_app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(clean_app.config, "MAIL_PORT", port)
        monkeypatch.setitem(clean_app.config, "PUBLIC_BASE_URL", site)
        from program_planner.extensions import mail

        clean_app.extensions["mail"] = mail.init_mail(clean_app.config, clean_app.testing)
        yield inbox


def test_follow_up_by_email_answered_in_french_and_reported(
    browser, site, smtp, clean_app, branch, make_user
):
    owner = make_user("programmer")
    coordinator = make_user("coordinator", username="coord")
    with clean_app.app_context():
        ensure_standard_questions()
        ensure_follow_up_questions()
        program = make_ready_program(
            owner.id, branch, status=Status.DELIVERED, title="Cercle de conversation"
        )
        copy_template(program, db.session.scalar(sa.select(FormTemplate)))
        token = create_link(program, ResponseKind.IMMEDIATE)[0].token
        codes = dict(db.session.execute(sa.select(Question.code, Question.id)).all())
        db.session.commit()
        program_id = program.id
        due = followup.schedule(program_id).due_at
    assert due is not None

    # 1. Right after the program: the attendee answers in French and leaves an address.
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/f/{token}?lang=fr")
    for code in ("learned_new", "confidence", "intend_apply", "aware_resources"):
        page.locator(f"input[name=q{codes[code]}][value='4']").check()
    page.locator(f"input[name=q{codes['satisfaction']}][value='5']").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.locator("#thanks")).to_be_visible()
    page.locator("input[name=email]").fill("Lectrice@Example.org")
    page.locator("input[name=consent]").check()
    page.locator("form[action*='/follow-up'] button[type=submit]").click()
    expect(page.locator("#follow-up-saved")).to_be_visible()
    context.close()
    [(email, language)] = query(
        clean_app, sa.select(FollowUpContact.email, FollowUpContact.language)
    )
    assert (email, language) == ("lectrice@example.org", "fr")

    # 2. The day before it is due nothing goes; on the due date the invitation is sent.
    with clean_app.app_context():
        assert run_follow_ups(due - timedelta(days=1))["invited"] == 0
    assert smtp.messages == []
    with clean_app.app_context():
        assert run_follow_ups(due)["invited"] == 1
    [message] = smtp.messages
    assert message["To"] == "lectrice@example.org"
    assert message["Subject"] == "Quelques questions sur « Cercle de conversation »"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = smtp.parts(message)["html"]
    assert '<html lang="fr">' in html
    survey_url = re.search(r'<a href="([^"]+)" id="survey-link"', html).group(1)
    assert survey_url.startswith(f"{site}/follow-up/s/")

    # 3. The attendee follows the link from the email and answers in French.
    context = browser.new_context()
    page = context.new_page()
    page.goto(survey_url.replace("&amp;", "&"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_text("Depuis le programme, j'ai mis en pratique")).to_be_visible()
    no_axe_violations(page)
    page.get_by_role("button", name="Envoyer mes réponses").click()  # required one missing
    expect(page.locator("#error-summary")).to_be_visible()
    page.locator(f"input[name=q{codes['followup_applied']}][value='5']").check()
    page.locator(f"input[name=q{codes['followup_changed']}][value='1']").check()
    page.locator(f"textarea[name=q{codes['followup_changed_what']}]").fill(
        "Je fais mes appels vidéo seule."
    )
    page.locator(f"input[name=q{codes['followup_used_resources']}][value='1']").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.locator("#thanks")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto(survey_url.replace("&amp;", "&"))  # used once: refused now
    expect(page.locator("#link-used")).to_be_visible()
    context.close()
    [stored] = query(clean_app, sa.select(Response).where(Response.kind == ResponseKind.FOLLOW_UP))
    assert stored.language == "fr"
    assert query(clean_app, sa.select(FollowUpContact.id)) == []  # the address is gone

    # 4. The report shows the follow-up result beside its response rate, honestly.
    with clean_app.app_context():
        assert run_follow_ups(due + timedelta(days=7))["reminded"] == 0  # answered: no reminder
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(coordinator.username)
    page.get_by_label("Password").fill(coordinator.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/")
    page.goto(f"{site}/programs/{program_id}/report#follow-up")
    section = page.locator("#follow-up")
    expect(section.locator("#follow-up-invited")).to_have_text("1")
    expect(section.locator("#follow-up-answered")).to_have_text("1")
    expect(section.locator("#follow-up-rate")).to_have_text("100 %")
    expect(section.locator("#follow-up-few")).to_be_visible()
    expect(section.get_by_text("Je fais mes appels vidéo seule.")).to_be_visible()
    applied = section.locator("[data-question=followup_applied]")
    expect(applied).to_contain_text("n = 1")
    no_axe_violations(page)
    context.close()
