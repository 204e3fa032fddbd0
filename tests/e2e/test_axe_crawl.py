"""Every page each role can reach passes axe-core at 1280 and 320 px in English and French.

The pages are the links on the home page plus every GET route the route table
(tests/test_route_permissions.py) serves to the role, filled with the sample rows the route
matrix uses (tests/factories.make_samples). At 320 px no page may scroll sideways.

Runs on SQLite only: what is checked is the markup and the stylesheets, which do not depend on
the database; every page's HTTP behaviour on PostgreSQL is covered by the route matrix and the
area tests, and a second crawl would double the longest browser test on a two-core CI machine.
"""

from urllib.parse import urldefrag, urljoin

import pytest
from axe_playwright_python.base import AXE_SCRIPT, AxeResults
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.conftest import ROLES
from tests.e2e.test_roles_in_browser import sign_in
from tests.factories import make_samples
from tests.routes_expected import ANON, OK
from tests.test_route_permissions import EXPECTED, app_routes, build_url

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 320)
# not pages: files, signing out, and page parts a script fetches (checked inside their pages)
NOT_PAGES = ("/static/", "/logout", "/similar-programs")
RUN_AXE = "axe.run(document, {resultTypes: ['violations']})"
# What the page is made of, without what changes on every load (CSRF tokens, the return path
# of the language form): the main content and the rest (header, navigation, footer).
PARTS = """() => {
  const plain = node => { const copy = node.cloneNode(true);
    copy.querySelectorAll("input[type=hidden]").forEach(i => i.removeAttribute("value"));
    return copy; };
  const body = plain(document.body), main = body.querySelector("main");
  if (main) main.remove();
  return [main ? main.outerHTML : "", body.outerHTML];
}"""
# Elements sticking out to the right of the window (not inside a scrolling box), innermost first.
WIDE = """() => {
  const out = el => el.getBoundingClientRect().right > innerWidth + 0.5;
  const free = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
    if (getComputedStyle(a).overflowX !== "visible") return false; return true; };
  return [...document.querySelectorAll("body *")]
    .filter(el => out(el) && free(el) && ![...el.children].some(out))
    .slice(0, 4).map(el => el.outerHTML.slice(0, 160));
}"""


def route_urls(app, role, sample_ids):
    """Return the URLs of the GET routes the route table serves to role."""
    return [
        build_url(rule, sample_ids)
        for endpoint, method, rule in app_routes(app)
        if method == "GET"
        and EXPECTED[endpoint]["GET"][role] == OK
        and not any(part in rule.rule for part in NOT_PAGES)
    ]


def page_links(page, site):
    """Return the same-site links on the current page, as paths."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    return [
        urldefrag(href).url.removeprefix(site)
        for href in hrefs
        if href.startswith(site) and not any(part in href for part in NOT_PAGES)
    ]


def load(page, url):
    """Open url; return its address when it is an HTML page, None for a download or a file."""
    try:
        response = page.goto(url)
    except PlaywrightError:  # "Download is starting": a spreadsheet, a calendar, a CSV
        return None
    kind = response.headers.get("content-type", "") if response else ""
    return urldefrag(page.url).url if response.ok and kind.startswith("text/html") else None


class Crawl:
    """Check pages; a page part already checked at this width and language is not checked again.

    Each role's header and navigation are checked on its own pages, and each distinct main
    content once: a page whose parts are all identical to checked ones gives axe nothing new.
    """

    def __init__(self):
        self.seen = set()
        self.problems = []
        self.checked = self.visited = 0

    def check(self, page, url, role, language):
        """Record the loaded page's axe violations at each width and any sideways scroll."""
        self.visited += 1
        where = f"{role} {language}"
        parts = page.evaluate(PARTS)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            keys = {(language, width, n, part) for n, part in enumerate(parts)}
            if not keys <= self.seen:
                self.seen |= keys
                self.checked += 1
                results = AxeResults(page.evaluate(RUN_AXE))
                if results.violations_count:
                    self.problems.append(f"{where} {width}px {url}\n{results.generate_report()}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide = "\n  ".join(page.evaluate(WIDE))
                self.problems.append(f"{where} {width}px {url}: {scroll}px wide:\n  {wide}")


def choose_language(page, site, code, signed_in):
    """Choose a language with the button every page carries."""
    page.goto(f"{site}/" if signed_in else f"{site}/login")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(f"button[lang='{code}']").first.click()
    page.wait_for_load_state()


def crawl_role(browser, site, app, role, user, sample_ids, crawl):
    """Sign in as user in a context of its own and check every page the role reaches."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-CA")
    context.add_init_script(script=AXE_SCRIPT)
    page = context.new_page()
    if user:
        sign_in(page, site, user)
    links = page_links(page, site) if user else []
    pages = []
    for url in dict.fromkeys(links + route_urls(app, role, sample_ids)):
        address = load(page, urljoin(site, url))
        if address and address not in pages:
            pages.append(address)
            crawl.check(page, address.removeprefix(site), role, "en")
    assert len(pages) >= (5 if user else 2), pages
    choose_language(page, site, "fr", signed_in=bool(user))
    for address in pages:
        page.goto(address)
        crawl.check(page, address.removeprefix(site), role, "fr")
    context.close()


@pytest.mark.sqlite_only  # markup and styles do not depend on the database: see the docstring
def test_every_page_passes_axe_at_both_widths_in_both_languages(
    browser, site, clean_app, make_user, branch
):
    owner = make_user("programmer")
    users = {ANON: None, "programmer": owner}
    users.update({role: make_user(role) for role in ROLES if role != "programmer"})
    sample_ids = make_samples(clean_app, owner.id, branch)
    sample_ids.update({"user_id": users["frontline"].id, "branch_id": branch})
    crawl = Crawl()
    for role, user in users.items():
        crawl_role(browser, site, clean_app, role, user, sample_ids, crawl)
    print(f"{crawl.visited} page loads, axe run {crawl.checked} times")
    assert not crawl.problems, f"{len(crawl.problems)} problems:\n" + "\n".join(crawl.problems)


CONTRAST = """([a, b]) => {
  const rgb = color => color.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => v / 255)
    .map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}"""


def test_menu_folds_on_small_screens_and_works_without_javascript(browser, site, make_user):
    user = make_user("admin")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, site, user)
    programs = page.get_by_role("link", name="Programs", exact=True)
    expect(programs).to_be_visible()
    menu = page.locator(".site-menu > summary")
    expect(menu).to_be_hidden()

    page.set_viewport_size({"width": 320, "height": 700})
    expect(programs).to_be_hidden()
    expect(menu).to_have_text("Menu")
    menu.focus()
    page.keyboard.press("Enter")
    expect(programs).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    programs.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programs")
    context.close()


def test_focus_ring_on_the_dark_bar_contrasts_at_least_3_to_1(page, site, make_user):
    sign_in(page, site, make_user("programmer"))
    page.get_by_role("link", name="Home", exact=True).focus()
    page.keyboard.press("Tab")  # the ring shows for keyboard focus
    link = page.get_by_role("link", name="Programs", exact=True)
    expect(link).to_be_focused()
    ring = link.evaluate("el => getComputedStyle(el, null).outlineColor")
    bar = page.locator("nav.navbar").evaluate("el => getComputedStyle(el).backgroundColor")
    assert link.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    assert page.evaluate(CONTRAST, [ring, bar]) >= 3
