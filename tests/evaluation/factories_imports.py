"""Evaluation imports rows for the route tests, and the set-up of the import tests."""

import io
import re
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from openpyxl import Workbook

from program_planner.evaluation.models import (
    Answer,
    ImportBatch,
    ProgramQuestion,
    Question,
    QuestionCategory,
    QuestionType,
    Response,
)
from program_planner.extensions import db
from tests.conftest import query
from tests.factories import make_program
from tests.occurrences.factories import add_occurrence

HEARD = [
    {"value": "website", "en": "Library website", "fr": "Site web de la bibliothèque"},
    {"value": "social", "en": "Social media", "fr": "Médias sociaux"},
    {"value": "friend", "en": "Friend or family", "fr": "Ami ou famille"},
]
AGES = [
    {"value": "18-34", "en": "18 to 34", "fr": "18 à 34 ans"},
    {"value": "35-64", "en": "35 to 64", "fr": "35 à 64 ans"},
    {"value": "65+", "en": "65 or older", "fr": "65 ans ou plus"},
]
QUESTIONS = {
    "learned": (
        QuestionType.AGREEMENT,
        "I learned something new",
        "J'ai appris quelque chose de nouveau",
    ),
    "heard": (
        QuestionType.MULTIPLE_CHOICE,
        "How did you hear about this program?",
        "Comment avez-vous entendu parler de ce programme ?",
    ),
    "first": (
        QuestionType.YES_NO,
        "Is this your first library program?",
        "Est-ce votre premier programme à la bibliothèque ?",
    ),
    "age": (QuestionType.SINGLE_CHOICE, "Age band", "Tranche d'âge"),
    "count": (
        QuestionType.NUMBER,
        "How many programs did you attend this year?",
        "À combien de programmes avez-vous assisté cette année ?",
    ),
    "comments": (QuestionType.FREE_TEXT, "Any other comments?", "Autres commentaires ?"),
    "rating": (QuestionType.RATING, "Overall rating", "Note globale"),
}


def make_import_program(app, owner_id, branch, title="Computer basics for seniors"):
    """Add a program with one question of every type and sessions on 3 and 10 March 2027.

    Returns {"program": id, "question key": question id, "march3": id, "march10": id}.
    """
    with app.app_context():
        program = make_program(owner_id, branch, title=title)
        ids = {"program": program.id}
        for position, (key, (qtype, en, fr)) in enumerate(QUESTIONS.items()):
            question = Question(
                code=f"{key}-{program.id}",
                text_en=en,
                text_fr=fr,
                qtype=qtype,
                category=QuestionCategory.OTHER,
                choices=HEARD if key == "heard" else AGES if key == "age" else [],
                min_value=Decimal(0) if key == "count" else None,
                max_value=Decimal(50) if key == "count" else None,
                program_id=program.id,
            )
            db.session.add(question)
            db.session.flush()
            db.session.add(
                ProgramQuestion(program_id=program.id, question_id=question.id, position=position)
            )
            ids[key] = question.id
        ids["march3"] = add_occurrence(program.id, datetime(2027, 3, 3, 19, 0, tzinfo=UTC)).id
        ids["march10"] = add_occurrence(program.id, datetime(2027, 3, 10, 19, 0, tzinfo=UTC)).id
        db.session.commit()
        return ids


def xlsx_bytes(rows, text_cells=()) -> bytes:
    """Return a workbook of rows; cells at (row, column) in text_cells are forced to text."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for row, column in text_cells:
        sheet.cell(row=row, column=column).data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pending_files(app) -> list[str]:
    """Return the names of the uploaded files waiting in the database (pending imports)."""
    from program_planner.evaluation.imports.models import PendingImport

    return query(app, sa.select(PendingImport.filename).order_by(PendingImport.id))


def upload(client, program_id, data: bytes, filename: str):
    """Post a file to the upload step; return the response."""
    return client.post(
        f"/programs/{program_id}/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def selected_mapping(page: str) -> dict:
    """Return {column field name: selected value} of a rendered mapping form."""
    mapping = {}
    for name, body in re.findall(r'<select[^>]*name="(col\d+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body)
        mapping[name] = chosen.group(1) if chosen else ""
    return mapping


def previewed(page: str) -> str:
    """Return the preview fingerprint carried by a rendered mapping form."""
    match = re.search(r'name="previewed" type="hidden" value="([^"]*)"', page) or re.search(
        r'id="previewed" name="previewed" type="hidden" value="([^"]*)"', page
    )
    return match.group(1) if match else ""


def preview(client, program_id, mapping: dict):
    """Post a mapping for preview; return the page text."""
    response = client.post(
        f"/programs/{program_id}/import/mapping", data={**mapping, "preview": "Preview"}
    )
    return response


def confirm(client, program_id, mapping: dict, fingerprint: str):
    """Post the import confirmation with the mapping the preview was made with."""
    return client.post(
        f"/programs/{program_id}/import/confirm",
        data={**mapping, "previewed": fingerprint, "confirm": "Import"},
    )


def run_import(client, program_id, data, filename, mapping_changes=None):
    """Upload, map (guessed, then changed), preview and confirm; return the final response."""
    assert upload(client, program_id, data, filename).status_code == 302
    page = client.get(f"/programs/{program_id}/import/mapping").get_data(as_text=True)
    mapping = {**selected_mapping(page), **(mapping_changes or {})}
    page = preview(client, program_id, mapping).get_data(as_text=True)
    return confirm(client, program_id, mapping, previewed(page))


def stored_responses(app, program_id):
    """Return [(occurrence id, language, channel, sorted answers)] of a program, by id."""
    rows = query(
        app,
        sa.select(
            Response.id,
            Response.occurrence_id,
            Response.language,
            Response.channel,
            Answer.question_id,
            Answer.value_number,
            Answer.value_text,
        )
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.program_id == program_id)
        .order_by(Response.id, Answer.id),
    )
    found = {}
    for rid, occurrence_id, language, channel, qid, number, text in rows:
        entry = found.setdefault(rid, (occurrence_id, language, channel.value, []))
        if qid is not None:
            entry[3].append((qid, number, text))
    return [(o, lang, c, sorted(a, key=str)) for o, lang, c, a in found.values()]


def add_import_batch(program_id, sha256="0" * 64, filename="responses.csv", **fields):
    """Add an import batch (flushed) and return it."""
    batch = ImportBatch(
        program_id=program_id,
        filename=filename,
        file_sha256=sha256,
        rows_total=fields.pop("rows_total", 3),
        rows_imported=fields.pop("rows_imported", 2),
        rows_refused=fields.pop("rows_refused", 1),
        report=fields.pop("report", [{"row": 3, "reason": "the row is empty"}]),
        **fields,
    )
    db.session.add(batch)
    db.session.flush()
    return batch


def add_rows(program_id, ids) -> dict:
    """Add rows for this area; return {kind name or URL argument name: value}."""
    return {"batch_id": add_import_batch(program_id).id}
