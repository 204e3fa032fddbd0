"""The fast row writer: every kind of value reads back typed and formatted, never a formula."""

import inspect
import io
import os
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import ALL_TEMP_FILES, WorksheetWriter

from program_planner.reports.export import excel_rows
from program_planner.reports.export.excel import (
    DATE,
    DATETIME,
    INT,
    LABEL,
    MAX_CELL,
    MONEY,
    NUMBER,
    TEXT,
    TRUNCATED,
    ChartSpec,
    Column,
    Cover,
    Formatted,
    Sheet,
    SheetWriter,
    clean_text,
    write_workbook,
)
from program_planner.reports.export.excel_rows import discard

HOSTILE = ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "\nx", '=HYPERLINK("http://e.x","y")']
LONG = "=" + "y" * 40000
MONEY_FORMAT = "[$$-1009]#,##0.00"


EVERY_KIND_COLUMNS = [
    Column("Text", TEXT),
    Column("Label", LABEL),
    Column("Count", INT),
    Column("Mean", NUMBER),
    Column("Money", MONEY),
    Column("When", DATETIME),
    Column("Day", DATE),
]
EVERY_KIND_ROWS = [
    ("plain", "a & <b> > c", 7, 2.5, Decimal("90.50"), datetime(2027, 3, 10, 14, 5), None),
    (" padded ", "line\r\nbreak", True, Decimal("4.00"), 12, None, date(2027, 3, 10)),
    ("", None, False, Formatted(0.25, "0.0%"), Formatted(3, "#,##0"), None, None),
    ("a\x00b\x01c\x1bd\x7fe\x9ff\ud800g", LONG, 10**12, float("nan"), -0.5, None, None),
]


def written(rows, columns, **options):
    """Write one sheet of these rows; return it as openpyxl reads it back."""
    out = io.BytesIO()
    write_workbook(out, [Sheet("Values", columns, rows)], **options)
    out.seek(0)
    return openpyxl.load_workbook(out)["Values"]


def cells(ws, row):
    """Return (value, data type, number format, quote prefix) of each cell of a row."""
    return [(c.value, c.data_type, c.number_format, c.quotePrefix) for c in ws[row]]


def test_every_kind_of_value_reads_back_typed_and_formatted():
    columns, rows = EVERY_KIND_COLUMNS, EVERY_KIND_ROWS
    ws = written(rows, columns)
    assert cells(ws, 2) == [
        ("plain", "s", "General", False),
        ("a & <b> > c", "s", "General", False),
        (7, "n", "General", False),
        (2.5, "n", "0.00", False),
        (90.5, "n", MONEY_FORMAT, False),
        (datetime(2027, 3, 10, 14, 5), "d", "yyyy-mm-dd hh:mm", False),
        (None, "n", "General", False),
    ]
    assert cells(ws, 3)[:4] == [
        (" padded ", "s", "General", False),
        ("line\r\nbreak", "s", "General", False),
        (1, "n", "General", False),
        (4, "n", "0.00", False),
    ]
    assert cells(ws, 3)[4] == (12, "n", MONEY_FORMAT, False)
    assert cells(ws, 3)[6] == (datetime(2027, 3, 10), "d", "yyyy-mm-dd", False)
    assert [c.value for c in ws[4]][:2] == [None, None]  # "" and None leave the cell out
    assert cells(ws, 4)[2:5] == [
        (0, "n", "General", False),
        (0.25, "n", "0.0%", False),
        (3, "n", "#,##0", False),
    ]
    text, long, big, nan, negative = (c.value for c in ws[5][:5])
    assert text == "abcdefg"  # control characters and a lone surrogate stripped
    assert len(long) == MAX_CELL and long.startswith("=yyy") and long.endswith(TRUNCATED)
    assert ws["B5"].data_type == "s" and ws["B5"].quotePrefix
    assert (big, nan, negative) == (10**12, None, -0.5)


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_like_a_formula_is_a_quoted_string(text):
    ws = written([(text, Formatted(text, "0.00"))], [Column("=header", TEXT), Column("n")])
    for cell in ws[2]:
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    header = ws["A1"]
    assert (header.value, header.data_type, header.quotePrefix) == ("=header", "s", True)
    assert header.font.bold and header.alignment.wrap_text
    assert ws["B1"].font.bold and not ws["B1"].quotePrefix


def test_no_cell_is_a_formula_in_the_sheet_xml():
    out = io.BytesIO()
    write_workbook(out, [Sheet("S", [Column("a"), Column("b")], [(t, t) for t in HOSTILE])])
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert xml.count('t="inlineStr"') == 2 * len(HOSTILE) + 2


def test_dates_in_columns_without_a_date_format_get_one():
    ws = written([(date(2026, 1, 2), datetime(2026, 1, 2, 3, 4))], [Column("a"), Column("b")])
    assert cells(ws, 2) == [
        (datetime(2026, 1, 2), "d", "yyyy-mm-dd", False),
        (datetime(2026, 1, 2, 3, 4), "d", "yyyy-mm-dd hh:mm", False),
    ]


def test_aware_datetimes_are_refused_and_leave_no_temporary_file():
    before = set(ALL_TEMP_FILES)
    with pytest.raises(TypeError, match="naive"):
        written([("ok",), (datetime(2026, 1, 2, tzinfo=UTC),)], [Column("a", DATETIME)])
    assert set(ALL_TEMP_FILES) <= before


def test_rows_longer_than_the_columns_and_empty_rows():
    ws = written([(1, 2, 3, "x"), (), (None, ""), ("after",)], [Column("a", INT)])
    assert [c.value for c in ws[2]] == [1, 2, 3, "x"]
    assert ws["A5"].value == "after"  # empty rows still count
    assert ws.auto_filter.ref == "A1:A5"


@pytest.mark.parametrize(
    "moment",
    [
        date(1900, 1, 1),
        date(1900, 2, 28),
        date(1900, 3, 1),  # after the 29 February 1900 Excel counts
        datetime(1900, 2, 28, 12),
        datetime(2027, 3, 10, 14, 5, 7),
        date(9999, 12, 31),
    ],
)
def test_dates_read_back_as_written(moment):
    ws = written([(moment,)], [Column("When", DATETIME if type(moment) is datetime else DATE)])
    as_datetime = moment if type(moment) is datetime else datetime(*moment.timetuple()[:3])
    assert ws["A2"].value == as_datetime and ws["A2"].is_date


def test_the_text_cache_forgets_and_stays_right(monkeypatch):
    monkeypatch.setattr(excel_rows, "TEXT_CACHE", 3)
    values = [f"label {i % 7}" for i in range(40)] + ["=x"] * 3
    ws = written([(v,) for v in values], [Column("a", LABEL)])
    assert [c.value for c in ws["A"][1:]] == values
    assert all(c.quotePrefix for c in ws["A"][-3:])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_any_text_reads_back_cleaned_as_a_string(texts):
    ws = written([tuple(texts)], [Column(str(i), TEXT) for i in range(len(texts))])
    for text, cell in zip(texts, ws[2], strict=True):
        expected = clean_text(text) or None
        assert cell.value == expected
        if expected is not None:
            assert cell.data_type == "s"
            assert cell.quotePrefix == expected.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


# --- the openpyxl internals the writer relies on (openpyxl pinned to 3.1.x) -------------------
def test_openpyxl_hook_points_are_where_the_writer_expects_them():
    version = tuple(int(part) for part in openpyxl.__version__.split(".")[:3])
    assert (3, 1, 5) <= version < (3, 2, 0), "excel_rows relies on openpyxl 3.1 internals"
    source = inspect.getsource(WriteOnlyWorksheet._write_rows)
    assert "self._values_to_row(row, row_idx)" in source
    assert "self._writer.write_row(xf, row, row_idx)" in source
    assert "if self._writer is None" in inspect.getsource(WriteOnlyWorksheet._get_writer)
    assert "xmlfile(self.out)" in inspect.getsource(WorksheetWriter.get_stream)
    assert "xf.write(el)" in inspect.getsource(WorksheetWriter.get_stream)
    assert "self.xf = self.get_stream()" in inspect.getsource(WorksheetWriter.__init__)


def test_rows_that_bypass_the_writer_fail_the_export():
    wb = openpyxl.Workbook(write_only=True)
    writer = SheetWriter(wb, Sheet("S", [Column("a")]), MONEY_FORMAT)
    writer.append(("fine",))
    writer._stream.rows_written -= 1  # as if openpyxl had written a row itself
    with pytest.raises(RuntimeError, match="no longer sends"):
        writer.close()
    discard(wb)
    assert not os.path.exists(writer._stream.out)


# --- the public-API path, chosen when openpyxl's hook points are missing -----------------------
def every_cell(path_or_file):
    """Each sheet's cells (value, type, format, quote, bold, wrap, vertical), heights and setup."""
    wb = openpyxl.load_workbook(path_or_file)
    sheets = {}
    for ws in wb.worksheets:
        sheets[ws.title] = {
            "cells": [
                [
                    (
                        c.value,
                        c.data_type,
                        c.number_format,
                        c.quotePrefix,
                        c.font.b,
                        c.alignment.wrap_text,
                        c.alignment.vertical,
                    )
                    for c in row
                ]
                for row in ws.iter_rows()
            ],
            "heights": {n: d.height for n, d in ws.row_dimensions.items() if d.height},
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "setup": (ws.freeze_panes, ws.auto_filter.ref, ws.print_title_rows, len(ws._charts)),
        }
    return sheets


def both_paths(monkeypatch, sheets, **options):
    """Write the same workbook through the fast rows and through openpyxl's public API."""
    results = []
    for fast in (True, False):
        monkeypatch.setattr(excel_rows, "FAST_ROWS", fast)
        out = io.BytesIO()
        write_workbook(out, sheets(), **options)
        out.seek(0)
        results.append(every_cell(out))
    return results


def test_the_public_api_path_writes_the_same_cells(monkeypatch):
    columns = EVERY_KIND_COLUMNS
    rows = [
        *EVERY_KIND_ROWS,
        (*HOSTILE[:5], Formatted("=text", "0.00"), Formatted(None, "0.00")),
        ("word " * 80, date(1900, 2, 28), Decimal("1E+3"), float("inf"), 1 / 3, None, None),
        (),
        ("after an empty row", datetime(1900, 3, 1, 12)),
    ]
    chart = ChartSpec("Answers", "Count", "Answer", ["Answer", "n"], [("Yes", 3), ("No", 1)])

    def sheets():
        yield Sheet("Values", columns, list(rows), charts=[chart])
        yield Sheet("Hostile", [Column(h[:5], TEXT) for h in HOSTILE], [tuple(HOSTILE)])

    cover = Cover("Cover", "A workbook", [("Library", "Central " * 30)], [("How", "Read it.")])
    fast, public = both_paths(monkeypatch, sheets, cover=cover, money_format=MONEY_FORMAT)
    assert public == fast
    assert fast["Values"]["cells"][1][0][0] == "plain" and fast["Values"]["heights"]


def test_without_the_hook_points_the_public_path_is_chosen(monkeypatch):
    monkeypatch.setattr(excel_rows, "WorksheetWriter", object)
    assert excel_rows.hook_points_present() is False
    monkeypatch.undo()
    assert excel_rows.hook_points_present() is True
    monkeypatch.setattr(excel_rows, "FAST_ROWS", False)
    monkeypatch.setattr(
        "program_planner.reports.export.excel.stream_rows", lambda *a: pytest.fail("hooked")
    )
    ws = written([("=1+1", 3)], [Column("a", TEXT), Column("b", INT)])
    assert cells(ws, 2) == [("=1+1", "s", "General", True), (3, "n", "General", False)]
