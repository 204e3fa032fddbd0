"""End to end in Chromium: frontline staff key in two paper community surveys with the keyboard
only (one key per answer), and a programmer imports an online form's export; axe at 1280 and
320 px on every page."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from program_planner.community.survey.models import SurveyResponse, survey_response_groups
from tests.community.test_survey import setup
from tests.community.test_survey_import import GOOGLE_HEADER, ROWS, csv_bytes
from tests.community.test_survey_rapid import stored
from tests.conftest import query
from tests.e2e.test_community_journey import no_axe_violations, sign_in

pytestmark = pytest.mark.e2e

# one paper survey per dict: the keys typed for q1 … q8 (groups: 1 Newcomers, 2 Seniors)
PAPERS = [
    {"q1": "13", "q2": "2", "q5": "4", "q6": "Evening classes, please", "q8": "1"},
    {"q1": "5", "q2": "36", "q3": "1", "q4": "2", "q5": "1", "q7": "4", "q8": "12"},
]


def look(page):
    """No axe violation at 1280 and at 320 px (back to 1280 after)."""
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        no_axe_violations(page)


def key_in(page, keys):
    """Type one paper survey: a key per question, Tab between them, Enter to save."""
    for n in range(1, 9):
        value = keys.get(f"q{n}", "")
        if value:
            page.keyboard.type(value)
        if n < 8:
            page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_frontline_keys_two_paper_surveys_with_the_keyboard_only(
    browser, site, clean_app, make_user
):
    _token, survey_id, groups = setup(clean_app)
    clerk = make_user("frontline")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, site, clerk)
    page.goto(f"{site}/community/surveys")
    page.get_by_role("link", name="Key in paper forms").first.click()
    count = page.locator("#paper-count")
    expect(page.locator("#q1")).to_be_focused()
    look(page)

    # a wrong key is refused at its field, everything typed kept; the next key replaces it
    key_in(page, {**PAPERS[0], "q5": "7"})
    expect(page.get_by_text("Type the number of one option, from 1 to 4.")).to_be_visible()
    expect(page.locator("#q6")).to_have_value("Evening classes, please")
    expect(page.locator("#q5")).to_be_focused()
    expect(count).to_have_text("Paper surveys keyed in: 0")
    look(page)
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    expect(count).to_have_text("Paper surveys keyed in: 1")
    expect(page.locator("#q1")).to_be_focused()
    key_in(page, PAPERS[1])
    expect(count).to_have_text("Paper surveys keyed in: 2")
    expect(page.locator("#last-entry")).to_contain_text("Newcomers, Seniors")
    look(page)
    context.close()

    responses = query(
        clean_app,
        sa.select(SurveyResponse.id, SurveyResponse.channel, SurveyResponse.entered_by_id).order_by(
            SurveyResponse.id
        ),
    )
    assert [(r[1].value, r[2]) for r in responses] == [("paper", clerk.id)] * 2
    first, second = (r[0] for r in responses)
    answers = stored(clean_app)
    assert answers[(first, "community.interests")] == ["digital", "language"]
    assert answers[(first, "community.barriers")] == ["transport"]
    assert answers[(first, "community.library_use")] == ["never"]
    assert answers[(first, "community.ideas")] == ["Evening classes, please"]
    assert answers[(second, "community.interests")] == ["money"]
    assert answers[(second, "community.barriers")] == ["cost", "digital_skills"]
    assert answers[(second, "community.times")] == ["weekday_morning"]
    assert answers[(second, "community.formats")] == ["community"]
    assert answers[(second, "community.library_use")] == ["weekly"]
    assert answers[(second, "community.age_band")] == ["65_plus"]
    linked = query(
        clean_app,
        sa.select(survey_response_groups.c.response_id, survey_response_groups.c.target_group_id),
    )
    assert sorted(linked) == sorted(
        [(first, groups["Newcomers"]), (second, groups["Newcomers"]), (second, groups["Seniors"])]
    )


def test_rapid_keying_works_with_javascript_off(browser, site, clean_app, make_user):
    _token, survey_id, _groups = setup(clean_app)
    clerk = make_user("frontline")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site, clerk)
    page.goto(f"{site}/community/surveys/{survey_id}/rapid")
    expect(page.locator("#rapid-advance")).to_have_count(0)
    expect(page.locator("#q1")).to_be_focused()
    key_in(page, PAPERS[0])
    expect(page.locator("#paper-count")).to_have_text("Paper surveys keyed in: 1")
    context.close()


def test_import_pages_pass_axe(browser, site, clean_app, make_user, tmp_path):
    _token, survey_id, _groups = setup(clean_app)
    programmer = make_user("programmer")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, site, programmer)
    page.goto(f"{site}/community/surveys")
    page.get_by_role("link", name="Import responses").first.click()
    look(page)
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_text("Choose the file to import.")).to_be_visible()
    look(page)
    export = tmp_path / "export.csv"
    export.write_bytes(csv_bytes(GOOGLE_HEADER, ROWS))
    page.get_by_label("File of responses").set_input_files(str(export))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator("#preview-counts")).to_contain_text("2 would be imported")
    look(page)
    page.get_by_role("button", name="Import 2 responses").click()
    expect(page.get_by_text("2 responses imported.")).to_be_visible()
    assert query(clean_app, sa.select(sa.func.count(SurveyResponse.id))) == [2]
    context.close()
