"""End to end in Chromium: frontline staff key in ten paper forms with the keyboard only."""

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from program_planner.evaluation.models import OccurrenceReport
from tests.conftest import query
from tests.evaluation.factories_frontline import (
    EXPECTED,
    FORMS,
    T,
    by_question,
    make_frontline_program,
)
from tests.evaluation.test_frontline_paper import stored

pytestmark = pytest.mark.e2e

ORDER = [T.AGREEMENT, T.RATING, T.YES_NO, T.SINGLE_CHOICE, T.MULTIPLE_CHOICE, T.NUMBER, T.FREE_TEXT]


def sign_in(page, site, user):
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/")


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def key_in(page, keys):
    """Type one paper form: a key per question, Tab between them, Enter to save."""
    for n, qtype in enumerate(ORDER):
        value = keys.get(qtype.value, "")
        if value:
            page.keyboard.type(value)
        if n < len(ORDER) - 1:
            page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_frontline_keys_in_ten_paper_forms_with_the_keyboard_only(
    page, site, clean_app, make_user, branch
):
    owner = make_user("programmer")
    clerk = make_user("frontline")
    with clean_app.app_context():
        ids = make_frontline_program(owner.id, branch)
    first = page.locator(f"#q{ids['questions'][T.AGREEMENT]}")
    count = page.locator("#paper-count")
    sign_in(page, site, clerk)
    page.goto(f"{site}/occurrences/{ids['occurrences'][0]}/paper-entry")
    expect(first).to_be_focused()
    assert_no_axe_violations(page)

    # an out-of-range key is refused at its field; everything typed is kept
    key_in(page, {"agreement": "7", "rating": "4", "free_text": "Kept"})
    expect(page.get_by_text("Type 1 to 5, or 0 or n for not applicable.")).to_be_visible()
    expect(first).to_be_focused()
    expect(page.locator(f"#q{ids['questions'][T.FREE_TEXT]}")).to_have_value("Kept")
    expect(count).to_have_text("Forms keyed in for this session: 0")
    assert_no_axe_violations(page)
    # once the script has run the refused key is selected: whatever is typed next replaces it
    expect(page.locator("#rapid-advance")).to_be_attached()
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    expect(count).to_have_text("Forms keyed in for this session: 1")
    [(_rid, *_rest, values)] = stored(clean_app)
    assert values == by_question(ids, {"agreement": [5], "rating": [4], "free_text": ["Kept"]})

    for n, keys in enumerate(FORMS, start=2):
        expect(first).to_be_focused()
        key_in(page, keys)
        expect(count).to_have_text(f"Forms keyed in for this session: {n}")
    expect(page.locator("#last-entry")).to_contain_text("Bring back the laptops")
    assert_no_axe_violations(page)

    rows = stored(clean_app)[1:]
    assert len(rows) == 10
    for row, expected in zip(rows, EXPECTED, strict=True):
        assert row[5] == by_question(ids, expected)
        assert row[4] == clerk.id
    assert query(clean_app, sa.select(OccurrenceReport.id)) == []


def test_session_report_and_correction_pages_pass_axe(page, site, clean_app, make_user, branch):
    owner = make_user("programmer")
    clerk = make_user("frontline")
    with clean_app.app_context():
        ids = make_frontline_program(owner.id, branch)
    sign_in(page, site, clerk)
    page.goto(f"{site}/occurrences/{ids['occurrences'][0]}/report")
    page.get_by_label("Headcount").fill("9")
    page.get_by_label("First-time attendees").fill("12")
    page.keyboard.press("Enter")
    expect(page.get_by_text("cannot be more than the headcount (9)")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("First-time attendees").fill("3")
    page.get_by_role("button", name="Save the session report").click()
    expect(page.locator("#attendance")).to_contain_text("Edit headcount")
    assert_no_axe_violations(page)
    page.goto(f"{site}/occurrences/{ids['occurrences'][0]}/paper-entry")
    key_in(page, {"rating": "4"})
    page.get_by_role("link", name="Correct the last entry").click()
    expect(page.locator(f"#q{ids['questions'][T.RATING]}")).to_have_value("4")
    assert_no_axe_violations(page)


def test_rapid_entry_works_with_javascript_off(browser, site, clean_app, make_user, branch):
    owner = make_user("programmer")
    clerk = make_user("frontline")
    with clean_app.app_context():
        ids = make_frontline_program(owner.id, branch)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site, clerk)
    page.goto(f"{site}/occurrences/{ids['occurrences'][0]}/paper-entry")
    expect(page.locator("#rapid-advance")).to_have_count(0)  # the enhancement is absent
    expect(page.locator(f"#q{ids['questions'][T.AGREEMENT]}")).to_be_focused()
    key_in(page, FORMS[0])
    expect(page.locator("#paper-count")).to_have_text("Forms keyed in for this session: 1")
    [row] = stored(clean_app)
    assert row[5] == by_question(ids, EXPECTED[0])
    context.close()


def test_optional_jump_to_the_next_question(page, site, clean_app, make_user, branch):
    owner = make_user("programmer")
    clerk = make_user("frontline")
    with clean_app.app_context():
        ids = make_frontline_program(owner.id, branch)
    q = {qtype: page.locator(f"#q{qid}") for qtype, qid in ids["questions"].items()}
    sign_in(page, site, clerk)
    page.goto(f"{site}/occurrences/{ids['occurrences'][0]}/paper-entry")
    expect(q[T.AGREEMENT]).to_be_focused()
    page.keyboard.press("Shift+Tab")  # back to the option, turned on with the space bar
    expect(page.locator("#rapid-advance")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("4")
    expect(q[T.RATING]).to_be_focused()
    page.keyboard.type("9")  # not a rating: stays for correction
    expect(q[T.RATING]).to_be_focused()
    page.keyboard.press("Backspace")
    page.keyboard.type("5y")
    expect(q[T.SINGLE_CHOICE]).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#paper-count")).to_have_text("Forms keyed in for this session: 1")
    expect(page.locator("#rapid-advance")).to_be_checked()  # remembered
    [row] = stored(clean_app)
    assert row[5] == by_question(ids, {"agreement": [4], "rating": [5], "yes_no": [1]})
