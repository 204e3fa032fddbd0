"""Rows as sheet XML, written straight into a write-only openpyxl worksheet's stream.

openpyxl still builds the workbook, the styles, each sheet's envelope (column widths, frozen
panes, auto filter, drawings) and the zip package; only the <row> elements of the sheet data are
serialized here, several times faster than openpyxl's cell-by-cell path. The hook relies on
openpyxl 3.1 internals (pinned in pyproject.toml; tests/reports/test_excel_rows.py fails if they
move): WriteOnlyWorksheet._writer, ._values_to_row and ._write_rows, which sends each appended
row to WorksheetWriter.write_row, and WorksheetWriter.get_stream, the generator behind .xf.
"""

import math
import os
from contextlib import suppress
from datetime import date, datetime

from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile

DATE_FORMATS = {date: "yyyy-mm-dd", datetime: "yyyy-mm-dd hh:mm"}  # in a column of no format
TEXT_CACHE = 4096  # distinct short texts kept serialized (labels, titles), then forgotten
CACHED_LENGTH = 80  # longer texts (comments) are serialized each time
EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (1900 date system)
EPOCH_DATE = EPOCH.date()


def excel_serial(moment) -> float | int:
    """Return a naive date or datetime as an Excel serial day number (1900 date system)."""
    delta = moment - (EPOCH if isinstance(moment, datetime) else EPOCH_DATE)
    days = delta.days
    if 0 < days <= 60:  # Excel counts a 29 February 1900 that never was
        days -= 1
    if delta.seconds or delta.microseconds:
        return days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return days


def escape(text: str) -> str:
    """Escape text for an XML element's content (a carriage return survives as &#13;)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


class RowXml:
    """Serializes rows of plain values to <row> XML for one sheet of a workbook.

    styles is the workbook's RowStyles: it gives the style id of a number format, and says how a
    text becomes a cell (cleaned, quote-prefixed when it starts like a formula).
    """

    def __init__(self, styles, formats):
        self.styles = styles
        self.formats = list(formats)  # number format of each column, or None
        self.letters = []
        self.styles_of = []  # ' s="id"' of each column's number format ("" for General)
        self._extend(len(self.formats))

    def _extend(self, width):
        """Precompute the letters and style attributes of columns up to width."""
        styles = self.styles
        for index in range(len(self.letters), width):
            number_format = self.formats[index] if index < len(self.formats) else None
            self.letters.append(get_column_letter(index + 1))
            self.styles_of.append(styles.attribute(number_format))

    def row(self, values, number, height=None) -> bytes:
        """Return the XML of row `number` holding these values (None and "" leave a cell out).

        height (points), when given, is the row's height (tall enough for its wrapped text).
        """
        if len(values) > len(self.letters):
            self._extend(len(values))
        r = str(number)
        texts = self.styles.texts
        cells = []
        append = cells.append
        for letter, style, value in zip(self.letters, self.styles_of, values, strict=False):
            kind = type(value)
            if kind is str:
                fragment = texts.get(value)
                if fragment is None:
                    fragment = self.styles.text(value)
                if fragment:
                    append(f'<c r="{letter}{r}"{fragment}')
            elif kind is int:
                append(f'<c r="{letter}{r}"{style}><v>{value}</v></c>')
            elif kind is float and value - value == 0:  # finite
                append(f'<c r="{letter}{r}"{style}><v>{value!r}</v></c>')
            elif value is not None:
                fragment = self._other(value, style)
                if fragment:
                    append(f'<c r="{letter}{r}"{fragment}')
        if not cells:
            return b""
        tall = f' ht="{height:g}" customHeight="1"' if height else ""
        return f'<row r="{r}"{tall}>{"".join(cells)}</row>'.encode()

    def header(self, values, number, height=None) -> bytes:
        """Return the XML of a header row: every value a text in the header style.

        height (points) makes the row tall enough for its wrapped text.
        """
        if len(values) > len(self.letters):
            self._extend(len(values))
        r = str(number)
        cells = [
            f'<c r="{letter}{r}"{fragment}'
            for letter, value in zip(self.letters, values, strict=False)
            if (fragment := self.styles.text(str(value), header=True))
        ]
        tall = f' ht="{height:g}" customHeight="1"' if height else ""
        return f'<row r="{r}"{tall}>{"".join(cells)}</row>'.encode() if cells else b""

    def _other(self, value, style):
        """Return the cell fragment (after its reference) of a value that is not str or int."""
        if isinstance(value, int):  # bool and int enums too
            return f"{style}><v>{int(value)}</v></c>"
        if isinstance(value, float):
            value = float(value)
            return f"{style}><v>{value!r}</v></c>" if math.isfinite(value) else ""
        if isinstance(value, date):  # datetime too
            if getattr(value, "tzinfo", None) is not None:
                raise TypeError("give the export naive local datetimes")
            if not style or style == self.styles.attribute(None):  # General: a date format
                kind = datetime if isinstance(value, datetime) else date
                style = self.styles.attribute(DATE_FORMATS[kind])
            return f"{style}><v>{excel_serial(value)!r}</v></c>"
        if hasattr(value, "as_tuple"):  # Decimal
            return f"{style}><v>{float(value):.16g}</v></c>" if value.is_finite() else ""
        number_format = getattr(value, "number_format", None)
        if number_format is not None:  # Formatted
            inner = value.value
            if inner is None:
                return ""
            if isinstance(inner, str):
                return self.styles.text(inner, cache=False)
            return self._other(inner, self.styles.attribute(number_format))
        return self.styles.text(str(value), cache=False)


class RowStyles:
    """The workbook's cell styles for fast rows, and serialized text cells shared by sheets."""

    def __init__(self, style_id, clean, needs_quote):
        self._style_id = style_id  # (number_format, quote, header) -> id in the workbook
        self._clean = clean
        self._needs_quote = needs_quote
        self._attributes = {}
        self._ids = {}
        self.texts = {}

    def style(self, number_format, quote=False, header=False) -> int:
        """Return the id of a cell style in the workbook, added the first time it is asked."""
        key = (number_format, quote, header)
        if key not in self._ids:
            self._ids[key] = self._style_id(*key)
        return self._ids[key]

    def attribute(self, number_format) -> str:
        """Return the style attribute of cells in this number format (General when None)."""
        number_format = number_format or "General"  # styled too: aligned to the top, as text
        if number_format not in self._attributes:
            self._attributes[number_format] = f' s="{self.style(number_format)}"'
        return self._attributes[number_format]

    def text(self, value: str, cache=True, header=False) -> str:
        """Return a text's cell fragment: a string cell, never a formula ("" when empty)."""
        text = self._clean(value)
        if not text:
            fragment = ""
        else:
            quote = self._needs_quote(text)
            style = f' s="{self.style(None, quote, header)}"'  # wrapped, so it prints whole
            space = ' xml:space="preserve"' if text != text.strip() else ""
            fragment = f'{style} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'
        if cache and not header and len(value) <= CACHED_LENGTH:
            if len(self.texts) >= TEXT_CACHE:
                self.texts.clear()
            self.texts[value] = fragment
        return fragment


class RowStreamWriter(WorksheetWriter):
    """openpyxl's worksheet writer, streaming through a Python file so rows go in as bytes."""

    def __init__(self, ws, serialize):
        self.serialize = serialize  # (values, row number) -> bytes
        self.rows_written = 0
        self.file = None
        super().__init__(ws)

    def get_stream(self):
        """The same stream as openpyxl's, over a file this writer can also write to."""
        with (
            open(self.out, "wb") as self.file,
            xmlfile(self.file) as xf,
            xf.element("worksheet", xmlns=SHEET_MAIN_NS),
        ):
            try:
                while True:
                    element = yield
                    if element is True:
                        yield xf
                    elif element is not None:
                        xf.write(element)
            except GeneratorExit:
                pass

    def write_row(self, xf, row, row_idx):
        """Write one appended row of plain values, serialized by our own code."""
        xf.flush()  # whatever lxml holds (<sheetData>) goes first
        self.file.write(self.serialize(row, row_idx))
        self.rows_written += 1


def _as_appended(values, _row_idx):
    return values


def stream_rows(ws, serialize) -> RowStreamWriter:
    """Make ws.append(values) write serialize(values, row number); call once columns are set."""
    if ws._writer is not None:
        raise RuntimeError("rows must be streamed from the sheet's first append")
    ws._writer = RowStreamWriter(ws, serialize)
    ws._writer.write_top()
    ws._values_to_row = _as_appended
    return ws._writer


def discard(wb) -> None:
    """Close the sheets of a write-only workbook that will not be saved; delete their files."""
    for ws in wb.worksheets:
        writer = ws._writer
        if writer is None:
            continue
        if not ws.closed:
            with suppress(Exception):  # a sheet whose rows failed may not close cleanly
                ws.close()
            with suppress(Exception):
                writer.close()
        if os.path.exists(writer.out):
            writer.cleanup()
