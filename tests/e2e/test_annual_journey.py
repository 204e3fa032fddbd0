"""End to end in Chromium: annual statistics in the agency's categories, and the admin's choice."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.reports.test_annual import build_year

pytestmark = pytest.mark.e2e


def no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def sign_in(page, site, user):
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/")


def look(page, name):
    """Check the page at 1280 and 320 px: no axe violation, no sideways scroll."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        no_axe_violations(page)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} scrolls sideways at {width} px ({scroll})"


def test_admin_chooses_the_profile_and_the_table_follows(
    browser, site, clean_app, make_user, branch
):
    owner = make_user("programmer")
    build_year(clean_app, owner.id, branch)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    sign_in(page, site, make_user("admin"))

    page.goto(f"{site}/annual-statistics?year=2027")
    expect(page.locator("tr[data-element='615'] td").last).to_have_text("15")
    expect(page.locator("#checks li[data-ok='yes']")).to_have_count(2)
    look(page, "pls")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the CSV to upload").click()
    assert download.value.suggested_filename == "annual-statistics-pls-2027.csv"

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Change it in the settings").click()
    page.get_by_label("Provincial survey, subject categories (Ontario style)").check()
    look(page, "settings")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()

    page.goto(f"{site}/annual-statistics?year=2027")
    expect(page.locator("#unmapped")).to_contain_text("Family history")
    look(page, "provincial")
    context.close()


def test_a_fiscal_year_chosen_in_the_settings(browser, site, clean_app, make_user, branch):
    owner = make_user("programmer")
    build_year(clean_app, owner.id, branch)
    page = browser.new_page()
    sign_in(page, site, make_user("admin"))
    page.goto(f"{site}/admin/settings")
    page.get_by_label("The reporting year starts on").select_option("4")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()

    page.goto(f"{site}/annual-statistics?year=2027")
    expect(page.locator("#period")).to_have_text("Period: April 1, 2027 – March 31, 2028")
    # from April 2027: the hybrid, the teens' and the outreach sessions (not the series of February)
    expect(page.locator("tr[data-element='600'] td").last).to_have_text("3")
    expect(page.locator("#year option[selected]")).to_have_text("2027–28")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual statistics 2027–28")
    look(page, "fiscal year")
    if os.environ.get("SCREENSHOT_DIR"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/annual-fiscal.png", full_page=True)
        page.goto(f"{site}/admin/settings")
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/settings.png", full_page=True)
    page.close()
