"""The needs register in pages: every need found, filters kept across pages, programs capped."""

import re

from program_planner.community.models import NeedStatus, ProgramNeed
from program_planner.community.service import NEEDS_PAGE_SIZE, PROGRAMS_SHOWN
from program_planner.extensions import db
from program_planner.programs.models import Status
from tests.community.factories import make_need
from tests.factories import make_program


def _need_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-need="(\d+)"', page)]


def test_register_pages_keep_filters_and_find_every_need(clean_app, client, login_as, branch):
    me = login_as("coordinator")
    total = NEEDS_PAGE_SIZE + 4
    with clean_app.app_context():
        ids = {make_need(me.id, branch, statement=f"Need {i}").id for i in range(total)}
        make_need(me.id, branch, statement="Met already", status=NeedStatus.MET)
        db.session.commit()
    first = client.get(f"/community/needs?status=identified&branch={branch}").get_data(True)
    assert len(_need_ids(first)) == NEEDS_PAGE_SIZE
    assert f"1–{NEEDS_PAGE_SIZE} of {total}" in first
    link = re.search(r'href="([^"]*page=2[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "status=identified" in link and f"branch={branch}" in link
    second = client.get(link).get_data(True)
    assert set(_need_ids(first)) | set(_need_ids(second)) == ids  # the met need is filtered out
    assert client.get("/community/needs?page=999").status_code == 200
    assert client.get("/community/needs?page=abc").status_code == 200
    unanswered = client.get("/community/needs/unanswered?page=2").get_data(True)
    assert len(_need_ids(unanswered)) == total + 0 - NEEDS_PAGE_SIZE


def test_register_names_a_few_programs_per_need(clean_app, client, login_as, branch):
    me = login_as("coordinator")
    with clean_app.app_context():
        need = make_need(me.id, branch, statement="Seniors online")
        for i in range(PROGRAMS_SHOWN + 2):
            program = make_program(me.id, branch, status=Status.DRAFT, title=f"Program {i}")
            db.session.add(ProgramNeed(program_id=program.id, need_id=need.id))
        db.session.commit()
        need_id = need.id
    page = client.get("/community/needs").get_data(True)
    row = page.split(f'data-need="{need_id}"')[1].split("</tr>")[0]
    assert row.count("/programs/") == PROGRAMS_SHOWN and "and 2 more" in row
    detail = client.get(f"/community/needs/{need_id}").get_data(True)
    assert all(f"Program {i}" in detail for i in range(PROGRAMS_SHOWN + 2))
