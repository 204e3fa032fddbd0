"""Import of community survey responses from online-form exports through HTTP: columns matched,
preview, confirm, a later fuller export adding only its new rows, bad files refused clearly."""

import io
import re

import openpyxl
import sqlalchemy as sa

from program_planner.community.survey.models import (
    SurveyAnswer,
    SurveyPendingImport,
    SurveyResponse,
)
from tests.community.test_survey import HOSTILE, setup
from tests.conftest import query

GOOGLE_HEADER = [
    "Timestamp",
    "What would you like to learn or do at the library?",
    "What makes it hard for you to come to library programs?",
    "How often do you use the library?",
    "Is there anything else the library could do for you?",
]
ROWS = [
    [
        "2026/03/02 10:15:00 AM EST",
        "Computers, phones and the internet, Finding work, résumés and careers",
        "Cost, Getting there (transport)",
        "Never",
        HOSTILE,
    ],
    ["2026/03/02 11:40:00 AM EST", "Health and wellness", "Language", "Every week", ""],
]


def csv_bytes(header, rows):
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(client, survey_id, data, name="export.csv"):
    return client.post(
        f"/community/surveys/{survey_id}/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def mapping_data(page):
    """Return the mapping form's fields as the page shows them (selected options, hidden)."""
    data = dict(re.findall(r'name="(csrf_token|previewed)"[^>]*value="([^"]*)"', page))
    for name, body in re.findall(r'<select[^>]*name="(col\d+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body) or re.search(
            r'<option value="([^"]*)" selected', body
        )
        data[name] = chosen.group(1) if chosen else ""
    return data


def preview_and_import(client, survey_id):
    page = client.get(f"/community/surveys/{survey_id}/import/preview").get_data(as_text=True)
    data = mapping_data(page)
    done = client.post(f"/community/surveys/{survey_id}/import/confirm", data=data)
    return page, done


def test_google_forms_export_imported_once_then_only_new_rows(clean_app, client, login_as):
    _token, survey_id, _groups = setup(clean_app)
    login_as("programmer")
    assert upload(client, survey_id, csv_bytes(GOOGLE_HEADER, ROWS)).status_code == 302
    page, done = preview_and_import(client, survey_id)
    assert "2 rows in the file: 2 would be imported, 0 refused." in page
    assert "Import 2 responses" in page and "<script>alert" not in page
    assert "session" not in page.lower()  # survey responses belong to no session
    assert done.status_code == 302
    rows = query(
        clean_app,
        sa.select(SurveyResponse.id, SurveyResponse.channel, SurveyResponse.library_user).order_by(
            SurveyResponse.id
        ),
    )
    assert [(r[1].value, r[2]) for r in rows] == [("import", False), ("import", True)]
    answers = query(
        clean_app,
        sa.select(SurveyAnswer.response_id, SurveyAnswer.question_code, SurveyAnswer.value_text),
    )
    first = {(code, text) for rid, code, text in answers if rid == rows[0][0]}
    assert ("community.interests", "digital") in first and ("community.interests", "jobs") in first
    assert ("community.barriers", "cost") in first and ("community.barriers", "transport") in first
    assert ("community.ideas", HOSTILE) in first
    assert query(clean_app, sa.select(sa.func.count(SurveyPendingImport.id))) == [0]
    flashed = client.get("/community/surveys").get_data(as_text=True)
    assert "2 responses imported." in flashed

    # a later, fuller export of the same form: only its third row is new
    later = [*ROWS, ["2026/03/03 09:00:00 AM EST", "Arts, culture and crafts", "Cost", "Never", ""]]
    assert upload(client, survey_id, csv_bytes(GOOGLE_HEADER, later)).status_code == 302
    page, done = preview_and_import(client, survey_id)
    assert "2 already imported, 1 new." in page and "Import 1 response" in page
    assert done.status_code == 302
    assert query(clean_app, sa.select(sa.func.count(SurveyResponse.id))) == [3]
    assert "1 response imported. 2 were already imported" in client.get(
        "/community/surveys"
    ).get_data(as_text=True)


def test_french_microsoft_forms_xlsx_is_french_and_future_rows_refused(clean_app, client, login_as):
    _token, survey_id, _groups = setup(clean_app)
    login_as("coordinator")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "ID",
            "Heure de début",
            "Qu'aimeriez-vous apprendre ou faire à la bibliothèque?",
            "À quelle fréquence utilisez-vous la bibliothèque?",
        ]
    )
    both = "Santé et mieux-être;Livres, lecture et écriture"
    sheet.append([1, "2026-03-02 10:00", both, "Jamais"])
    sheet.append([2, "2099-01-01 10:00", "Santé et mieux-être", "Jamais"])
    data = io.BytesIO()
    book.save(data)
    assert upload(client, survey_id, data.getvalue(), "Sondage.xlsx").status_code == 302
    page, done = preview_and_import(client, survey_id)
    assert "2 rows in the file: 1 would be imported, 1 refused." in page
    assert "it is dated in the future" in page
    assert done.status_code == 302
    [(language, channel)] = query(
        clean_app, sa.select(SurveyResponse.language, SurveyResponse.channel)
    )
    assert language == "fr" and channel.value == "import"
    codes = query(clean_app, sa.select(SurveyAnswer.value_text))
    assert sorted(codes) == ["health", "never", "reading"]


def test_bad_files_get_a_clear_message_and_nothing_is_stored(clean_app, client, login_as):
    _token, survey_id, _groups = setup(clean_app)
    login_as("programmer")
    refused = upload(client, survey_id, b"\x00\x01 not a workbook", "export.xlsx")
    assert refused.status_code == 422
    assert "not a readable Excel" in refused.get_data(as_text=True)
    wrong = upload(client, survey_id, b"a,b\n1,2\n", "export.pdf")
    assert wrong.status_code == 422
    nothing = client.get(f"/community/surveys/{survey_id}/import/preview")
    assert nothing.status_code == 302  # nothing uploaded: back to the upload page
    unmatched = csv_bytes(["Colour", "Size"], [["red", "big"]])
    assert upload(client, survey_id, unmatched).status_code == 302
    page, done = preview_and_import(client, survey_id)
    assert "Import" in page and done.status_code == 422
    assert "Map at least one column" in done.get_data(as_text=True)
    assert query(clean_app, sa.select(sa.func.count(SurveyResponse.id))) == [0]


def test_frontline_may_not_import(clean_app, client, login_as):
    _token, survey_id, _groups = setup(clean_app)
    login_as("frontline")
    assert client.get(f"/community/surveys/{survey_id}/import").status_code == 403
