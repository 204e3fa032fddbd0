"""Read an uploaded spreadsheet (CSV in any common encoding, or XLSX) into a header and rows.

Free of Flask: takes bytes, returns text cells. Nothing is ever evaluated: XLSX is read with
data_only=True (a formula gives the value Excel saved, never its formula), and text that looks
like a formula stays text.
"""

import csv
import io
import itertools
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

EXTENSIONS = ("csv", "xlsx")
DELIMITERS = (",", ";", "\t", "|")
MAX_ROWS = 20_000
MAX_COLUMNS = 200


class ImportFileError(ValueError):
    """The file cannot be read as responses; the message says why, for people."""


@dataclass
class Table:
    """A file's header (column names) and its data rows, every cell a string ("" when blank).

    Row numbers are those a spreadsheet shows: the header is row 1, the first data row row 2.
    """

    header: list[str]
    rows: list[list[str]]

    def numbered_rows(self):
        """Yield (row number, cells) for every data row."""
        yield from enumerate(self.rows, start=2)


def extension_of(filename: str) -> str:
    """Return a file name's extension in lower case, without the dot ("" when none)."""
    name = (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def read_table(data: bytes, ext: str) -> Table:
    """Return the table in a CSV or XLSX file's bytes, or raise ImportFileError."""
    if not data:
        raise ImportFileError(_l("The file is empty."))
    if ext not in EXTENSIONS:
        raise ImportFileError(
            _l(
                "Choose a CSV or Excel (.xlsx) file. Older .xls workbooks: save them as .xlsx "
                "first."
            )
        )
    records = _xlsx_records(data) if ext == "xlsx" else _csv_records(data)
    return _table(records)


def column_letter(index: int) -> str:
    """Return a spreadsheet column's letters for a zero-based index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _table(records) -> Table:
    rows = []
    for cells in records:
        rows.append([_text(c) for c in cells[:MAX_COLUMNS]])
        if len(rows) > MAX_ROWS + 1:
            raise ImportFileError(
                _l("The file has more than %(n)s rows: split it into smaller files.", n=MAX_ROWS)
            )
    while rows and not any(rows[-1]):  # spreadsheets often carry empty rows at the end
        rows.pop()
    if not rows:
        raise ImportFileError(_l("The file is empty."))
    header = rows[0]
    named = [h for h in header if h]
    if not named:
        raise ImportFileError(
            _l("The file has no header row: its first row must name the columns.")
        )
    if all(_looks_like_number(h) for h in named):
        raise ImportFileError(
            _l(
                "The first row holds numbers, not column names: add a header row naming the "
                "columns (the questions)."
            )
        )
    width = max(len(r) for r in rows)
    header = [
        h or str(_l("Column %(letter)s", letter=column_letter(i)))
        for i, h in enumerate(header + [""] * (width - len(header)))
    ]
    data_rows = [r + [""] * (width - len(r)) for r in rows[1:]]
    if not data_rows:
        raise ImportFileError(_l("The file has column names but no rows of responses."))
    return Table(header=header, rows=data_rows)


def _looks_like_number(text: str) -> bool:
    try:
        Decimal(text.replace(",", "."))
    except ArithmeticError:
        return False
    return True


def _text(value) -> str:
    """Return a cell as text: numbers without a spurious ".0", dates as ISO, never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return (
            value.isoformat(sep=" ", timespec="minutes")
            if value.time() != time(0)
            else str(value.date())
        )
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise ImportFileError(
        _l(
            "This file is not readable as CSV text (it looks like a binary file). Export the "
            "responses as CSV or Excel (.xlsx) and try again."
        )
    )


def _csv_records(data: bytes):
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _l("This file is an Excel workbook or other archive, not CSV: name it .xlsx.")
        )
    text = _decode(data).lstrip("\ufeff")
    if sum(1 for c in text[:4000] if ord(c) < 32 and c not in "\r\n\t") > 8:
        raise ImportFileError(
            _l(
                "This file is not readable as CSV text (it looks like a binary file). Export "
                "the responses as CSV or Excel (.xlsx) and try again."
            )
        )
    delimiter = _sniff_delimiter(text)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(_("The CSV file is malformed: %(error)s", error=error)) from None


def _sniff_delimiter(text: str) -> str:
    """Pick the delimiter that splits the first lines into the most consistent columns."""
    sample = text[:20_000]
    best, best_score = ",", (-1, 0)
    for delimiter in DELIMITERS:
        try:
            records = list(
                itertools.islice(csv.reader(io.StringIO(sample), delimiter=delimiter), 30)
            )
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        score = (sum(len(r) == width for r in records[1:] if r), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _xlsx_records(data: bytes):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not data.startswith(b"PK"):
        raise ImportFileError(
            _l("This file is not a readable Excel (.xlsx) workbook. Is it a CSV file?")
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportFileError(_l("This file is not a readable Excel (.xlsx) workbook.")) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_l("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_l("This file is not a readable Excel (.xlsx) workbook.")) from None
    finally:
        workbook.close()
