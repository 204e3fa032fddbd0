"""The standard paper form printed by Chromium: one page on A4 and Letter, English and French."""

import re
import subprocess
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from program_planner.evaluation.builder.service import ensure_standard_questions
from program_planner.evaluation.builder.standard import STANDARD_QUESTIONS
from program_planner.evaluation.models import ProgramQuestion, Question
from program_planner.extensions import db
from program_planner.programs.models import Status
from tests.e2e import conftest as e2e
from tests.e2e.test_program_journey import sign_in
from tests.evaluation.factories_public import add_link
from tests.factories import make_program
from tests.occurrences.factories import add_occurrence

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
browser_type_launch_args = e2e.browser_type_launch_args
live_server = e2e.live_server
site = e2e.site

TITLE = "Computer basics for seniors: email, video calls and staying safe online"
TITLE_FR = (
    "Initiation à l'informatique pour les aînés : courriel, appels vidéo et sécurité en ligne"
)


def standard_form_program(app, owner_id, branch_id):
    """Commit a program with a long title, a session, the standard form and an open link."""
    with app.app_context():
        ensure_standard_questions()
        program = make_program(
            owner_id, branch_id, status=Status.SCHEDULED, title=TITLE, title_fr=TITLE_FR
        )
        occurrence = add_occurrence(program.id, datetime(2027, 3, 3, 23, 0, tzinfo=UTC))
        codes = [spec["code"] for spec in STANDARD_QUESTIONS]
        ids = dict(db.session.execute(sa.select(Question.code, Question.id)).all())
        for position, code in enumerate(codes, start=1):
            db.session.add(
                ProgramQuestion(program_id=program.id, question_id=ids[code], position=position)
            )
        link = add_link(program.id)
        db.session.commit()
        return program.id, occurrence.id, link.token, link.code


def pages_of(pdf: bytes, tmp_path, name: str) -> int:
    """Return the page count pdfinfo (poppler) reads from a PDF."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)[1])


def test_standard_paper_form_fits_one_page(clean_app, site, page, make_user, branch, tmp_path):
    owner = make_user("programmer")
    program_id, occurrence_id, token, code = standard_form_program(clean_app, owner.id, branch)
    sign_in(page, site, make_user("frontline"))
    for language in ("en", "fr"):
        url = f"{site}/programs/{program_id}/paper-form?lang={language}&occurrence={occurrence_id}"
        page.goto(url)
        page.emulate_media(media="print")
        # the token is never broken across lines, and the short code is printed
        token_box = page.locator(".paper-token")
        assert token_box.inner_text().startswith(token)
        assert token_box.evaluate("e => e.getClientRects().length") == 1
        assert page.locator("#paper-code").inner_text() == f"{code[:4]}-{code[4:]}"
        for paper in ("A4", "Letter"):
            pdf = page.pdf(format=paper, print_background=True)
            assert pages_of(pdf, tmp_path, f"{language}-{paper}") == 1, (language, paper)
        page.emulate_media(media="screen")
