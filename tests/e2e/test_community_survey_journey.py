"""End to end in Chromium: a coordinator starts the community survey, a resident answers it on
a phone in French, frontline staff key in a paper form, and the results show by target group."""

import pytest
from playwright.sync_api import expect

from program_planner.extensions import db
from program_planner.planning.models import TargetGroup
from tests.e2e.test_community_journey import no_axe_violations, sign_in

pytestmark = pytest.mark.e2e


def test_survey_link_paper_keying_and_results(browser, site, clean_app, make_user):
    with clean_app.app_context():
        db.session.add_all([TargetGroup(name="Seniors"), TargetGroup(name="Newcomers")])
        db.session.commit()
    coordinator = make_user("coordinator", full_name="Chantal Côté")
    frontline = make_user("frontline", full_name="Farid Haddad")

    c_ctx = browser.new_context()
    page = c_ctx.new_page()
    sign_in(page, site, coordinator)
    page.goto(f"{site}/community/surveys")
    no_axe_violations(page)
    page.get_by_role("button", name="Start the survey").click()
    expect(page.get_by_text("Give the survey a title.")).to_be_visible()
    no_axe_violations(page)  # the form with its error
    page.get_by_label("Title").fill("Community needs survey 2026")
    page.get_by_role("button", name="Start the survey").click()
    link = page.locator("#surveys .survey-link").first.get_attribute("href")
    page.get_by_role("link", name="Paper form").first.click()
    expect(page.locator(".paper-question")).to_have_count(8)
    no_axe_violations(page)
    c_ctx.close()

    phone = browser.new_context(viewport={"width": 320, "height": 700})
    page = phone.new_page()
    page.goto(f"{link}?lang=fr")
    no_axe_violations(page)
    page.get_by_label("Pratiquer l'anglais ou le français").check()
    page.get_by_label("Le transport").check()
    page.get_by_label("Jamais").check()
    page.get_by_label("Newcomers").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.locator("#thanks")).to_be_visible()
    no_axe_violations(page)
    phone.close()

    f_ctx = browser.new_context()
    page = f_ctx.new_page()
    sign_in(page, site, frontline)
    page.goto(f"{site}/community/surveys")
    page.get_by_role("link", name="full form").first.click()  # the checkbox form, not rapid
    no_axe_violations(page)
    page.get_by_label("Getting there (transport)").check()
    page.get_by_label("Seniors").check()
    page.get_by_role("button", name="Save this form").click()
    expect(page.get_by_text("Paper form saved. Key in the next one.")).to_be_visible()
    page.goto(f"{site}/community/surveys/results")
    expect(page.locator("#respondents")).to_contain_text("2 people answered")
    expect(page.locator("#respondents")).to_contain_text("1 of them do")
    transport = page.locator('#barriers tr[data-value="transport"]')
    expect(transport.locator(".total")).to_contain_text("2")
    no_axe_violations(page)
    f_ctx.close()
