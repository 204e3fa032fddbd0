"""Rows in, workbook out: a streaming (write-only) openpyxl workbook, with no Flask in it.

Every text cell is written as a string cell, never a formula, whatever it starts with; control
characters are stripped and texts longer than a cell holds are cut with a marker. Sheets are
written row by row (openpyxl write_only), so memory does not grow with the number of rows; the
rows themselves are serialized by excel_rows, openpyxl writing everything around them.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from program_planner.reports.excel_rows import RowStyles, RowXml, discard, stream_rows

MAX_CELL = 32767  # characters an Excel cell holds
TRUNCATED = " … [truncated]"
# C0 controls except tab, line feed and carriage return; DEL and C1 controls; line separators;
# lone surrogates and non-characters (neither can be written as XML)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

# number formats, by column kind
TEXT, LABEL, INT, NUMBER, MONEY, PERCENT, DATETIME, DATE = (
    "text",
    "label",
    "int",
    "number",
    "money",
    "percent",
    "datetime",
    "date",
)
FORMATS = {  # whole numbers keep Excel's General format: no styled cell per count
    NUMBER: "0.00",
    MONEY: "[$$-1009]#,##0.00",
    PERCENT: "0.0%",
    DATETIME: "yyyy-mm-dd hh:mm",
    DATE: "yyyy-mm-dd",
}
CURRENCY_FORMATS = {
    "CAD": "[$$-1009]#,##0.00",
    "USD": "[$$-409]#,##0.00",
    "EUR": "#,##0.00 [$€-1]",
    "GBP": "[$£-809]#,##0.00",
}
CHART_ROWS = 22  # rows a chart covers on the Charts sheet
WIDTHS = {TEXT: 40, LABEL: 18, INT: 10, NUMBER: 10, MONEY: 13, PERCENT: 9, DATETIME: 17, DATE: 12}


def currency_format(code: str) -> str:
    """Return an Excel number format for amounts in the currency with that ISO code."""
    safe = re.sub(r"[^A-Z]", "", (code or "").upper())[:3]
    return CURRENCY_FORMATS.get(safe, f'#,##0.00 "{safe}"' if safe else "#,##0.00")


def clean_text(value) -> str:
    """Return text fit for a cell: control characters stripped, cut to what a cell holds."""
    text = CONTROL.sub("", str(value))
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - len(TRUNCATED)] + TRUNCATED
    return text


def safe_sheet_title(title: str) -> str:
    """Return a valid sheet name: no []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", " ", clean_text(title)).strip()[:31] or "Sheet"


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header, kind of value (sets the number format) and width."""

    header: str
    kind: str = LABEL
    width: float | None = None
    number_format: str | None = None  # overrides the kind's format


@dataclass(frozen=True)
class Formatted:
    """A value with its own number format (e.g. a share in a column that also holds counts)."""

    value: object
    number_format: str


@dataclass
class Sheet:
    """A sheet to write: title, columns and an iterable of rows (tuples of plain values)."""

    title: str
    columns: list[Column]
    rows: Iterable = ()


@dataclass
class ChartSpec:
    """A bar chart over a small table written on the Charts sheet."""

    title: str
    y_title: str
    x_title: str
    header: list[str]  # first cell names the categories, then one per series
    rows: list[tuple] = field(default_factory=list)  # (category, value per series …)
    max_series: int = 10


def workbook_styles(ws) -> RowStyles:
    """Return the cell styles of ws's workbook, as the fast row writer uses them."""

    def style_id(number_format, quote, header):
        cell = WriteOnlyCell(ws)
        if number_format:
            cell.number_format = number_format
        if quote:
            cell.quotePrefix = True
        if header:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell.style_id

    return RowStyles(style_id, clean_text, lambda text: text.startswith(FORMULA_START))


class SheetWriter:
    """Writes rows to one write-only worksheet, every cell typed and formatted."""

    def __init__(self, wb, sheet: Sheet, money_format: str, table=True, styles=None):
        self.ws = wb.create_sheet(safe_sheet_title(sheet.title))
        self.columns = sheet.columns
        self.rows_written = 0
        self.styles = styles or workbook_styles(self.ws)
        self._money = money_format
        for index, column in enumerate(self.columns, 1):
            width = column.width or WIDTHS.get(column.kind, 14)
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.table = table
        if table:
            self.ws.freeze_panes = "A2"
        self._rows = RowXml(self.styles, [self._format_of(c) for c in self.columns])
        self._stream = stream_rows(self.ws, self._rows.header if table else self._rows.row)
        if table:
            self.ws.append([c.header for c in self.columns])
            self._stream.serialize = self._rows.row

    @property
    def next_row(self) -> int:
        """The number of the row the next append writes."""
        return self.rows_written + (2 if self.table else 1)

    def _format_of(self, column: Column):
        if column.number_format:
            return column.number_format
        if column.kind == MONEY:
            return self._money
        return FORMATS.get(column.kind)

    def append(self, row):
        """Write one row of plain values (None or "" leaves a cell empty)."""
        self.ws.append(row)
        self.rows_written += 1

    def close(self):
        """Check every row went through our writer; set a table's filter over all its rows."""
        if self._stream.rows_written != self.next_row - 1:
            raise RuntimeError("openpyxl no longer sends appended rows to the export's writer")
        if self.table:
            last = get_column_letter(max(1, len(self.columns)))
            self.ws.auto_filter.ref = f"A1:{last}{self.rows_written + 1}"


def _write_charts(writer: SheetWriter, charts: list[ChartSpec]):
    """Write each chart's table on the Charts sheet and a native bar chart beside it."""
    ws = writer.ws
    for spec in charts:
        if not spec.rows:
            continue
        top = writer.next_row
        writer.append([spec.title])
        header_row = writer.next_row
        writer.append(spec.header)
        for values in spec.rows:
            writer.append(values)
        last_row = writer.next_row - 1
        series = min(len(spec.header) - 1, spec.max_series)
        chart = BarChart()
        chart.type = "col"
        chart.title = clean_text(spec.title)[:200]
        chart.y_axis.title = spec.y_title
        chart.x_axis.title = spec.x_title
        chart.height, chart.width = 9, 18
        data = Reference(ws, min_col=2, max_col=1 + series, min_row=header_row, max_row=last_row)
        categories = Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(categories)
        ws.add_chart(chart, f"{get_column_letter(len(spec.header) + 2)}{top}")
        while writer.next_row < top + CHART_ROWS:  # room for the chart before the next table
            writer.append([])


def write_workbook(
    out,
    sheets: Iterable[Sheet],
    charts=(),
    *,
    money_format: str | None = None,
    charts_title: str = "Charts",
):
    """Write the sheets (in order), then a Charts sheet, to out (a path or binary file).

    sheets may be a generator, so a sheet's rows are queried only when it is written; charts is
    a list of ChartSpec or a callable returning one, called after every sheet is written.
    """
    wb = Workbook(write_only=True)
    try:
        _write_sheets(wb, sheets, charts, money_format or FORMATS[MONEY], charts_title)
        wb.save(out)
    except BaseException:
        discard(wb)  # no temporary file outlives a failed export
        raise


def _write_sheets(wb, sheets, charts, money: str, charts_title: str):
    """Write each sheet, then the Charts sheet when a chart has rows."""
    styles = None
    for sheet in sheets:
        writer = SheetWriter(wb, sheet, money, styles=styles)
        styles = writer.styles
        for row in sheet.rows:
            writer.append(row)
        writer.close()
    charts = list(charts() if callable(charts) else charts)
    if any(spec.rows for spec in charts):
        columns = [Column("", LABEL, 45)] + [Column("", INT, 14)] * 10
        writer = SheetWriter(wb, Sheet(charts_title, columns), money, table=False, styles=styles)
        _write_charts(writer, charts)
        writer.close()
