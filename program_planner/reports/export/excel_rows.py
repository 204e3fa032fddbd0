"""Rows as sheet XML, written straight into a write-only openpyxl worksheet's stream.

openpyxl still builds the workbook, the styles, each sheet's envelope (column widths, frozen
panes, auto filter, drawings) and the zip package; only the <row> elements of the sheet data are
serialized here, several times faster than openpyxl's cell-by-cell path. The hook relies on
openpyxl 3.1 internals (pinned in pyproject.toml; tests/reports/test_excel_rows.py fails if they
move): WriteOnlyWorksheet._writer, ._values_to_row and ._write_rows, which sends each appended
row to WorksheetWriter.write_row, and WorksheetWriter.get_stream, the generator behind .xf.
When those are missing (another openpyxl), FAST_ROWS is False and CellRows writes the same
cells through openpyxl's public API instead (WriteOnlyCell), about three times slower.
"""

import math
import os
from contextlib import suppress
from datetime import date, datetime

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile

try:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.worksheet._writer import WorksheetWriter
except ImportError:  # pragma: no cover - another openpyxl: the public path below
    WriteOnlyWorksheet = WorksheetWriter = object

DATE_FORMATS = {date: "yyyy-mm-dd", datetime: "yyyy-mm-dd hh:mm"}  # in a column of no format
TEXT_CACHE = 4096  # distinct short texts kept serialized (labels, titles), then forgotten
CACHED_LENGTH = 80  # longer texts (comments) are serialized each time


def hook_points_present() -> bool:
    """Whether openpyxl still has the write-only internals the fast rows hook into."""
    return all(
        callable(getattr(owner, name, None))
        for owner, name in [
            (WriteOnlyWorksheet, "_write_rows"),
            (WriteOnlyWorksheet, "_values_to_row"),
            (WriteOnlyWorksheet, "_get_writer"),
            (WorksheetWriter, "get_stream"),
            (WorksheetWriter, "write_row"),
            (WorksheetWriter, "write_top"),
        ]
    ) and hasattr(WriteOnlyWorksheet, "_writer")


FAST_ROWS = hook_points_present()  # chosen once; tests switch it to compare both paths


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
        self._serials = {}  # date or datetime -> its serial day, as written
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
            serial = self._serials.get(value)
            if serial is None:  # openpyxl's serial day, kept: responses share their hour
                if len(self._serials) >= TEXT_CACHE:
                    self._serials.clear()
                serial = self._serials[value] = repr(to_excel(value))
            return f"{style}><v>{serial}</v></c>"
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


class CellRows:
    """The same rows as RowXml, as styled WriteOnlyCells for openpyxl's public append.

    style_cell(cell, number_format, quote, header) gives a cell the style RowStyles.style
    names; what becomes a cell (and what is left out) follows RowXml.row exactly.
    """

    def __init__(self, ws, styles, formats, style_cell):
        self.ws = ws
        self.styles = styles
        self.formats = list(formats)
        self.style_cell = style_cell

    def row(self, values, number, height=None) -> list:
        """Return the cells of row `number` (None where a cell is left out), setting its height."""
        self._height(number, height)
        formats = self.formats
        return [
            self._cell(value, formats[index] if index < len(formats) else None)
            for index, value in enumerate(values)
        ]

    def header(self, values, number, height=None) -> list:
        """Return the cells of a header row: every value a text in the header style."""
        self._height(number, height)
        return [self._text(str(value), header=True) for value in values]

    def _height(self, number, height):
        if height:
            self.ws.row_dimensions[number].height = height

    def _cell(self, value, number_format):
        if value is None:
            return None
        if isinstance(value, str):
            return self._text(value)
        if getattr(value, "number_format", None) is not None:  # Formatted
            inner = value.value
            if inner is None or isinstance(inner, str):
                return None if inner is None else self._text(inner)
            return self._cell(inner, value.number_format)
        if isinstance(value, int):  # bool and int enums too
            return self._styled(int(value), number_format)
        if isinstance(value, float):
            return self._styled(value, number_format) if math.isfinite(value) else None
        if isinstance(value, date):
            if getattr(value, "tzinfo", None) is not None:
                raise TypeError("give the export naive local datetimes")
            if number_format in (None, "General"):
                number_format = DATE_FORMATS[datetime if isinstance(value, datetime) else date]
            return self._styled(value, number_format)
        if hasattr(value, "as_tuple"):  # Decimal, to 16 significant digits as RowXml writes it
            return (
                self._styled(float(f"{float(value):.16g}"), number_format)
                if value.is_finite()
                else None
            )
        return self._text(str(value))

    def _styled(self, value, number_format):
        cell = WriteOnlyCell(self.ws, value)
        return self.style_cell(cell, number_format or "General", False, False)

    def _text(self, value, header=False):
        text = self.styles._clean(value)
        if not text:
            return None
        cell = WriteOnlyCell(self.ws, text)
        cell.data_type = "s"  # a string cell, even when it looks like a number or a date
        return self.style_cell(cell, None, self.styles._needs_quote(text), header)


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
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        if not ws.closed:
            with suppress(Exception):  # a sheet whose rows failed may not close cleanly
                ws.close()
            with suppress(Exception):
                writer.close()
        if os.path.exists(writer.out):
            writer.cleanup()
