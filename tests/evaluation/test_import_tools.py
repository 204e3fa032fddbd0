"""Exports of Google Forms, Microsoft Forms and LimeSurvey imported end to end through HTTP.

Each sample is written here the way the tool writes it (its column names, its time format, its
checkbox layout). Each response is attached to the session it followed, by its time; a later
full export of the same form imports only the new rows; two confirms of one upload store once.
"""

import csv
import io
import threading
from datetime import UTC, datetime

import sqlalchemy as sa

from program_planner.evaluation.models import Answer, ImportBatch, Response
from program_planner.extensions import db
from tests.conftest import query, sign_in
from tests.evaluation.factories_imports import (
    confirm,
    make_import_program,
    preview,
    previewed,
    selected_mapping,
    upload,
    xlsx_bytes,
)
from tests.occurrences.factories import add_occurrence

# Toronto time (the testing library's zone): sessions at 14:00 on 7 and 14 October 2026
OCT7 = datetime(2026, 10, 7, 18, 0, tzinfo=UTC)
OCT14 = datetime(2026, 10, 14, 18, 0, tzinfo=UTC)


def program_with_october_sessions(app, owner_id, branch) -> dict:
    """Add the import program (every question type) with two past sessions in October 2026."""
    ids = make_import_program(app, owner_id, branch)
    with app.app_context():
        ids["oct7"] = add_occurrence(ids["program"], OCT7).id
        ids["oct14"] = add_occurrence(ids["program"], OCT14).id
        db.session.commit()
    return ids


def csv_bytes(rows, delimiter=",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def mapped_preview(client, pid, data, filename):
    """Upload a file and preview it with the guessed mapping; return (mapping, page text)."""
    response = upload(client, pid, data, filename)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    mapping = selected_mapping(client.get(f"/programs/{pid}/import/mapping").get_data(True))
    return mapping, preview(client, pid, mapping).get_data(as_text=True)


def imported(client, pid, data, filename):
    """Upload, preview with the guessed mapping and confirm; return the preview page."""
    mapping, page = mapped_preview(client, pid, data, filename)
    response = confirm(client, pid, mapping, previewed(page))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert response.headers["Location"].startswith("/imports/")
    return page


def responses(app, pid):
    """Return [(occurrence id, language, submitted hour, {question id: [values]})] by id."""
    found = {}
    for rid, occurrence_id, language, hour, qid, number, text in query(
        app,
        sa.select(
            Response.id,
            Response.occurrence_id,
            Response.language,
            Response.submitted_on,
            Answer.question_id,
            Answer.value_number,
            Answer.value_text,
        )
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.program_id == pid)
        .order_by(Response.id, Answer.id),
    ):
        entry = found.setdefault(rid, (occurrence_id, language, hour, {}))
        if qid is not None:
            value = text if text is not None else int(number)
            entry[3].setdefault(qid, []).append(value)
    return list(found.values())


GOOGLE_HEADER = [
    "Timestamp",
    "I learned something new",
    "How did you hear about this program?",
    "Is this your first library program?",
    "Any other comments?",
]
GOOGLE_ROWS = [
    ["2026/10/07 2:45:12 PM GMT-4", "Strongly agree", "Library website, Social media", "Yes", ""],
    ["2026/10/07 3:01:09 PM GMT-4", "Agree", "Friend or family", "No", "Great"],
    ["2026/10/08 9:12:44 AM GMT-4", "Neutral", "Social media", "Yes", "Next morning"],
    ["2026/10/14 2:30:00 PM GMT-4", "Strongly agree", "Library website", "No", ""],
    ["2026/09/01 10:00:00 AM GMT-4", "Agree", "", "Yes", "Before any session"],
    ["last Tuesday evening", "Disagree", "", "No", "A time nobody can read"],
]


def test_google_forms_export_attaches_each_response_to_its_session_and_repeats_add_only_new(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    ids = program_with_october_sessions(clean_app, me.id, branch)
    pid = ids["program"]
    mapping, page = mapped_preview(client, pid, csv_bytes([GOOGLE_HEADER, *GOOGLE_ROWS]), "g.csv")
    assert mapping["col0"] == "sent_at"  # "Timestamp" is recognised
    assert "6 rows in the file: 6 would be imported, 0 refused." in page
    assert "2 new responses match no session" in page
    assert "The time of 1 row could not be read: its answers are kept" in page
    assert "row 7: the time “last Tuesday evening” could not be read" in page
    assert "already imported" not in page
    confirm(client, pid, mapping, previewed(page))
    stored = responses(clean_app, pid)
    assert [r[0] for r in stored] == [ids["oct7"]] * 3 + [ids["oct14"], None, None]
    assert stored[0][2] == datetime(2026, 10, 7, 18, 0, tzinfo=UTC)  # to the hour, in UTC
    assert stored[0][3][ids["heard"]] == ["website", "social"]
    assert stored[1][3][ids["learned"]] == [4]

    # a later full export: the same six rows and two new ones
    later = [
        *GOOGLE_ROWS,
        ["2026/10/14 3:10:00 PM GMT-4", "Agree", "Friend or family", "Yes", "New one"],
        ["2026/10/14 3:11:00 PM GMT-4", "Agree", "Friend or family", "Yes", "New one"],
    ]
    mapping, page = mapped_preview(client, pid, csv_bytes([GOOGLE_HEADER, *later]), "g2.csv")
    assert "6 already imported, 2 new." in page
    assert "Import 2 responses" in page
    confirm(client, pid, mapping, previewed(page))
    stored = responses(clean_app, pid)
    assert len(stored) == 8
    assert [r[0] for r in stored[6:]] == [ids["oct14"], ids["oct14"]]
    batches = query(
        clean_app,
        sa.select(ImportBatch.id, ImportBatch.rows_total, ImportBatch.rows_imported).order_by(
            ImportBatch.id
        ),
    )
    assert [b[1:] for b in batches] == [(6, 6), (8, 2)]
    report = client.get(f"/imports/{batches[1][0]}").get_data(as_text=True)
    assert 'id="rows-already">6<' in report and 'id="rows-imported">2<' in report


def test_microsoft_forms_workbook_in_french_uses_the_completion_time(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    ids = program_with_october_sessions(clean_app, me.id, branch)
    pid = ids["program"]
    header = [
        "ID",
        "Heure de début",
        "Heure de fin",
        "Adresse de messagerie",
        "Nom",
        "J'ai appris quelque chose de nouveau",
        "Tranche d'âge",
        "Note globale",
    ]
    rows = [
        [1, datetime(2026, 10, 7, 15, 58), datetime(2026, 10, 7, 16, 2, 31), "anonymous", "",
         "Tout à fait d'accord", "35 à 64 ans", 5],
        [2, datetime(2026, 10, 14, 13, 50), datetime(2026, 10, 14, 13, 55, 4), "anonymous", "",
         "D'accord", "65 ans ou plus", 4],
        [3, datetime(2026, 10, 20, 10, 0), datetime(2026, 10, 20, 10, 3), "anonymous", "",
         "D'accord", "18 à 34 ans", 3],
    ]  # fmt: skip
    mapping, page = mapped_preview(client, pid, xlsx_bytes([header, *rows]), "Formulaire.xlsx")
    assert mapping["col1"] == "" and mapping["col2"] == "sent_at"  # completion beats start
    assert mapping["col5"] == str(ids["learned"]) and mapping["col6"] == str(ids["age"])
    assert "3 rows in the file: 3 would be imported, 0 refused." in page
    confirm(client, pid, mapping, previewed(page))
    stored = responses(clean_app, pid)
    # the 14 October form was sent at 13:55, before the 14:00 start: that day's session
    # the 20 October one is six days after the last session: no session
    assert [r[0] for r in stored] == [ids["oct7"], ids["oct14"], None]
    assert [r[3][ids["age"]] for r in stored] == [["35-64"], ["65+"], ["18-34"]]
    assert {r[1] for r in stored} == {"fr"}  # French labels: French responses


LIME_HEADER = [
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "I learned something new",
    "How did you hear about this program? [Library website]",
    "How did you hear about this program? [Social media]",
    "How did you hear about this program? [Friend or family]",
    "Any other comments?",
]
LIME_ROWS = [
    ["1", "2026-10-07 15:10:02", "2", "fr", "81726354", "5", "Yes", "", "Yes", "Très bien"],
    ["2", "2026-10-14 14:40:00", "2", "en", "19283746", "4", "", "Y", "", ""],
    ["3", "", "1", "en", "55512345", "3", "", "", "", "Left early"],
]


def test_limesurvey_checkbox_columns_make_one_multiple_choice_answer(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    ids = program_with_october_sessions(clean_app, me.id, branch)
    pid = ids["program"]
    data = csv_bytes([LIME_HEADER, *LIME_ROWS], delimiter=";")
    mapping, page = mapped_preview(client, pid, data, "results-survey123.csv")
    assert mapping["col1"] == "sent_at" and mapping["col3"] == "language"
    assert [mapping[f"col{i}"] for i in (6, 7, 8)] == [str(ids["heard"])] * 3
    assert "3 rows in the file: 3 would be imported, 0 refused." in page
    assert "Library website; Friend or family" in page
    confirm(client, pid, mapping, previewed(page))
    stored = responses(clean_app, pid)
    assert [(r[0], r[1]) for r in stored] == [
        (ids["oct7"], "fr"),
        (ids["oct14"], "en"),
        (None, "en"),
    ]
    assert [r[3].get(ids["heard"]) for r in stored] == [["website", "friend"], ["social"], None]

    again = [*LIME_ROWS, ["4", "2026-10-14 16:02:00", "2", "fr", "1", "5", "", "", "Oui", ""]]
    mapping, page = mapped_preview(client, pid, csv_bytes([LIME_HEADER, *again], ";"), "r2.csv")
    assert "3 already imported, 1 new." in page
    confirm(client, pid, mapping, previewed(page))
    stored = responses(clean_app, pid)
    assert len(stored) == 4 and stored[3][3][ids["heard"]] == ["friend"]


def test_an_option_cell_that_is_neither_yes_nor_blank_refuses_its_row_only(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    pid = program_with_october_sessions(clean_app, me.id, branch)["program"]
    rows = [LIME_ROWS[0], ["5", "2026-10-07 15:20:00", "2", "en", "1", "4", "maybe", "", "", ""]]
    _mapping, page = mapped_preview(client, pid, csv_bytes([LIME_HEADER, *rows]), "lime.csv")
    assert "2 rows in the file: 1 would be imported, 1 refused." in page
    assert "row 3: “maybe” is neither Yes nor blank" in page


def test_a_response_dated_in_the_future_is_refused_and_the_rest_kept(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    pid = program_with_october_sessions(clean_app, me.id, branch)["program"]
    rows = [GOOGLE_ROWS[0], ["2099/01/01 10:00:00 AM GMT-4", "Agree", "", "Yes", ""]]
    _mapping, page = mapped_preview(client, pid, csv_bytes([GOOGLE_HEADER, *rows]), "g.csv")
    assert "2 rows in the file: 1 would be imported, 1 refused." in page
    assert "row 3: it is dated in the future" in page


def test_a_session_date_with_no_session_keeps_the_response_without_one(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    ids = program_with_october_sessions(clean_app, me.id, branch)
    pid = ids["program"]
    data = b"Session date,I learned something new\n2026-10-07,5\n2026-10-09,4\nsoon,3\n"
    mapping, page = mapped_preview(client, pid, data, "paper.csv")
    assert "3 rows in the file: 3 would be imported, 0 refused." in page
    assert "no session of this program on 2026-10-09" in page
    confirm(client, pid, mapping, previewed(page))
    assert [r[0] for r in responses(clean_app, pid)] == [ids["oct7"], None, None]


def test_two_confirms_of_one_upload_at_once_store_it_once(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid = program_with_october_sessions(clean_app, me.id, branch)["program"]
    mapping, page = mapped_preview(client, pid, csv_bytes([GOOGLE_HEADER, *GOOGLE_ROWS]), "g.csv")
    fingerprint = previewed(page)
    second = clean_app.test_client()
    assert sign_in(second, me.username, me.password).status_code == 302
    start, outcomes = threading.Barrier(2), []

    def post(each):
        start.wait()
        outcomes.append(confirm(each, pid, mapping, fingerprint).status_code)

    threads = [threading.Thread(target=post, args=(c,)) for c in (client, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == [302, 302]
    assert query(clean_app, sa.select(sa.func.count()).select_from(ImportBatch)) == [1]
    assert len(responses(clean_app, pid)) == 6
