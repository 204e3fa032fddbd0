"""The one-page impact report of a program, downloaded as a user does and read back from the PDF."""

import re
import secrets

import sqlalchemy as sa

from program_planner.audit.models import AuditEvent
from program_planner.evaluation.models import Answer, QuestionType, Response, ResponseChannel
from program_planner.extensions import db
from program_planner.programs.models import Status
from program_planner.reports.impact.models import PickedComment
from tests.conftest import csrf_token_from, query
from tests.evaluation.factories_public import add_question
from tests.factories import make_ready_program
from tests.reports.impact.pdf import needs_poppler, pages, save, to_png, words
from tests.reports.test_report import demo_program_id, sign_in_demo

pytestmark = needs_poppler
RTL = "הסדנה הייתה מצוינת — ورشة رائعة"


def comment_ids(app, pid):
    from program_planner.reports.impact.picks import candidates

    with app.test_request_context():
        return [row[0] for row in candidates(pid)]


def pick(client, pid, answer_ids):
    page = client.get(f"/programs/{pid}/impact/comments").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="version"', page
    )
    data = {"csrf_token": csrf_token_from(page), "version": version[1], "answers": answer_ids}
    return client.post(f"/programs/{pid}/impact/comments", data=data)


def test_demo_program_fits_one_page_in_english_with_picked_comments(clean_app, client, tmp_path):
    pid = demo_program_id(clean_app)
    sign_in_demo(client)
    ids = comment_ids(clean_app, pid)
    assert len(ids) >= 3
    assert pick(client, pid, ids[:2]).status_code == 302
    picked = query(
        clean_app, sa.select(PickedComment.answer_id).where(PickedComment.program_id == pid)
    )
    assert sorted(picked) == sorted(ids[:2])
    quoted = query(clean_app, sa.select(Answer.value_text).where(Answer.id.in_(ids[:2])))
    pdf = save(client.get(f"/programs/{pid}/impact.pdf?lang=en"), tmp_path / "en.pdf")
    assert pages(pdf) == 1
    page = words(pdf)
    assert "Computer basics for seniors" in page
    for heading in ("What it set out to do", "For whom", "What happened", "Objectives"):
        assert heading in page
    assert "Seniors (65+)" in page  # for whom, with the people expected
    assert "What happened 45 4/4 11 36" in page  # attended, sessions, first-timers, responses
    assert "attended, of 48" in page and "expected (94 %)" in page
    assert re.search(r"64 % agree \(95 % CI 48–\s?78 %\), n = 36", page)  # a cell may wrap
    assert "Not met" in page and "Met" in page and "Not enough evidence" in page
    assert "$11.30" in page and "cost per attendee" in page  # reports.cost: 508.50 ÷ 45
    assert "Keep groups at 12." in page  # what we learned
    for text in quoted:
        assert " ".join(text.split())[:40] in page
    assert "Attendance against expected" in page and "Headcount per session" in page
    assert to_png(pdf, tmp_path / "en")
    downloads = sa.select(AuditEvent.object_id).where(
        AuditEvent.action == "impact_report_downloaded"
    )
    assert query(clean_app, downloads) == [pid]  # who took the report out is recorded


def test_demo_program_in_french(clean_app, client, tmp_path):
    pid = demo_program_id(clean_app)
    sign_in_demo(client)
    pdf = save(client.get(f"/programs/{pid}/impact.pdf?lang=fr"), tmp_path / "fr.pdf")
    assert pages(pdf) == 1
    page = words(pdf)
    assert "Ce que le programme voulait faire" in page and "Pour qui" in page
    assert "Ce que nous avons appris" in page
    assert "Ce qui s’est passé 45 4/4 11 36 11,30 $" in page  # money the French way
    assert "personnes présentes," in page and "sur 48 attendues (94 %)" in page
    assert "11,30" in page  # money the French way
    assert "Non atteint" in page
    assert to_png(pdf, tmp_path / "fr")


def _bare_program(app, owner_id, branch_id, comment=None):
    with app.app_context():
        program = make_ready_program(owner_id, branch_id, status=Status.DELIVERED)
        if comment is not None:
            question = add_question(
                program.id, "c1", QuestionType.FREE_TEXT, "Anything else?", "Autre chose ?"
            )
            db.session.add(
                Response(
                    program_id=program.id,
                    channel=ResponseChannel.ONLINE,
                    submission_key=secrets.token_urlsafe(16),
                    answers=[Answer(question_id=question.id, value_text=comment)],
                )
            )
        db.session.commit()
        return program.id


def test_no_responses_says_not_enough_evidence_and_draws_no_empty_chart(
    clean_app, client, login_as, branch, tmp_path
):
    owner = login_as("programmer")
    pid = _bare_program(clean_app, owner.id, branch)
    pdf = save(client.get(f"/programs/{pid}/impact.pdf"), tmp_path / "bare.pdf")
    assert pages(pdf) == 1
    page = words(pdf)
    assert "Not enough evidence yet to judge any objective." in page
    assert "No headcount recorded yet." in page
    assert "No comment picked for this report." in page
    assert "not enough data" in page  # no cost per attendee without spending and headcounts
    for title in ("Attendance against expected", "Headcount per session", "Share answering"):
        assert title not in page


def test_a_5000_character_right_to_left_comment_stays_on_one_page(
    clean_app, client, login_as, branch, tmp_path
):
    owner = login_as("programmer")
    long_comment = RTL + " " + ("word " * 1000)[: 5000 - len(RTL) - 1]
    assert len(long_comment) == 5000
    pid = _bare_program(clean_app, owner.id, branch, comment=long_comment)
    ids = comment_ids(clean_app, pid)
    assert pick(client, pid, ids).status_code == 302
    pdf = save(client.get(f"/programs/{pid}/impact.pdf"), tmp_path / "long.pdf")
    assert pages(pdf) == 1
    page = words(pdf)
    assert "ورشة" in page or "הסדנה" in page  # the right-to-left text is printed
    assert "…" in page  # shortened, not spread over pages
    assert to_png(pdf, tmp_path / "long")


def test_picking_refuses_too_many_and_a_stale_page_keeping_the_ticks(clean_app, client, tmp_path):
    pid = demo_program_id(clean_app)
    sign_in_demo(client)
    ids = comment_ids(clean_app, pid)
    response = pick(client, pid, ids[:4])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Pick at most 3 comments of this program." in html
    assert all(f'value="{i}" id="answer-{i}" checked' in html for i in ids[:4])
    page = client.get(f"/programs/{pid}/impact/comments").get_data(as_text=True)
    assert pick(client, pid, ids[:1]).status_code == 302  # someone else saves meanwhile
    data = {
        "csrf_token": csrf_token_from(page),
        "version": re.search(r'name="version"[^>]*value="(\d+)"', page)[1],
        "answers": ids[1:3],
    }
    response = client.post(f"/programs/{pid}/impact/comments", data=data)
    assert response.status_code == 422
    assert "Someone changed the comments to quote" in response.get_data(as_text=True)
    picked = query(
        clean_app, sa.select(PickedComment.answer_id).where(PickedComment.program_id == pid)
    )
    assert picked == ids[:1]
    assert pick(client, pid, [999999]).status_code == 422  # not a comment of this program


def test_links_from_the_report_page(clean_app, client):
    pid = demo_program_id(clean_app)
    sign_in_demo(client)
    html = client.get(f"/programs/{pid}/report").get_data(as_text=True)
    assert f"/programs/{pid}/impact.pdf" in html
    assert f"/programs/{pid}/impact/comments" in html
