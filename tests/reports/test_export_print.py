"""The workbook a funder receives: a cover, pages set up to print, properties, the reader's
money format, and the same values read by a second, independent reader (python-calamine)."""

import io
import os
import shutil
import subprocess
from datetime import datetime

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from tests.reports.test_excel_libreoffice import soffice
from tests.reports.test_export_excel import SHEETS, demo_program_id, export, rows, sign_in_demo

SHEET_HEADERS = {  # each data sheet's title row starts with these
    "Summary": "Program Branch Program type",
    "Objectives": "Program Objective Outcome type",
    "Sessions": "Program Start End",
    "Budget": "Program Category",
    "Responses": "Response Program Session",
    "Comments": "Program Question Comment",
    "Debriefs": "Program Kind Author",
}


def poppler(tool):
    path = shutil.which(tool)
    if path is None:
        reason = f"{tool} (Debian's poppler-utils) is not installed"
        if os.environ.get("PP_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(reason + " (PP_REQUIRE_LIBREOFFICE=1)")
        pytest.skip(reason)
    return path


def to_pdf(workbook_bytes, tmp_path):
    """Print the workbook to PDF with LibreOffice; return the text of each page."""
    source = tmp_path / "export.xlsx"
    source.write_bytes(workbook_bytes)
    result = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{tmp_path}/lo-{os.getpid()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = subprocess.run(
        [poppler("pdftotext"), "-layout", str(tmp_path / "export.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    return [page for page in pages if page.strip()]


def test_the_demo_workbook_prints_on_eight_pages_each_sheet_headed(clean_app, client, tmp_path):
    pid = demo_program_id(clean_app)
    sign_in_demo(clean_app, client)
    pages = to_pdf(export(client, pid).get_data(), tmp_path)
    assert len(pages) <= 8, [p.strip().splitlines()[0] for p in pages]
    first_pages = {}
    for number, page in enumerate(pages, 1):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        top = lines[0]  # the page header: library · title … sheet name
        assert top.startswith("Public Library · Computer basics for seniors"), top
        sheet = next(name for name in SHEETS if top.endswith(name))
        first_pages.setdefault(sheet, (number, lines))
        assert f"Page {number} of {len(pages)}" in lines[-1]  # the footer numbers the pages
        assert lines[-1].startswith("Generated ")
    assert list(first_pages) == SHEETS  # every sheet printed, in order
    cover = "\n".join(first_pages["About this workbook"][1])
    for words in ("How to read a verdict", "What n means", "Sessions from 2026-10-07"):
        assert words in cover
    for sheet, header in SHEET_HEADERS.items():
        assert first_pages[sheet][1][1].startswith(header), (sheet, first_pages[sheet][1][:3])


def test_pages_are_set_up_and_the_document_says_who_made_it(clean_app, client):
    pid = demo_program_id(clean_app)
    sign_in_demo(clean_app, client)
    wb = openpyxl.load_workbook(io.BytesIO(export(client, pid).get_data()))
    assert wb.properties.creator == "Public Library"
    assert wb.properties.title == "Computer basics for seniors"
    assert wb.properties.language == "en-CA"
    for name in SHEETS[1:]:
        ws = wb[name]
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), name
        assert ws.print_title_rows == "$1:$1", name
        assert ws.row_dimensions[1].height >= 18, name  # tall enough for wrapped headers
    assert wb["Summary"].page_setup.orientation == "landscape"
    cover = [r for r in rows(wb["About this workbook"]) if r]
    assert cover[0][0] == "Computer basics for seniors"
    facts = {r[0]: r[1] for r in wb["About this workbook"].iter_rows(values_only=True) if r[0]}
    assert facts["Library"] == "Public Library" and facts["Fiscal years"] == "2026"
    assert facts["Generated"].startswith("Generated ") and facts["Generated"].endswith(
        " by Chantal Côté"
    )


def test_a_french_export_shows_money_the_french_way(clean_app, client):
    pid = demo_program_id(clean_app)
    sign_in_demo(clean_app, client)
    client.post("/language", data={"lang": "fr", "next": "/"})
    wb = openpyxl.load_workbook(io.BytesIO(export(client, pid).get_data()))
    assert wb.sheetnames[0] == "À propos de ce classeur"
    summary = wb["Sommaire"]
    header = [c.value for c in summary[1]]
    money = summary.cell(2, header.index("Budget prévu") + 1)
    assert money.number_format == "#,##0.00\\ [$$-C0C]"  # 120,00 $ for a French reader
    assert wb.properties.language == "fr-CA"


def moment(value):
    """A date or datetime as a datetime to the second (readers differ in which they return)."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    return datetime(value.year, value.month, value.day)


def test_a_second_reader_finds_the_same_values(clean_app, client):
    pid = demo_program_id(clean_app)
    sign_in_demo(clean_app, client)
    data = export(client, pid).get_data()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    other = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert other.sheet_names == wb.sheetnames
    for name in wb.sheetnames:
        mine = [[v for v in row] for row in wb[name].iter_rows(values_only=True)]
        theirs = other.get_sheet_by_name(name).to_python(skip_empty_area=False)
        width = max((len(r) for r in mine), default=0)
        for number, (a, b) in enumerate(zip(mine, theirs, strict=False), 1):
            a = [("" if v is None else v) for v in a] + [""] * (width - len(a))
            b = list(b) + [""] * (width - len(b))
            for x, y in zip(a, b, strict=True):
                if isinstance(x, float) or isinstance(y, float):
                    assert float(x) == pytest.approx(float(y)), (name, number)
                elif hasattr(x, "isoformat") and hasattr(y, "isoformat"):
                    assert moment(x) == moment(y), (name, number)
                else:
                    assert x == y, (name, number, x, y)
