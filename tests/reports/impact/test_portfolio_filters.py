"""The portfolio impact report honours every dashboard filter and names them in words."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from program_planner.admin.service import save_branch
from program_planner.audit.models import AuditEvent
from program_planner.evaluation.models import OccurrenceReport
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.programs.models import ProgramType, Status
from tests.conftest import query
from tests.factories import make_program
from tests.reports.impact.pdf import needs_poppler, save, words

pytestmark = needs_poppler


def two_programs(app, owner, central):
    """Alpha (Central, digital literacy, 2 × 17 people) and Beta (East, health, 1 × 23)."""
    with app.app_context():
        east = save_branch(
            None, None, name="East Branch", code="EST", address="9 East Rd", active=True
        )
        db.session.flush()
        made = {}
        for title, branch_id, kind, heads in (
            ("Alpha coding club", central, ProgramType.DIGITAL_LITERACY, (17, 17)),
            ("Beta garden talks", east.id, ProgramType.HEALTH_WELLNESS, (23,)),
        ):
            program = make_program(owner, branch_id, status=Status.DELIVERED, title=title)
            program.program_type = kind
            for n, headcount in enumerate(heads):
                start = datetime(2027, 3, 2 + 7 * n, 17, tzinfo=UTC)
                occurrence = Occurrence(
                    program_id=program.id,
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                    expected_attendance=20,
                )
                db.session.add(occurrence)
                db.session.flush()
                db.session.add(OccurrenceReport(occurrence_id=occurrence.id, headcount=headcount))
            made[title] = program.id
        db.session.commit()
        return east.id


def test_a_filtered_report_shows_only_the_filtered_programs(
    clean_app, client, login_as, make_user, branch, tmp_path
):
    east = two_programs(clean_app, make_user("programmer").id, branch)
    login_as("coordinator")
    everything = words(
        save(client.get("/dashboard/impact.pdf?fiscal_year=2027"), tmp_path / "a.pdf")
    )
    assert "Filters: Fiscal year 2027 · All branches, program types and target groups" in everything
    assert "Digital literacy" in everything and "Health & wellness" in everything
    url = f"/dashboard/impact.pdf?fiscal_year=2027&branch={east}"
    page = words(save(client.get(url), tmp_path / "east.pdf"))
    assert "Filters: Fiscal year 2027 · Branch: East Branch" in page
    assert "Health & wellness" in page and "Digital literacy" not in page
    assert " 23 " in page and " 34 " not in page and " 57 " not in page
    url = "/dashboard/impact.pdf?fiscal_year=2027&program_type=digital_literacy&date_to=2027-03-05"
    page = words(save(client.get(url), tmp_path / "type.pdf"))
    assert "Program type: Digital literacy" in page and "Sessions until March 5, 2027" in page
    assert "Health & wellness" not in page and " 17 " in page and " 34 " not in page
    details = query(
        clean_app,
        sa.select(AuditEvent.details).where(AuditEvent.action == "portfolio_impact_downloaded"),
    )
    assert details[-1]["filters"] == {
        "date_to": "2027-03-05",
        "fiscal_year": "2027",
        "program_type": "digital_literacy",
    }


def test_the_filters_in_french(clean_app, client, login_as, make_user, branch, tmp_path):
    east = two_programs(clean_app, make_user("programmer").id, branch)
    login_as("coordinator")
    url = f"/dashboard/impact.pdf?fiscal_year=2027&branch={east}&date_from=2027-03-01&lang=fr"
    page = words(save(client.get(url), tmp_path / "fr.pdf"))
    assert "Filtres : Exercice 2027 · Succursale : East Branch" in page
    assert "Séances du 1 mars 2027" in page or "Séances à partir du 1 mars 2027" in page


def test_filters_that_match_nothing_go_back_to_the_filtered_dashboard(
    clean_app, client, login_as, make_user, branch
):
    two_programs(clean_app, make_user("programmer").id, branch)
    login_as("coordinator")
    url = "/dashboard/impact.pdf?fiscal_year=2027&program_type=arts_culture"
    response = client.get(url)
    assert response.status_code == 302
    assert "program_type=arts_culture" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "No approved program matches these filters" in page


def test_the_dashboard_link_carries_its_filters(clean_app, client, login_as, make_user, branch):
    east = two_programs(clean_app, make_user("programmer").id, branch)
    login_as("coordinator")
    html = client.get(f"/dashboard?fiscal_year=2027&branch={east}&program_type=").get_data(
        as_text=True
    )
    assert f"/dashboard/impact.pdf?fiscal_year=2027&amp;branch={east}" in html
