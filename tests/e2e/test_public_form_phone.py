"""End to end in Chromium: an attendee answers on a phone, in French; the database holds it."""

from decimal import Decimal

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from program_planner.evaluation.builder.program_form import copy_template
from program_planner.evaluation.builder.service import ensure_standard_questions
from program_planner.evaluation.models import (
    Answer,
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

pytestmark = pytest.mark.e2e
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def test_attendee_answers_in_french_on_a_phone(browser, site, clean_app, branch, make_user):
    owner = make_user("programmer")
    with clean_app.app_context():
        ensure_standard_questions()
        program = make_ready_program(
            owner.id, branch, status=Status.DELIVERED, title="Cercle de conversation"
        )
        template = db.session.scalar(sa.select(FormTemplate))
        copy_template(program, template)
        token = create_link(program, ResponseKind.IMMEDIATE)[0].token
        codes = dict(db.session.execute(sa.select(Question.code, Question.id)).all())
        db.session.commit()
        program_id = program.id

    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{site}/f/{token}")
    page.get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_text("J'ai appris quelque chose de nouveau").first).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_role("button").last.click()  # send with nothing answered: required ones refused
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    for code, value in [
        ("learned_new", "5"),
        ("confidence", "4"),
        ("intend_apply", "4"),
        ("aware_resources", "na"),
    ]:
        page.locator(f"input[name=q{codes[code]}][value='{value}']").check()
    page.locator(f"input[name=q{codes['satisfaction']}][value='5']").check()
    page.locator(f"textarea[name=q{codes['liked_most']}]").fill("Les bénévoles, très patients.")
    page.locator(f"input[name=q{codes['how_heard']}][value='posters']").check()
    page.locator(f"input[name=q{codes['how_heard']}][value='word_of_mouth']").check()
    page.get_by_role("button").last.click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert "/thanks" in page.url
    context.close()

    [response] = query(clean_app, sa.select(Response).where(Response.program_id == program_id))
    assert response.language == "fr" and response.channel.value == "online"
    answers = query(
        clean_app,
        sa.select(Answer.question_id, Answer.value_number, Answer.value_text).order_by(Answer.id),
    )
    got = {(qid, num, text) for qid, num, text in answers}
    assert got == {
        (codes["learned_new"], Decimal("5"), None),
        (codes["confidence"], Decimal("4"), None),
        (codes["intend_apply"], Decimal("4"), None),
        (codes["aware_resources"], None, "na"),
        (codes["satisfaction"], Decimal("5"), None),
        (codes["liked_most"], None, "Les bénévoles, très patients."),
        (codes["how_heard"], None, "posters"),
        (codes["how_heard"], None, "word_of_mouth"),
    }
