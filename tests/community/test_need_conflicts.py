"""Two coordinators save one need at the same moment: one is saved, the other refused, text kept."""

import sqlalchemy as sa

from program_planner.community.models import Need
from program_planner.extensions import db
from tests.community.factories import make_need
from tests.conftest import query, sign_in
from tests.editing import form_data
from tests.test_edit_conflicts import CONFLICT, post_at_once

TEXTS = ("Details typed by the first coordinator", "Details typed by the second coordinator")


def test_two_saves_of_one_need_at_once(clean_app, make_user, branch):
    with clean_app.app_context():
        nid = make_need(None, branch).id
        db.session.commit()
    clients = []
    for _ in range(2):
        person = make_user("coordinator")
        client = clean_app.test_client()
        assert sign_in(client, person.username, person.password).status_code == 302
        clients.append(client)
    url = f"/community/needs/{nid}/edit"
    pages = [c.get(url).get_data(as_text=True) for c in clients]
    datas = [form_data(p, {"details": t}) for p, t in zip(pages, TEXTS, strict=True)]
    assert datas[0]["version"] == datas[1]["version"] == "1"

    results = post_at_once(clients, url, datas)
    starts = [start for _r, start, _end in results]
    ends = [end for _r, _start, end in results]
    assert max(starts) < min(ends), "the two saves did not overlap"
    statuses = [response.status_code for response, _s, _e in results]
    assert sorted(statuses) == [200, 302], statuses
    winner = statuses.index(302)
    loser = 1 - winner
    refused = results[loser][0].get_data(as_text=True)
    assert CONFLICT in refused
    assert TEXTS[loser] in refused  # what the loser typed is kept
    assert query(clean_app, sa.select(Need.details, Need.version)) == [(TEXTS[winner], 2)]

    again = form_data(refused)
    assert again["details"] == TEXTS[loser] and again["version"] == "2"
    assert clients[loser].post(url, data=again).status_code == 302  # saving again keeps it
    assert query(clean_app, sa.select(Need.details)) == [TEXTS[loser]]
