"""The exported workbook opens in LibreOffice: converted headless, its values read back."""

import csv
import os
import shutil
import subprocess

import pytest

from program_planner.extensions import db
from tests.reports.test_excel_hostile import CONTROL, HOSTILE, hostile_program

REQUIRE_LIBREOFFICE = os.environ.get("PP_REQUIRE_LIBREOFFICE") == "1"
# comma, double quote, UTF-8, from line 1, default columns, raw values, every sheet (-1)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def soffice():
    path = shutil.which("soffice")
    if path is None:
        reason = "LibreOffice (soffice) is not installed"
        if REQUIRE_LIBREOFFICE:
            pytest.fail(reason + " (PP_REQUIRE_LIBREOFFICE=1)")
        pytest.skip(reason)
    return path


def convert_to_csv(path, outdir):
    """Convert every sheet of the workbook to its own CSV file; return {sheet: rows}."""
    profile = outdir / "lo-profile"
    result = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}-{os.getpid()}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(outdir),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    sheets = {}
    for name in os.listdir(outdir):
        if name.startswith(path.stem + "-") and name.endswith(".csv"):
            with open(outdir / name, encoding="utf-8", newline="") as handle:
                sheets[name[len(path.stem) + 1 : -4]] = list(csv.reader(handle))
    return sheets


def test_workbook_opens_in_libreoffice_with_text_kept_literal(
    clean_app, client, login_as, make_user, branch, tmp_path
):
    soffice()
    with clean_app.app_context():
        pid = hostile_program(make_user("programmer").id, branch)
        db.session.commit()
    login_as("coordinator")
    response = client.post(f"/programs/{pid}/export")
    assert response.status_code == 200
    workbook = tmp_path / "export.xlsx"
    workbook.write_bytes(response.get_data())
    sheets = convert_to_csv(workbook, tmp_path)
    expected = ["Summary", "Objectives", "Sessions", "Budget", "Responses", "Comments", "Debriefs"]
    assert set(expected + ["About this workbook"]) <= set(sheets)

    summary = dict(zip(sheets["Summary"][0], sheets["Summary"][1], strict=True))
    assert summary["Program"] == HOSTILE["title"]  # not the result of a formula
    assert summary["Branch"] == "+1"
    assert summary["Headcount"] == "9"
    assert float(summary["Budget actual"]) == 90.5
    comments = [row[2] for row in sheets["Comments"][1:]]
    assert HOSTILE["comment"] in comments
    assert any(c.startswith("=yyyy") and c.endswith("[truncated]") for c in comments)
    assert sheets["Sessions"][1][3] == "-2+3"  # a venue, not the number 1
    assert sheets["Sessions"][1][1].startswith("20")  # a date, read back as a date
    assert sheets["Budget"][1][3] == HOSTILE["budget"]
    objectives = sheets["Objectives"][1]
    assert objectives[1] == HOSTILE["objective"] and objectives[-1] == HOSTILE["assessment"]
    assert objectives[-2] == "Not enough evidence"
    debrief = sheets["Debriefs"][1]
    assert debrief[2] == HOSTILE["author"] and debrief[5] == HOSTILE["problems"]
    by_objective = sheets["Debriefs"][5]  # the second table: each objective in the debriefs
    assert by_objective[2] == HOSTILE["author"] and by_objective[4] == HOSTILE["why"]
    assert HOSTILE["question"] in sheets["Responses"][0]
    everything = "\n".join(",".join(row) for rows in sheets.values() for row in rows)
    assert "#NAME?" not in everything and "Err:" not in everything
    assert CONTROL not in everything and "abcdef" in everything
