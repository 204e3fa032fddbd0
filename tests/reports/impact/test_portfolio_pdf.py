"""The impact report of a fiscal year's portfolio: at most two pages, English and French."""

import sqlalchemy as sa

from program_planner.audit.models import AuditEvent
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.programs.models import Program, Status
from tests.conftest import query
from tests.factories import make_ready_program
from tests.reports.impact.pdf import needs_poppler, pages, save, to_png, words
from tests.reports.test_report import demo_program_id, sign_in_demo

pytestmark = needs_poppler


def demo_year(app):
    pid = demo_program_id(app)
    with app.app_context():
        return db.session.get(Program, pid).fiscal_year


def test_demo_portfolio_in_english(clean_app, client, tmp_path):
    year = demo_year(clean_app)
    sign_in_demo(client)
    pdf = save(client.get(f"/dashboard/impact.pdf?fiscal_year={year}&lang=en"), tmp_path / "en.pdf")
    assert 1 <= pages(pdf) <= 2
    page = words(pdf)
    assert f"Impact report: fiscal year {year}" in page
    for heading in ("What it set out to do", "For whom", "What happened", "Objectives"):
        assert heading in page
    assert "Computer basics for seniors" in page  # the largest program's objectives
    assert "95 % CI" in page
    assert "Attendance by program type" in page
    assert "cost per attendee" in page
    assert "Keep groups at 12." in page  # a program's lessons learned
    assert to_png(pdf, tmp_path / "en")
    downloads = sa.select(AuditEvent.details).where(
        AuditEvent.action == "portfolio_impact_downloaded"
    )
    assert [d["year"] for d in query(clean_app, downloads)] == [year]


def test_demo_portfolio_in_french(clean_app, client, tmp_path):
    year = demo_year(clean_app)
    sign_in_demo(client)
    pdf = save(client.get(f"/dashboard/impact.pdf?fiscal_year={year}&lang=fr"), tmp_path / "fr.pdf")
    assert 1 <= pages(pdf) <= 2
    page = words(pdf)
    assert f"Rapport d’impact : exercice {year}" in page
    assert "Ce que nous avons appris" in page
    assert "Participation par type de programme" in page
    # types and target groups are named in the PDF's language, whatever the reader's own
    assert "Emploi et carrière" in page and "Littératie numérique" in page
    assert "Chercheurs d’emploi" in page or "Chercheurs d'emploi" in page
    assert "Job seekers" not in page and "Digital literacy" not in page
    assert to_png(pdf, tmp_path / "fr")


def test_zero_programs_gives_a_clear_message(clean_app, client, login_as):
    login_as("coordinator")
    response = client.get("/dashboard/impact.pdf", follow_redirects=True)
    assert response.status_code == 200
    assert "there is no impact report to make" in response.get_data(as_text=True)
    response = client.get("/dashboard/impact.pdf?fiscal_year=abc", follow_redirects=True)
    assert "there is no impact report to make" in response.get_data(as_text=True)


def test_a_year_with_no_sessions(clean_app, client, login_as, make_user, branch, tmp_path):
    login_as("coordinator")
    owner = make_user("programmer")
    with clean_app.app_context():
        program = make_ready_program(owner.id, branch, status=Status.APPROVED)
        for occurrence in db.session.scalars(
            sa.select(Occurrence).where(Occurrence.program_id == program.id)
        ):
            db.session.delete(occurrence)
        db.session.commit()
    pdf = save(client.get("/dashboard/impact.pdf?fiscal_year=2027"), tmp_path / "empty.pdf")
    assert pages(pdf) == 1
    page = words(pdf)
    assert "No session took place in this fiscal year" in page
    assert "Not enough evidence yet to judge any objective." in page
    for title in ("Attendance by program type", "Attendance by period", "Objectives by verdict"):
        assert title not in page
    assert to_png(pdf, tmp_path / "empty")


def test_the_dashboard_links_to_the_report(clean_app, client):
    year = demo_year(clean_app)
    sign_in_demo(client)
    html = client.get(f"/dashboard?fiscal_year={year}").get_data(as_text=True)
    assert f"/dashboard/impact.pdf?fiscal_year={year}" in html
