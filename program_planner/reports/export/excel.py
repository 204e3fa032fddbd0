"""Rows in, workbook out: a streaming (write-only) openpyxl workbook, with no Flask in it.

Every text cell is written as a string cell, never a formula, whatever it starts with; control
characters are stripped and texts longer than a cell holds are cut with a marker. Sheets are
written row by row (openpyxl write_only), so memory does not grow with the number of rows; the
rows themselves are serialized by excel_rows, openpyxl writing everything around them (or, when
openpyxl lacks the hook points, written as cells through its public API: excel_rows.CellRows).

The workbook is made to be printed and handed on: an optional cover sheet, every sheet set up
for the page (landscape when wide, fit to one page wide, header row repeated, a header and
footer with the document's title, the sheet, the page number and the date), header rows tall
enough for their wrapped text, text cells wrapped, charts placed under their data with value
axes from 0, and the document's properties (title, subject, author, language).
"""

import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from program_planner.reports.export import excel_rows
from program_planner.reports.export.excel_rows import (
    CellRows,
    RowStyles,
    RowXml,
    discard,
    stream_rows,
)

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
CURRENCY_FORMATS = {  # (currency, language): the symbol where readers of it expect it
    ("CAD", "en"): "[$$-1009]#,##0.00",
    ("USD", "en"): "[$$-409]#,##0.00",
    ("EUR", "en"): "[$€-1809]#,##0.00",
    ("GBP", "en"): "[$£-809]#,##0.00",
    ("CAD", "fr"): "#,##0.00\\ [$$-C0C]",
    ("USD", "fr"): "#,##0.00\\ [$$ US-C0C]",
    ("EUR", "fr"): "#,##0.00\\ [$€-40C]",
    ("GBP", "fr"): "#,##0.00\\ [$£-40C]",
}
CHART_ROWS = 24  # rows a chart covers below its data
CHART_WIDTH_CM, CHART_HEIGHT_CM = 22, 11
WIDTHS = {TEXT: 40, LABEL: 18, INT: 10, NUMBER: 10, MONEY: 13, PERCENT: 9, DATETIME: 17, DATE: 12}
PORTRAIT_WIDTH = 100  # columns (in character widths) that still print well upright
LINE_POINTS = 15  # height of one line of 11-point text
COVER_WIDTH = 95  # characters per line of the cover's paragraphs


def currency_format(code: str, language: str = "en") -> str:
    """Return an Excel number format for amounts in a currency, as readers of a language write
    them ($1,240.50 in English, 1 240,50 $ in French; the separators are the reader's own)."""
    safe = re.sub(r"[^A-Z]", "", (code or "").upper())[:3]
    known = CURRENCY_FORMATS.get((safe, "fr" if language == "fr" else "en"))
    return known or (f'#,##0.00 "{safe}"' if safe else "#,##0.00")


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


class HeaderRow(tuple):
    """A row written in the header style: a title, or the header of a second table."""

    __slots__ = ()


@dataclass
class Sheet:
    """A sheet to write: title, columns, an iterable of rows (tuples of plain values), and the
    charts drawn under the rows (a list of ChartSpec, or a callable giving one once the rows
    are written)."""

    title: str
    columns: list[Column]
    rows: Iterable = ()
    charts: list | Callable = ()


@dataclass
class Cover:
    """The first sheet: what the workbook is, for whom, and how to read it."""

    sheet_title: str
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (heading, paragraph)


@dataclass
class PrintSetup:
    """What every printed page says: the document's title (header) and when it was made."""

    title: str = ""
    generated: str = ""  # e.g. "Generated 2026-12-03 10:15 by Chantal Côté"
    page: str = "Page &P / &N"  # &P page, &N pages (Excel's codes)


@dataclass
class ChartSpec:
    """A bar chart over a small table written on the Charts sheet."""

    title: str
    y_title: str
    x_title: str
    header: list[str]  # first cell names the categories, then one per series
    rows: list[tuple] = field(default_factory=list)  # (category, value per series …)
    max_series: int = 10


BOLD = Font(bold=True)
TOP, WRAPPED_TOP = Alignment(vertical="top"), Alignment(wrap_text=True, vertical="top")


def style_cell(cell, number_format, quote, header):
    """Give a cell the export's style for a number format (None: text), quoted or a header."""
    if number_format:
        cell.number_format = number_format
    if quote:
        cell.quotePrefix = True
    if header:
        cell.font = BOLD
    # text (no number format) wraps, so it prints whole inside its column
    cell.alignment = TOP if number_format else WRAPPED_TOP
    return cell


def workbook_styles(ws) -> RowStyles:
    """Return the cell styles of ws's workbook, as the row writers use them."""

    def style_id(number_format, quote, header):
        return style_cell(WriteOnlyCell(ws), number_format, quote, header).style_id

    return RowStyles(style_id, clean_text, lambda text: text.startswith(FORMULA_START))


MAX_ROW_POINTS = 409  # the tallest row Excel allows


def line_capacity(column: Column) -> int:
    """Return how many characters of text fit on one line of a column."""
    width = column.width or WIDTHS.get(column.kind, 14)
    return max(4, int(width * 1.25) - 1)


def text_lines(text: str, capacity: int) -> int:
    """Return how many lines a text takes wrapped in a column of that capacity (an estimate)."""
    return sum(max(1, -(-len(line) // capacity)) for line in text.split("\n"))


def header_height(columns: list[Column]) -> float:
    """Return the height (points) a header row needs for its texts wrapped in their columns."""
    lines = 1
    for column in columns:
        chars = max(4, line_capacity(column) - 2)  # bold text is a little wider
        lines = max(lines, len(textwrap.wrap(column.header, chars) or [""]))
    return LINE_POINTS * lines + 3


def header_footer_text(text: str) -> str:
    """Return text safe in a page header or footer ("&" starts a code there), kept short."""
    return clean_text(text).replace("&", "&&")[:80]


def set_up_pages(ws, *, wide: bool, title_rows: bool, setup: PrintSetup) -> None:
    """Print the sheet fit to one page wide (landscape when wide), headed and numbered."""
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.75, header=0.3)
    if title_rows:
        ws.print_title_rows = "1:1"
    ws.oddHeader.left.text = header_footer_text(setup.title)
    ws.oddHeader.right.text = "&A"  # the sheet's name
    ws.oddFooter.left.text = header_footer_text(setup.generated)
    ws.oddFooter.right.text = setup.page


class SheetWriter:
    """Writes rows to one write-only worksheet, every cell typed and formatted."""

    def __init__(self, wb, sheet: Sheet, money_format: str, table=True, styles=None, setup=None):
        self.ws = wb.create_sheet(safe_sheet_title(sheet.title))
        self.columns = sheet.columns
        self.rows_written = 0
        self.styles = styles or workbook_styles(self.ws)
        self._money = money_format
        total = 0
        for index, column in enumerate(self.columns, 1):
            width = column.width or WIDTHS.get(column.kind, 14)
            total += width
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.table = table
        if table:
            self.ws.freeze_panes = "A2"
        set_up_pages(
            self.ws,
            wide=total > PORTRAIT_WIDTH or bool(sheet.charts),
            title_rows=table,
            setup=setup or PrintSetup(),
        )
        formats = [self._format_of(c) for c in self.columns]
        self._capacity = [line_capacity(c) for c in self.columns]
        self._bold = [capacity - 3 for capacity in self._capacity]  # bold text is wider
        if excel_rows.FAST_ROWS:  # rows serialized by our code into openpyxl's stream
            self._rows = RowXml(self.styles, formats)
            self._stream = stream_rows(self.ws, self._serialize)
        else:  # the same cells through openpyxl's public API
            self._rows = CellRows(self.ws, self.styles, formats, style_cell)
            self._stream = None
        if table:
            self._put(HeaderRow(c.header for c in self.columns), 1)

    def _height(self, values, bold=False) -> float | None:
        """Return the height a row needs for its longest wrapped text, None for one line.

        Only texts wrap (numbers and dates are one line): a text longer than its column's line,
        or holding a line break, takes as many lines as text_lines estimates.
        """
        lines = 1
        for capacity, value in zip(self._bold if bold else self._capacity, values, strict=False):
            if type(value) is not str:
                if bold:  # a header writes every value as text
                    value = str(value)
                elif type(value) is Formatted and type(value.value) is str:
                    value = value.value
                else:
                    continue
            if len(value) > capacity or "\n" in value:
                lines = max(lines, text_lines(value, capacity))
        return min(MAX_ROW_POINTS, LINE_POINTS * lines + 3) if lines > 1 else None

    def _serialize(self, values, number) -> bytes:
        if isinstance(values, HeaderRow):
            height = self._height(values, bold=True)
            if number == 1 and self.table:
                height = max(height or 0, header_height(self.columns))
            return self._rows.header(values, number, height)
        return self._rows.row(values, number, self._height(values))

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
        """Write one row of plain values (None or "" leaves a cell empty).

        A HeaderRow after the table's rows starts a second table: the first one's filter ends.
        """
        if isinstance(row, HeaderRow) and self.rows_written and self.table_rows is None:
            self.table_rows = self._filled
        self._put(row, self.next_row)
        self.rows_written += 1
        if row and not isinstance(row, HeaderRow):
            self._filled = self.rows_written

    _filled = 0

    def _put(self, row, number):
        """Append a row: our stream serializes it, or openpyxl writes the cells we make."""
        self.ws.append(row if self._stream else self._serialize(row, number))

    def close(self):
        """Check every row went through our writer; set a table's filter over its own rows."""
        if self._stream is not None and self._stream.rows_written != self.next_row - 1:
            raise RuntimeError("openpyxl no longer sends appended rows to the export's writer")
        if self.table:
            last = get_column_letter(max(1, len(self.columns)))
            rows = self.rows_written if self.table_rows is None else self.table_rows
            self.ws.auto_filter.ref = f"A1:{last}{rows + 1}"

    def end_of_table(self) -> None:
        """Mark where the table ends (what follows, e.g. chart data, is outside its filter)."""
        if self.table_rows is None:
            self.table_rows = self._filled

    table_rows = None


def _write_charts(writer: SheetWriter, charts: list[ChartSpec]):
    """Under the rows: each chart's data table, with a native bar chart below it."""
    ws = writer.ws
    for spec in charts:
        if not spec.rows:
            continue
        writer.append([])
        writer.append(HeaderRow([spec.title]))
        header_row = writer.next_row
        writer.append(HeaderRow(spec.header))
        for category, *values in spec.rows:  # plain numbers, whatever the columns' formats
            writer.append((category, *(Formatted(v, "General") for v in values)))
        last_row = writer.next_row - 1
        series = min(len(spec.header) - 1, spec.max_series)
        chart = BarChart()
        chart.type = "col"
        chart.title = clean_text(spec.title)[:200]
        chart.y_axis.title = spec.y_title
        chart.x_axis.title = spec.x_title
        chart.y_axis.scaling.min = 0  # bars start at zero: 10 never looks like a third of 12
        chart.y_axis.majorGridlines = chart.y_axis.majorGridlines  # keep the gridlines
        chart.x_axis.delete = chart.y_axis.delete = False  # LibreOffice hides axes otherwise
        chart.legend.position = "b"
        chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
        data = Reference(ws, min_col=2, max_col=1 + series, min_row=header_row, max_row=last_row)
        categories = Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(categories)
        top = writer.next_row + 1
        ws.add_chart(chart, f"A{top}")
        for _ in range(CHART_ROWS):  # the chart's room, so nothing is drawn under it
            writer.append([])


def _write_cover(wb, cover: Cover, setup: PrintSetup, styles) -> RowStyles:
    """Write the cover sheet: a title, facts as label and value, notes as short paragraphs."""
    columns = [Column("", LABEL, 30), Column("", LABEL, COVER_WIDTH)]
    writer = SheetWriter(
        wb,
        Sheet(cover.sheet_title, columns),
        FORMATS[MONEY],
        table=False,
        styles=styles,
        setup=setup,
    )
    writer.ws.page_setup.fitToHeight = 1  # the cover is one page
    writer.append(HeaderRow([cover.title]))
    writer.append([])
    for label, value in cover.facts:
        lines = textwrap.wrap(clean_text(value), COVER_WIDTH) or [""]
        writer.append([label, lines[0]])
        for line in lines[1:]:
            writer.append(["", line])
    for heading, paragraph in cover.notes:
        writer.append([])
        lines = textwrap.wrap(clean_text(paragraph), COVER_WIDTH) or [""]
        writer.append(HeaderRow([heading]))
        for line in lines:
            writer.append(["", line])
    writer.close()
    return writer.styles


def write_workbook(
    out,
    sheets: Iterable[Sheet],
    charts=(),
    *,
    money_format: str | None = None,
    charts_title: str = "Charts",
    cover: Cover | None = None,
    setup: PrintSetup | None = None,
    properties: dict | None = None,
):
    """Write the cover, the sheets (in order), then a Charts sheet, to out (a path or file).

    sheets may be a generator, so a sheet's rows are queried only when it is written. charts
    (a list of ChartSpec or a callable returning one, called after every sheet is written) go
    on a sheet of their own; a Sheet's own charts go under its rows. properties: the document's
    title, subject, creator, language, description.
    """
    wb = Workbook(write_only=True)
    for name, value in (properties or {}).items():
        setattr(wb.properties, name, clean_text(value)[:255])
    setup = setup or PrintSetup()
    try:
        styles = _write_cover(wb, cover, setup, None) if cover else None
        _write_sheets(
            wb, sheets, charts, money_format or FORMATS[MONEY], charts_title, styles, setup
        )
        wb.save(out)
    except BaseException:
        discard(wb)  # no temporary file outlives a failed export
        raise


def _write_sheets(wb, sheets, charts, money: str, charts_title: str, styles, setup):
    """Write each sheet (its charts under its rows), then the Charts sheet if any has rows."""
    for sheet in sheets:
        writer = SheetWriter(wb, sheet, money, styles=styles, setup=setup)
        styles = writer.styles
        for row in sheet.rows:
            writer.append(row)
        writer.end_of_table()
        own = list(sheet.charts() if callable(sheet.charts) else sheet.charts)
        _write_charts(writer, own)
        writer.close()
    charts = list(charts() if callable(charts) else charts)
    if any(spec.rows for spec in charts):
        columns = [Column("", LABEL, 45)] + [Column("", INT, 14)] * 10
        sheet = Sheet(charts_title, columns, charts=charts)
        writer = SheetWriter(wb, sheet, money, table=False, styles=styles, setup=setup)
        _write_charts(writer, charts)
        writer.close()
