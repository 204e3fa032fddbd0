"""The year's statistics as files: an Excel workbook laid out like the page, and a CSV to upload.

No Flask here: texts holds the translated words. Text never becomes a formula: workbook text is
forced to string cells without control characters; CSV cells that a spreadsheet would read as
a formula (starting with = + - @ tab or carriage return) are quoted with a leading apostrophe.
"""

import csv
import io
import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean(value) -> str:
    """Return text without control characters."""
    return CONTROL_CHARACTERS.sub("", str(value))


def text_cell(cell, value) -> None:
    """Put text in a cell as a string, never a formula, without control characters."""
    cell.value = clean(value)
    cell.data_type = "s"


def csv_safe(value) -> object:
    """Return a CSV cell that no spreadsheet runs as a formula; numbers stay numbers."""
    if isinstance(value, int):
        return value
    text = clean(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _row(sheet, row, values, bold=False):
    from openpyxl.styles import Font

    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=col)
        if isinstance(value, int):
            cell.value = value
            cell.number_format = "#,##0"
        else:
            text_cell(cell, value)
        if bold:
            cell.font = Font(bold=True)


def workbook_bytes(report, texts: dict) -> bytes:
    """Return the .xlsx of the report: heading, the agency's table, checks, programs set aside.

    texts: heading, subtitle, period, sheet, checks, passed, failed, breaking (a format with
    title/start/headcount/online), excluded, excluded_columns, unmapped, unmapped_columns, author.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = clean(texts["sheet"])[:31]
    text_cell(sheet.cell(row=1, column=1), texts["heading"])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    text_cell(sheet.cell(row=2, column=1), texts["subtitle"])
    text_cell(sheet.cell(row=3, column=1), texts["period"])
    _row(sheet, 4, report.columns, bold=True)
    row = 5
    for line in report.lines:
        _row(sheet, row, (line.number, line.label, *line.values), bold=line.total)
        row += 1
    sheet.freeze_panes = "A5"
    row = _section(sheet, row + 1, texts["checks"], None, _check_rows(report, texts))
    if report.excluded:
        rows = [(title, activity, n) for _pid, title, activity, n in report.excluded]
        row = _section(sheet, row, texts["excluded"], texts["excluded_columns"], rows)
    if report.unmapped:
        rows = [(title, kind, n, h) for _pid, title, kind, n, h in report.unmapped]
        row = _section(sheet, row, texts["unmapped"], texts["unmapped_columns"], rows)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 64
    for letter in "CD":
        sheet.column_dimensions[letter].width = 14
    sheet.print_title_rows = "4:4"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    workbook.properties.title = clean(texts["heading"])[:200]
    workbook.properties.creator = clean(texts["author"])[:200]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _check_rows(report, texts):
    rows = []
    for check in report.checks:
        verdict = texts["passed"] if check.ok else texts["failed"]
        rows.append((check.label, check.left, check.right, verdict))
        for _pid, title, start, headcount, online in check.breaking:
            rows.append(
                (
                    "",
                    texts["breaking"].format(
                        title=title, start=start, headcount=headcount, online=online
                    ),
                )
            )
    return rows


def _section(sheet, row, heading, columns, rows):
    """Write a titled block from row; return the row after it and a blank line."""
    from openpyxl.styles import Font

    text_cell(sheet.cell(row=row, column=1), heading)
    sheet.cell(row=row, column=1).font = Font(bold=True)
    row += 1
    if columns:
        _row(sheet, row, ("", *columns), bold=True)
        row += 1
    for values in rows:
        _row(sheet, row, values if columns is None else ("", *values))
        row += 1
    return row + 1


def csv_text(report, texts: dict) -> str:
    """Return the agency's table as CSV (UTF-8 with BOM): the period on the first line, then one
    line per element with its figures."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_safe(texts["period"])])
    writer.writerow([csv_safe(c) for c in report.columns])
    for line in report.lines:
        writer.writerow([csv_safe(v) for v in (line.number, line.label, *line.values)])
    return out.getvalue()
