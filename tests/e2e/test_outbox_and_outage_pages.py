"""The admins' outbox and the page shown while the database is down, in Chromium, with axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from program_planner.extensions import db
from program_planner.mail.service import queue_mail

pytestmark = pytest.mark.e2e

NOTICE = {
    "headline": "Une proposition attend votre examen",
    "lines": ["« Ateliers numériques » a été soumise."],
    "link": "http://localhost/programs/7",
    "link_text": "Ouvrir la proposition",
}


def no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [1280, 320])
def test_admin_reads_the_development_outbox(page, site, clean_app, make_user, width):
    admin = make_user("admin")
    with clean_app.app_context():
        queue_mail("reader@example.org", "notice", "fr", NOTICE)
        db.session.commit()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site}/login")
    page.get_by_label("Username").fill(admin.username)
    page.get_by_label("Password").fill(admin.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/")
    if width < 992:  # the menu folds away behind its button on small screens
        page.locator(".site-menu > summary").click()
    page.click('[data-nav="audit"]')
    page.click("#outbox-link")
    assert page.locator("#development-outbox").is_visible()
    no_axe_violations(page)
    page.get_by_role("link", name="Une proposition attend votre examen").click()
    assert "« Ateliers numériques » a été soumise." in page.locator("#message-text").inner_text()
    no_axe_violations(page)


@pytest.fixture(scope="module")
def site_without_database():
    """The app served with a database that cannot be reached."""
    import threading

    from werkzeug.serving import make_server

    from program_planner import create_app

    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite:////nonexistent-dir/x/db.sqlite3")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize("width", [1280, 320])
def test_an_attendee_posting_while_the_database_is_down_can_send_again(
    page, site_without_database, width
):
    page.set_viewport_size({"width": width, "height": 900})
    form = (
        f'<html lang="en"><title>t</title><form method="post" '
        f'action="{site_without_database}/f/some-token?lang=fr">'
        '<input name="q1" value="4"><textarea name="q2">Très utile</textarea>'
        '<button type="submit">Send</button></form></html>'
    )
    page.set_content(form)
    page.click("button")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Momentanément indisponible"
    kept = page.locator('input[type="hidden"]')
    assert [kept.nth(i).get_attribute("name") for i in range(kept.count())] == ["q1", "q2"]
    assert kept.nth(1).get_attribute("value") == "Très utile"
    no_axe_violations(page)
    page.get_by_role("button", name="Envoyer de nouveau").click()  # still down: still kept
    page.wait_for_load_state()
    assert page.locator('input[name="q2"]').get_attribute("value") == "Très utile"
