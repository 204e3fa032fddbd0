"""The program report page, through HTTP: plan against reality, verdicts, charts, comments."""

import re
import secrets
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from html import unescape

import sqlalchemy as sa

from program_planner.evaluation.models import (
    Answer,
    FollowUpContact,
    OccurrenceReport,
    ProgramQuestion,
    Question,
    Response,
    ResponseChannel,
    ResponseKind,
    program_question_objectives,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import (
    BudgetCategory,
    BudgetLine,
    FundingSource,
    PromotionChannel,
    PromotionItem,
    PromotionStatus,
)
from program_planner.programs.models import Program, Status
from tests.conftest import count_statements, sign_in
from tests.factories import add_objective, make_program, make_ready_program

HOSTILE = '<script>alert("x")</script>=HYPERLINK("http://evil")'


def demo_program_id(app):
    """Load the demo (the app must have no branch yet); return the evaluated program's id."""
    from program_planner.demo import load_demo

    with app.app_context():
        assert load_demo()
        db.session.commit()
        return db.session.scalar(
            sa.select(Program.id).where(Program.title == "Computer basics for seniors")
        )


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def comments_shown(html) -> list[str]:
    """The texts listed under Comments on the report page, sorted."""
    section = re.search(r'<section id="comments".*?</section>', html, re.S).group(0)
    items = re.findall(r'<li class="prewrap">(.*?)(?: <span[^>]*>.*?</span>)?</li>', section, re.S)
    return sorted(unescape(item) for item in items)


def stored_comments(app, program_id) -> list[str]:
    """The demo program's free-text answers, read straight from the tables, sorted."""
    with app.app_context():
        texts = db.session.scalars(
            sa.select(Answer.value_text)
            .join(Response, Answer.response_id == Response.id)
            .join(Question, Answer.question_id == Question.id)
            .where(
                Response.program_id == program_id,
                Question.code.in_(["liked_most", "keep_learning"]),
            )
        )
        return sorted(texts)


def sign_in_demo(client, username="coordinator"):
    from program_planner.demo import DEMO_ACCOUNTS

    password = next(p for u, p, *_rest in DEMO_ACCOUNTS if u == username)
    assert sign_in(client, username, password).status_code == 302


def test_demo_report_shows_plan_against_reality(clean_app, client):
    pid = demo_program_id(clean_app)
    sign_in_demo(client)
    response = client.get(f"/programs/{pid}/report")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = text_of(html)
    assert "Report: Computer basics for seniors" in page
    # attendance: four sessions, 12 + 11 + 10 + 12 = 45 attendees
    assert re.search(r'id="total-headcount">45<', html)
    assert "Scam-spotting quiz was the highlight" in page  # frontline observation
    # objectives: a verdict, the evidence in words with its interval, the target
    assert len(re.findall(r'class="card mb-3 report-objective"', html)) == 3
    assert re.search(r"\d+ % agree \(95 % CI \d+–\d+ %\), n = \d+", page)
    assert "at least 80 % agree" in page
    assert re.search(r"45 attendees over 4 sessions reported", page)
    # an SVG chart per scored question, each with its table
    assert html.count('role="img"') >= 5
    assert html.count('class="table table-sm report-chart-table"') >= 5
    assert "<title id=" in html and "<desc id=" in html
    # comments, debriefs, promotion
    shown = comments_shown(html)
    assert shown == stored_comments(clean_app, pid)
    assert shown.count("Finally I can video call my grandchildren!") >= 1  # seeded demo text
    assert "Start at 11:00; keep a spare charger per table." in page
    assert 'data-channel="newsletter"' in html
    assert "Export to Excel" in page  # coordinators export


def test_report_shows_nothing_private_and_escapes_hostile_text(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    with clean_app.app_context():
        program = make_ready_program(owner.id, branch, title=HOSTILE)
        question = db.session.scalar(sa.select(Question).where(Question.code == "liked_most"))
        if question is None:
            from program_planner.evaluation.builder.standard import ensure_standard_questions

            ensure_standard_questions()
            question = db.session.scalar(sa.select(Question).where(Question.code == "liked_most"))
        db.session.add(ProgramQuestion(program_id=program.id, question_id=question.id))
        db.session.add(
            Response(
                program_id=program.id,
                channel=ResponseChannel.ONLINE,
                submission_key=secrets.token_urlsafe(16),
                answers=[Answer(question_id=question.id, value_text=HOSTILE + "x" * 40000)],
            )
        )
        db.session.add(
            FollowUpContact(
                program_id=program.id,
                email="secret.person@example.org",
                consent_version="1",
                withdraw_token_hash=secrets.token_hex(32),
            )
        )
        db.session.commit()
        pid = program.id
    html = client.get(f"/programs/{pid}/report").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;=HYPERLINK" in html
    assert "secret.person@example.org" not in html
    assert "Export to Excel" not in html  # programmers do not export


def test_program_without_responses_is_not_enough_evidence(clean_app, client, login_as, branch):
    coordinator = login_as("coordinator")
    with clean_app.app_context():
        program = make_ready_program(coordinator.id, branch, status=Status.DELIVERED)
        pid = program.id
        db.session.commit()
    html = client.get(f"/programs/{pid}/report").get_data(as_text=True)
    assert 'data-verdict="insufficient"' in html and 'data-verdict="met"' not in html
    assert "Not enough evidence" in html and "No answers yet" in html
    assert "No comments." in html and "No debrief yet." in html


def test_budget_cost_per_attendee_and_promotion_findings(clean_app, client, login_as, branch):
    coordinator = login_as("coordinator")
    with clean_app.app_context():
        program = make_ready_program(coordinator.id, branch, status=Status.DELIVERED)
        occurrence = db.session.scalar(
            sa.select(Occurrence).where(Occurrence.program_id == program.id)
        )
        db.session.add(
            OccurrenceReport(occurrence_id=occurrence.id, headcount=20, first_time_count=4)
        )
        for planned, actual in (("100.00", "120.00"), ("50.00", None)):
            db.session.add(
                BudgetLine(
                    program_id=program.id,
                    category=BudgetCategory.MATERIALS,
                    funding_source=FundingSource.OPERATING,
                    planned=Decimal(planned),
                    actual=Decimal(actual) if actual else None,
                )
            )
        for channel, status in (
            (PromotionChannel.NEWSLETTER, PromotionStatus.DONE),
            (PromotionChannel.PRESS, PromotionStatus.DONE),
        ):
            db.session.add(PromotionItem(program_id=program.id, channel=channel, status=status))
        from program_planner.evaluation.builder.standard import ensure_standard_questions

        ensure_standard_questions()
        heard = db.session.scalar(sa.select(Question).where(Question.code == "how_heard"))
        db.session.add(ProgramQuestion(program_id=program.id, question_id=heard.id))
        for value in ("newsletter", "word_of_mouth", "word_of_mouth"):
            db.session.add(
                Response(
                    program_id=program.id,
                    channel=ResponseChannel.PAPER,
                    submission_key=secrets.token_urlsafe(16),
                    answers=[Answer(question_id=heard.id, value_text=value)],
                )
            )
        db.session.commit()
        pid = program.id
    html = client.get(f"/programs/{pid}/report").get_data(as_text=True)
    assert re.search(r'id="budget-planned">[A-Z]*\$150\.00<', html)
    assert re.search(r'id="budget-actual">[A-Z]*\$120\.00<', html)
    # 120 actually spent ÷ 20 attendees: the planned 50 of the line with no actual is not counted
    assert re.search(r"Cost per attendee:</strong>\s*[A-Z]*\$6\.00", html)
    assert 'data-channel="word_of_mouth" data-finding="unplanned"' in html
    assert 'data-channel="press" data-finding="silent"' in html
    assert 'data-channel="newsletter" data-finding="brought"' in html


def add_agreement_responses(program_id, objective_id, count, kind=ResponseKind.IMMEDIATE):
    """Add count responses answering 'confidence' (agreement) and a comment; link the objective."""
    from program_planner.evaluation.builder.standard import ensure_standard_questions

    ensure_standard_questions()
    codes = ("confidence", "satisfaction", "liked_most", "how_heard")
    questions = dict(
        db.session.execute(sa.select(Question.code, Question).where(Question.code.in_(codes))).all()
    )
    existing = set(
        db.session.scalars(
            sa.select(ProgramQuestion.question_id).where(ProgramQuestion.program_id == program_id)
        )
    )
    for position, code in enumerate(codes):
        if questions[code].id not in existing:
            pq = ProgramQuestion(
                program_id=program_id, question_id=questions[code].id, position=position
            )
            db.session.add(pq)
            db.session.flush()
            if code == "confidence":
                db.session.execute(
                    program_question_objectives.insert().values(
                        program_question_id=pq.id, objective_id=objective_id
                    )
                )
    for n in range(count):
        db.session.add(
            Response(
                program_id=program_id,
                kind=kind,
                channel=ResponseChannel.ONLINE,
                submitted_on=datetime(2027, 3, 3, tzinfo=UTC) + timedelta(minutes=n),
                submission_key=secrets.token_urlsafe(16),
                answers=[
                    Answer(question_id=questions["confidence"].id, value_number=Decimal(5 - n % 2)),
                    Answer(question_id=questions["satisfaction"].id, value_number=Decimal(5)),
                    Answer(question_id=questions["liked_most"].id, value_text=f"Comment {n}"),
                    Answer(question_id=questions["how_heard"].id, value_text="website"),
                ],
            )
        )


def test_report_statements_do_not_grow_with_responses(clean_app, client, login_as, branch):
    coordinator = login_as("coordinator")
    with clean_app.app_context():
        few = make_ready_program(coordinator.id, branch, status=Status.DELIVERED, title="Few")
        many = make_ready_program(coordinator.id, branch, status=Status.DELIVERED, title="Many")
        for program, count in ((few, 1), (many, 50)):
            objective = db.session.scalar(sa.select(Program).where(Program.id == program.id))
            objective_id = add_objective(program.id, "Feel confident").id
            add_agreement_responses(objective.id, objective_id, count)
        db.session.commit()
        ids = few.id, many.id
    one = count_statements(clean_app, client, f"/programs/{ids[0]}/report")
    fifty = count_statements(clean_app, client, f"/programs/{ids[1]}/report")
    assert one == fifty
    html = client.get(f"/programs/{ids[1]}/report").get_data(as_text=True)
    assert "n = 50" in html and "Comment 49" in html


def test_follow_up_results_are_shown_beside_immediate(clean_app, client, login_as, branch):
    coordinator = login_as("coordinator")
    with clean_app.app_context():
        program = make_ready_program(coordinator.id, branch, status=Status.EVALUATED)
        objective_id = add_objective(program.id, "Feel confident").id
        add_agreement_responses(program.id, objective_id, 30)
        add_agreement_responses(program.id, objective_id, 6, kind=ResponseKind.FOLLOW_UP)
        db.session.commit()
        pid = program.id
    page = text_of(client.get(f"/programs/{pid}/report").get_data(as_text=True))
    assert "Observed · follow-up" in page
    assert "Immediate · n = 30" in page and "Follow-up · n = 6" in page, page


def test_results_section_on_program_page_links_to_report(clean_app, client):
    pid = demo_program_id(clean_app)
    sign_in_demo(client)
    html = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert 'id="results"' in html and f'href="/programs/{pid}/report"' in html
    assert re.search(r"Met: \d", html)


def test_frontline_staff_cannot_read_the_report(clean_app, client, login_as, make_user, branch):
    owner = make_user("programmer")
    with clean_app.app_context():
        pid = make_program(owner.id, branch).id
        db.session.commit()
    login_as("frontline")
    assert client.get(f"/programs/{pid}/report").status_code == 403
    assert 'id="results"' not in client.get(f"/programs/{pid}").get_data(as_text=True)
    assert client.get("/programs/999999/report").status_code == 404
