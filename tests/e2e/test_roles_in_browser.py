"""End to end in Chromium: each role signs in and sees its navigation; pages pass axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import ROLES

pytestmark = pytest.mark.e2e

STAFF_NAV = {"programs", "calendar", "community"}
REVIEWER_NAV = STAFF_NAV | {"dashboard", "it", "budget", "catalogues"}
NAV_BY_ROLE = {
    "programmer": STAFF_NAV,
    "frontline": STAFF_NAV,
    "coordinator": REVIEWER_NAV,
    "admin": REVIEWER_NAV | {"users", "branches", "audit", "settings"},
}
ROLE_NAMES = {
    "programmer": "Programmer",
    "frontline": "Frontline staff",
    "coordinator": "Coordinator",
    "admin": "Administrator",
}


def sign_in(page, site, user):
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/")


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_navigation(page, site, make_user, role):
    user = make_user(role, full_name=f"{role.title()} Tester")
    sign_in(page, site, user)
    expect(page.locator("#who")).to_contain_text(ROLE_NAMES[role])
    nav = {el.get_attribute("data-nav") for el in page.locator("#main-nav [data-nav]").all()}
    assert nav == NAV_BY_ROLE[role]
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {role.title()} Tester")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def test_login_page_passes_axe_and_shows_errors_accessibly(page, site, make_user):
    user = make_user()
    page.goto(f"{site}/login")
    assert_no_axe_violations(page)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("not-the-right-one")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Username or password is incorrect.")
    expect(page.get_by_label("Username")).to_have_value(user.username)
    page.get_by_role("button", name="Sign in").click()  # empty password now
    expect(page.get_by_text("Enter your password.")).to_be_visible()
    assert_no_axe_violations(page)


def test_language_switch_to_french_without_javascript(browser, site, make_user):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/login")
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_label("Nom d'utilisateur").fill("nobody-at-all")
    page.get_by_label("Mot de passe").fill("wrong-password-here")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("incorrect")
    expect(page.get_by_label("Nom d'utilisateur")).to_have_value("nobody-at-all")
    context.close()


def test_admin_creates_an_account_by_keyboard(page, site, make_user):
    admin = make_user("admin")
    sign_in(page, site, admin)
    page.get_by_role("link", name="Staff accounts").first.click()
    page.get_by_role("link", name="Add an account").click()
    assert_no_axe_violations(page)
    page.get_by_label("Username").fill("newperson")
    page.get_by_label("Full name").fill("New Person")
    page.get_by_label("Role").select_option("frontline")
    page.get_by_label("Branch").select_option(label="Central Library")
    page.get_by_label("First password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Use at least 12 characters.")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("New Person")
    page.get_by_label("First password").fill("orchid-tramway-pebble-29")
    page.get_by_label("First password").press("Enter")
    expect(page.get_by_text("Account “newperson” created.")).to_be_visible()
    assert_no_axe_violations(page)
