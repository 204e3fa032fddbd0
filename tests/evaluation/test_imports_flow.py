"""Imports through HTTP: upload → mapping → preview → import, for CSV and XLSX files."""

from decimal import Decimal

import sqlalchemy as sa

from program_planner.evaluation.models import ImportBatch, Response
from program_planner.extensions import db
from tests.conftest import audit_actions, query
from tests.evaluation.factories_imports import (
    make_import_program,
    pending_files,
    preview,
    previewed,
    run_import,
    selected_mapping,
    stored_responses,
    upload,
    xlsx_bytes,
)

UTF8_CSV = (
    "Timestamp,I learned something new,How did you hear about this program?,"
    "Is this your first library program?,Any other comments?,Session date,Language\n"
    '2026-03-03 20:00,Strongly agree,"Library website, Friend or family",Yes,'
    '"=HYPERLINK(""http://x"",""y"")",2027-03-03,en\n'
    "2026-03-10 20:05,4,Médias sociaux,non,Très bien\x07 merci,2027-03-10,Français\n"
    "2026-03-10 20:06,Maybe,Social media,Yes,,2027-03-10,en\n"
    ",,,,,,\n"
    "2026-03-10 20:07,N/A,,0,,,\n"
    "2026-03-11 10:00,2,Billboard,yes,,2027-03-11,en\n"
).encode()


def test_utf8_csv_is_mapped_previewed_and_imported(clean_app, client, login_as, branch):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    pid = ids["program"]
    assert upload(client, pid, UTF8_CSV, "export.csv").status_code == 302
    page = client.get(f"/programs/{pid}/import/mapping").get_data(as_text=True)
    mapping = selected_mapping(page)
    assert mapping == {
        "col0": "sent_at",  # "Timestamp": when each response was sent
        "col1": str(ids["learned"]),
        "col2": str(ids["heard"]),
        "col3": str(ids["first"]),
        "col4": str(ids["comments"]),
        "col5": "session_date",
        "col6": "language",
    }
    assert "Strongly agree · 4 · Maybe" in page  # sample values

    page = preview(client, pid, mapping).get_data(as_text=True)
    assert "6 rows in the file: 3 would be imported, 3 refused." in page
    assert "row 4: “Maybe” is not an answer on the agreement scale" in page
    assert "row 5: the row is empty" in page
    assert "row 7: “Billboard” is not a choice of “How did you hear about this program?”" in page
    assert "Library website; Friend or family" in page  # stored values shown in words
    assert query(clean_app, sa.select(Response.id)) == []  # a preview stores nothing

    response = client.post(
        f"/programs/{pid}/import/confirm",
        data={**mapping, "previewed": previewed(page), "confirm": "Import"},
    )
    assert response.status_code == 302
    batch = query(clean_app, sa.select(ImportBatch))[0]
    assert response.headers["Location"] == f"/imports/{batch.id}"
    assert (batch.rows_total, batch.rows_imported, batch.rows_refused) == (6, 3, 3)
    assert batch.filename == "export.csv" and batch.imported_by_id == me.id
    assert [r["row"] for r in batch.report] == [4, 5, 7]
    assert stored_responses(clean_app, pid) == [
        (
            ids["march3"],
            "en",
            "import",
            sorted(
                [
                    (ids["learned"], Decimal(5), None),
                    (ids["heard"], None, "website"),
                    (ids["heard"], None, "friend"),
                    (ids["first"], Decimal(1), None),
                    (ids["comments"], None, '=HYPERLINK("http://x","y")'),
                ],
                key=str,
            ),
        ),
        (
            ids["march10"],
            "fr",
            "import",
            sorted(
                [
                    (ids["learned"], Decimal(4), None),
                    (ids["heard"], None, "social"),
                    (ids["first"], Decimal(0), None),
                    (ids["comments"], None, "Très bien merci"),
                ],
                key=str,
            ),
        ),
        (
            None,
            "en",
            "import",
            sorted([(ids["learned"], None, "na"), (ids["first"], Decimal(0), None)], key=str),
        ),
    ]
    keys = query(clean_app, sa.select(Response.submission_key).order_by(Response.id))
    assert len(set(keys)) == 3 and all(len(k) == 64 for k in keys)
    assert "responses_imported" in audit_actions(clean_app)

    report = client.get(f"/imports/{batch.id}").get_data(as_text=True)
    assert "Import of “export.csv”" in report
    assert "“Maybe” is not an answer on the agreement scale" in report
    assert "the row is empty" in report
    program_page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert 'id="imports-table"' in program_page and f"/imports/{batch.id}" in program_page


def test_uploaded_file_is_deleted_after_the_import(clean_app, client, login_as, branch):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    assert upload(client, ids["program"], UTF8_CSV, "export.csv").status_code == 302
    assert pending_files(clean_app) == ["export.csv"]
    page = client.get(f"/programs/{ids['program']}/import/mapping").get_data(as_text=True)
    mapping = selected_mapping(page)
    page = preview(client, ids["program"], mapping).get_data(as_text=True)
    client.post(
        f"/programs/{ids['program']}/import/confirm",
        data={**mapping, "previewed": previewed(page)},
    )
    assert pending_files(clean_app) == []


def test_cp1252_semicolon_csv_matches_french_headers(clean_app, client, login_as, branch):
    me = login_as("coordinator")
    ids = make_import_program(clean_app, me.id, branch)
    data = (
        "Autres commentaires ?;J'ai appris quelque chose de nouveau;Tranche d'âge;Note globale\n"
        "Très intéressant, merci;Tout à fait d’accord;65 ans ou plus;5\n"
        "Déçu;Pas du tout d'accord;35 to 64;4.0\n"
        "Œuvre;D’accord;;6\n"
    ).encode("cp1252")
    response = run_import(client, ids["program"], data, "réponses.csv")
    assert response.status_code == 302
    batch = query(clean_app, sa.select(ImportBatch))[0]
    assert (batch.rows_imported, batch.rows_refused) == (2, 1)
    assert batch.report == [
        {"row": 4, "reason": "“6” is not a rating from 1 to 5 for “Overall rating”"}
    ]
    assert batch.filename == "réponses.csv"
    assert stored_responses(clean_app, ids["program"]) == [
        (
            None,
            "fr",  # French labels: French responses
            "import",
            sorted(
                [
                    (ids["comments"], None, "Très intéressant, merci"),
                    (ids["learned"], Decimal(5), None),
                    (ids["age"], None, "65+"),
                    (ids["rating"], Decimal(5), None),
                ],
                key=str,
            ),
        ),
        (
            None,
            "fr",  # French labels: French responses
            "import",
            sorted(
                [
                    (ids["comments"], None, "Déçu"),
                    (ids["learned"], Decimal(1), None),
                    (ids["age"], None, "35-64"),
                    (ids["rating"], Decimal(4), None),
                ],
                key=str,
            ),
        ),
    ]


def test_xlsx_keeps_formula_text_as_text_and_strips_control_characters(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    data = xlsx_bytes(
        [
            ["How many programs did you attend this year?", "Any other comments?", "Age band"],
            [3, '=HYPERLINK("http://evil.example","click")', "18 to 34"],
            ["=2+3", "Bell\x7f and\x85 next", "65+"],
            [51, "fine", "35-64"],
            [2.5, "x" * 5001, None],
            [None, None, None],
            [None, None, None],
        ],
        text_cells=[(2, 2)],
    )
    response = run_import(client, ids["program"], data, "Forms export.xlsx")
    assert response.status_code == 302
    batch = query(clean_app, sa.select(ImportBatch))[0]
    assert batch.rows_total == 4  # empty rows at the end are not rows
    assert batch.report == [
        {
            "row": 4,
            "reason": "51 is out of range for “How many programs did you attend this year?” "
            "(0.00 to 50.00)",
        },
        {
            "row": 5,
            "reason": "the answer to “Any other comments?” is too long "
            "(5001 characters, at most 5000)",
        },
    ]
    assert stored_responses(clean_app, ids["program"]) == [
        (
            None,
            "en",
            "import",
            sorted(
                [
                    (ids["count"], Decimal(3), None),
                    (ids["comments"], None, '=HYPERLINK("http://evil.example","click")'),
                    (ids["age"], None, "18-34"),
                ],
                key=str,
            ),
        ),
        (
            None,
            "en",
            "import",
            # a real formula is read as its saved value (none here), never evaluated
            sorted([(ids["comments"], None, "Bell and next"), (ids["age"], None, "65+")], key=str),
        ),
    ]


def test_same_file_twice_is_refused_naming_when_and_by_whom(clean_app, client, login_as, branch):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    assert run_import(client, ids["program"], UTF8_CSV, "export.csv").status_code == 302
    response = upload(client, ids["program"], UTF8_CSV, "copy of export.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This file was already imported into this program on" in page
    assert "by Programmer Person (as “export.csv”)" in page
    assert len(query(clean_app, sa.select(Response.id))) == 3


def test_a_retried_confirm_adds_nothing(clean_app, client, login_as, branch):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    pid = ids["program"]
    assert upload(client, pid, UTF8_CSV, "export.csv").status_code == 302
    mapping = selected_mapping(client.get(f"/programs/{pid}/import/mapping").get_data(True))
    fingerprint = previewed(preview(client, pid, mapping).get_data(as_text=True))
    assert (
        client.post(
            f"/programs/{pid}/import/confirm", data={**mapping, "previewed": fingerprint}
        ).status_code
        == 302
    )
    assert pending_files(clean_app) == []  # deleted with the import, in one transaction
    again = client.post(
        f"/programs/{pid}/import/confirm", data={**mapping, "previewed": fingerprint}
    )
    assert again.headers["Location"] == f"/programs/{pid}/import"
    assert "Choose the file to import first." in client.get(again.headers["Location"]).get_data(
        as_text=True
    )
    # the same file pending again (another server's request that had not seen the import)
    from program_planner.evaluation.imports import service
    from program_planner.evaluation.imports.reading import read_table

    with clean_app.app_context():
        table = read_table(UTF8_CSV, "csv")
        service.store_pending(pid, me.id, "export.csv", "csv", UTF8_CSV, table)
        db.session.commit()
    response = client.post(
        f"/programs/{pid}/import/confirm", data={**mapping, "previewed": fingerprint}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programs/{pid}/import"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This file was already imported into this program on" in page
    assert len(query(clean_app, sa.select(Response.id))) == 3
    assert len(query(clean_app, sa.select(ImportBatch.id))) == 1
    assert pending_files(clean_app) == []


def test_changed_mapping_shows_the_preview_again_before_importing(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    pid = ids["program"]
    upload(client, pid, UTF8_CSV, "export.csv")
    mapping = selected_mapping(client.get(f"/programs/{pid}/import/mapping").get_data(True))
    fingerprint = previewed(preview(client, pid, mapping).get_data(as_text=True))
    changed = {**mapping, "col4": ""}
    response = client.post(
        f"/programs/{pid}/import/confirm", data={**changed, "previewed": fingerprint}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The mapping changed since the preview" in page and 'id="import-preview"' in page
    assert query(clean_app, sa.select(Response.id)) == []


def test_cancel_deletes_the_pending_file(clean_app, client, login_as, branch):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    upload(client, ids["program"], UTF8_CSV, "export.csv")
    response = client.post(f"/programs/{ids['program']}/import/cancel")
    assert response.status_code == 302
    assert pending_files(clean_app) == []
    response = client.get(f"/programs/{ids['program']}/import/mapping")
    assert response.headers["Location"] == f"/programs/{ids['program']}/import"


def test_files_abandoned_for_a_day_are_removed_on_the_next_upload(
    clean_app, client, login_as, make_user, branch
):
    from datetime import timedelta

    from program_planner.db import utcnow
    from program_planner.evaluation.imports import service
    from program_planner.evaluation.imports.models import PendingImport

    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    someone, another = make_user("coordinator").id, make_user("coordinator").id
    with clean_app.app_context():
        old = service.store_pending(ids["program"], someone, "old.csv", "csv", b"x")
        old.uploaded_at = utcnow() - timedelta(days=2)
        service.store_pending(ids["program"], another, "recent.csv", "csv", b"y")
        db.session.commit()
    assert upload(client, ids["program"], UTF8_CSV, "export.csv").status_code == 302
    assert pending_files(clean_app) == ["recent.csv", "export.csv"]
    assert upload(client, ids["program"], UTF8_CSV, "renamed.csv").status_code == 302
    assert pending_files(clean_app) == ["recent.csv", "renamed.csv"]  # one per person
    kept = query(clean_app, sa.select(PendingImport).where(PendingImport.user_id == me.id))[0]
    assert (kept.ext, kept.rows, kept.file_sha256) == ("csv", 6, service.file_sha256(UTF8_CSV))
