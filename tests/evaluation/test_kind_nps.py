"""The Net Promoter Score kind: 0–10 "how likely are you to recommend", every way in and out."""

import math
import secrets
from decimal import Decimal
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from program_planner.evaluation.frontline.forms import (
    key_from_answers,
    make_paper_form,
    value_from_key,
)
from program_planner.evaluation.imports.matching import CellError, convert
from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.kinds.nps import NetPromoterScore
from program_planner.evaluation.models import (
    Answer,
    ProgramQuestion,
    Question,
    QuestionType,
    Response,
    ResponseChannel,
)
from program_planner.extensions import db
from program_planner.reports.export.sheets import answer_value
from tests.conftest import query
from tests.evaluation.factories_public import add_link, add_question
from tests.factories import make_program, make_ready_program

TEXT_EN = "How likely are you to recommend this program to a friend?"
TEXT_FR = "Quelle est la probabilité que vous recommandiez ce programme à un ami?"
# 20 answers: 10 promoters (9–10), 5 passives (7–8), 5 detractors (0–6)
WORKED = {10: 6, 9: 4, 8: 3, 7: 2, 6: 1, 5: 1, 3: 2, 0: 1}


def nps_question(program_id, required=False):
    return add_question(
        program_id, f"nps-{program_id}", QuestionType.NPS, TEXT_EN, TEXT_FR, required
    )


def test_worked_example_score_and_interval():
    counts = {Decimal(v): c for v, c in WORKED.items()}
    nps = kind_of(QuestionType.NPS).summary(counts)
    assert nps == NetPromoterScore(n=20, promoters=10, passives=5, detractors=5)
    assert nps.score == 25.0  # 50 % promoters − 25 % detractors
    # var = (0.5 + 0.25 − 0.25²) / 20 = 0.034375; half-width = 1.959964 × √0.034375 = 0.3633870
    low, high = nps.interval
    assert low == pytest.approx(-11.338705, abs=1e-6)
    assert high == pytest.approx(61.338705, abs=1e-6)
    assert high - 25.0 == pytest.approx(100 * 1.959963984540054 * math.sqrt(0.034375), abs=1e-9)


def test_interval_stays_within_the_scale():
    everyone_promotes = NetPromoterScore(n=3, promoters=3, passives=0, detractors=0)
    assert everyone_promotes.score == 100.0
    assert everyone_promotes.interval == (100.0, 100.0)  # no spread in the sample
    one_detractor = NetPromoterScore(n=1, promoters=0, passives=0, detractors=1)
    assert one_detractor.interval == (-100.0, -100.0)


def test_report_words_for_the_worked_example(app):
    counts = {Decimal(v): c for v, c in WORKED.items()}
    with app.test_request_context():
        words = kind_of(QuestionType.NPS).report_words(counts)
    assert words == (
        "Net Promoter Score +25 (likely between −11 and +61) · "
        "10 promoters, 5 passives, 5 detractors"
    )


@pytest.mark.parametrize(
    ("typed", "value"),
    [("0", "0"), ("7", "7"), ("10", "10"), (" 09 ", "9"), ("11", None), ("-1", None), ("y", None)],
)
def test_rapid_entry_keys(app, typed, value):
    question = Question(qtype=QuestionType.NPS, text_en=TEXT_EN)
    with app.test_request_context():
        if value is None:
            with pytest.raises(ValueError, match="Type a score from 0 to 10."):
                value_from_key(question, typed)
        else:
            assert value_from_key(question, typed) == value
    assert key_from_answers(question, [Answer(value_number=Decimal("10.00"))]) == "10"


def test_rapid_entry_input_takes_two_characters(app):
    question = Question(id=7, qtype=QuestionType.NPS, text_en=TEXT_EN)
    with app.test_request_context():
        form = make_paper_form([SimpleNamespace(question=question)])(meta={"csrf": False})
        html = str(form.q7())
        hint = str(kind_of(question).key_hint(question, "en"))
    assert 'maxlength="2"' in html and 'inputmode="numeric"' in html
    assert "data-rapid" not in html  # "1" may be the start of "10": no automatic advance
    assert hint == "A score from 0 (not at all likely) to 10 (extremely likely)"


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("9", "9"),
        ("10.0", "10"),
        ("0", "0"),
        ("10 – Extremely likely", "10"),
        ("Not at all likely", "0"),
        ("Pas du tout probable", "0"),
        ("Extrêmement probable", "10"),
        ("11", None),
        ("7.5", None),
        ("maybe", None),
    ],
)
def test_import_cells(app, cell, value):
    question = Question(qtype=QuestionType.NPS, text_en=TEXT_EN)
    with app.test_request_context():
        if value is None:
            with pytest.raises(CellError, match="is not a score from 0 to 10"):
                convert(question, cell)
        else:
            assert convert(question, cell) == value


def test_excel_cell_is_the_number():
    question = Question(id=3, qtype=QuestionType.NPS)
    context = SimpleNamespace(na="Not applicable", yes="Yes", no="No")
    assert answer_value(question, Decimal("9.00"), None, context, {}) == Decimal("9.00")


def test_public_form_asks_eleven_choices_and_stores_the_number(
    clean_app, client, make_user, branch
):
    owner = make_user("programmer")
    with clean_app.app_context():
        program = make_program(owner.id, branch)
        question = nps_question(program.id, required=True)
        link = add_link(program.id)
        db.session.commit()
        token, qid = link.token, question.id
    page = client.get(f"/f/{token}").get_data(as_text=True)
    assert TEXT_EN in page
    assert page.count(f'name="q{qid}" required type="radio"') == 11
    for score in range(11):
        assert f'value="{score}"' in page
    assert "choices-scale choices-0-10" in page
    assert f'<fieldset class="question" id="q{qid}"' in page  # a radio group with a legend
    assert "0 – Not at all likely" in page and "10 – Extremely likely" in page
    french = client.get(f"/f/{token}?lang=fr").get_data(as_text=True)
    assert "0 – Pas du tout probable" in french and "10 – Extrêmement probable" in french
    refused = client.post(f"/f/{token}", data={f"q{qid}": "11", "submission_key": "a" * 32})
    assert refused.status_code == 422
    response = client.post(f"/f/{token}", data={f"q{qid}": "9", "submission_key": "b" * 32})
    assert response.status_code == 302
    rows = query(clean_app, sa.select(Answer.question_id, Answer.value_number, Answer.value_text))
    assert [tuple(r) for r in rows] == [(qid, Decimal("9.00"), None)]


def test_paper_form_has_eleven_boxes(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    with clean_app.app_context():
        program = make_program(owner.id, branch)
        nps_question(program.id)
        db.session.commit()
        pid = program.id
    page = client.get(f"/programs/{pid}/paper-form").get_data(as_text=True)
    block = page[page.index(TEXT_EN) : page.index("</section>", page.index(TEXT_EN))]
    assert block.count('class="paper-box"') == 11
    assert "0 = not at all likely, 10 = extremely likely" in block


def test_report_shows_the_score_with_n_and_interval(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    with clean_app.app_context():
        program = make_ready_program(owner.id, branch)
        question = nps_question(program.id)
        for value, count in WORKED.items():
            for _ in range(count):
                db.session.add(
                    Response(
                        program_id=program.id,
                        channel=ResponseChannel.ONLINE,
                        submission_key=secrets.token_urlsafe(16),
                        answers=[Answer(question_id=question.id, value_number=Decimal(value))],
                    )
                )
        db.session.commit()
        pid = program.id
        assert db.session.scalar(
            sa.select(sa.func.count())
            .select_from(ProgramQuestion)
            .where(ProgramQuestion.program_id == pid)
        )
    html = client.get(f"/programs/{pid}/report").get_data(as_text=True)
    article = html[html.index(TEXT_EN) : html.index("</article>", html.index(TEXT_EN))]
    assert "n = 20" in article
    assert "Net Promoter Score +25 (likely between −11 and +61)" in article
    assert "10 promoters, 5 passives, 5 detractors" in article
