"""Partners as relationships: an organisation's history, and partners we have not engaged."""

from datetime import date, timedelta

from program_planner.extensions import db
from program_planner.people.models import PartnerRole
from tests.community.factories import make_consultation
from tests.conftest import count_statements
from tests.factories import make_program
from tests.people.factories import add_partner, make_organisation


def test_partner_page_and_partners_not_engaged(clean_app, client, login_as, branch):
    me = login_as("frontline")
    with clean_app.app_context():
        active = make_organisation("Riverside Newcomer Settlement Agency")
        quiet = make_organisation("Old Friends Society")
        never = make_organisation("<b>Never</b> Engaged Club")
        program = make_program(None, branch, title="Conversation circle")
        add_partner(program.id, active.id, PartnerRole.CO_HOST, contribution="The room")
        make_consultation(
            me.id,
            branch,
            title="Focus group at the agency",
            organisations=[active],
            held_on=date.today() - timedelta(days=20),
        )
        make_consultation(
            me.id,
            branch,
            title="Old meeting",
            organisations=[quiet],
            held_on=date.today() - timedelta(days=500),
        )
        ids = active.id, quiet.id, never.id
        db.session.commit()
    page = client.get("/community/partners").get_data(as_text=True)
    assert page.count("data-partner=") == 3
    assert "&lt;b&gt;Never&lt;/b&gt; Engaged Club" in page and "never" in page
    page = client.get("/community/partners?quiet=1").get_data(as_text=True)
    assert "Old Friends Society" in page and "Never" in page
    assert "Riverside Newcomer Settlement Agency" not in page
    page = client.get(f"/community/partners/{ids[0]}").get_data(as_text=True)
    assert "Conversation circle" in page and "Co-host" in page and "The room" in page
    assert "Focus group at the agency" in page
    assert client.get("/community/partners/999999").status_code == 404


def test_partners_statement_count_is_constant(clean_app, client, login_as, branch):
    me = login_as("coordinator")

    def add(n, start):
        with clean_app.app_context():
            for i in range(start, start + n):
                org = make_organisation(f"Organisation {i}")
                program = make_program(None, branch, title=f"Program {i}")
                add_partner(program.id, org.id)
                make_consultation(me.id, branch, organisations=[org])
            db.session.commit()

    add(2, 0)
    few = count_statements(clean_app, client, "/community/partners")
    add(6, 2)
    assert count_statements(clean_app, client, "/community/partners") == few
