"""Read an uploaded spreadsheet (CSV in any common encoding, or XLSX) into a header and rows.

Free of Flask: takes bytes, returns text cells. Nothing is ever evaluated: XLSX is read with
data_only=True (a formula gives the value Excel saved, never its formula), and text that looks
like a formula stays text.

Bounded: rows are streamed and reading stops past MAX_ROWS; a workbook is refused before it is
opened when its parts would unpack to more than XLSX_UNPACKED_MAX bytes or compress suspiciously
well (a "zip bomb"), and when any part declares XML entities (a "billion laughs").
"""

import contextlib
import csv
import io
import itertools
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl.utils import get_column_letter

EXTENSIONS = ("csv", "xlsx")
DELIMITERS = (",", ";", "\t", "|")
MAX_ROWS = 20_000
MAX_COLUMNS = 200
XLSX_UNPACKED_MAX = 50 * 1024 * 1024  # all parts unpacked: ~2 million cells, a few seconds
XLSX_RATIO_MAX = 100  # unpacked / packed, for parts over XLSX_RATIO_FROM bytes
XLSX_RATIO_FROM = 1024 * 1024
XLSX_PARTS_MAX = 1000
XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


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


def check_file(data: bytes, ext: str) -> None:
    """Refuse at once what cannot be read (empty, wrong kind, a hostile workbook), cheaply."""
    if not data:
        raise ImportFileError(_l("The file is empty."))
    if ext not in EXTENSIONS:
        raise ImportFileError(
            _l(
                "Choose a CSV or Excel (.xlsx) file. Older .xls workbooks: save them as .xlsx "
                "first."
            )
        )
    if ext == "csv" and data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _l("This file is an Excel workbook or other archive, not CSV: name it .xlsx.")
        )
    if ext == "xlsx":
        if not data.startswith(b"PK"):
            raise ImportFileError(
                _l("This file is not a readable Excel (.xlsx) workbook. Is it a CSV file?")
            )
        check_xlsx_archive(data)


def read_table(data: bytes, ext: str) -> Table:
    """Return the table in a CSV or XLSX file's bytes, or raise ImportFileError."""
    check_file(data, ext)
    records = _xlsx_records(data) if ext == "xlsx" else _csv_records(data)
    with contextlib.closing(records):
        return _table(records)


def column_letter(index: int) -> str:
    """Return a spreadsheet column's letters for a zero-based index (0 → A, 27 → AB)."""
    return get_column_letter(index + 1)


def _blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _table(records) -> Table:
    """Read records up to the header and MAX_ROWS rows; past them only blank rows may follow."""
    rows = []
    for number, cells in enumerate(records, start=1):
        if number > MAX_ROWS + 1:
            if number <= 2 * (MAX_ROWS + 1) and _blank(cells):
                continue  # blank rows at the end are common; a few thousand are read past
            raise ImportFileError(
                _l("The file has more than %(n)s rows: split it into smaller files.", n=MAX_ROWS)
            )
        end = min(len(cells), MAX_COLUMNS)
        while end and cells[end - 1] is None:
            end -= 1  # a sheet's stated width may be far wider than what it holds
        rows.append([_text(c) for c in cells[:end]])
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
            value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
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
    text = _decode(data).lstrip("\ufeff")
    if sum(1 for c in text[:4000] if ord(c) < 32 and c not in "\r\n\t") > 8:
        raise ImportFileError(
            _l(
                "This file is not readable as CSV text (it looks like a binary file). Export "
                "the responses as CSV or Excel (.xlsx) and try again."
            )
        )
    delimiter = _sniff_delimiter(text)
    return _csv_rows(text, delimiter)


def _csv_rows(text: str, delimiter: str):
    """Yield the rows one at a time (the reader of the table stops at its row limit)."""
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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


UNREADABLE_XLSX = _l("This file is not a readable Excel (.xlsx) workbook.")
TOO_BIG_XLSX = _l(
    "This workbook unpacks to more data than an import takes (at most %(n)s MB, %(rows)s rows): "
    "save only the responses, or split them into smaller files.",
    n=XLSX_UNPACKED_MAX // (1024 * 1024),
    rows=f"{MAX_ROWS:,}",
)
ENTITIES_XLSX = _l(
    "This workbook contains XML declarations (DOCTYPE or ENTITY) that Excel never writes, so it "
    "is refused: open it in Excel or LibreOffice and save it again as .xlsx."
)


def check_xlsx_archive(data: bytes) -> None:
    """Refuse, before parsing, a workbook that unpacks too large or declares XML entities.

    Sizes come from the zip's directory (what each part declares; reading never unpacks more
    than that); every XML part is then scanned, unpacked a piece at a time, for declarations.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportFileError(UNREADABLE_XLSX) from None
    with archive:
        if len(parts) > XLSX_PARTS_MAX:
            raise ImportFileError(UNREADABLE_XLSX)
        if sum(p.file_size for p in parts) > XLSX_UNPACKED_MAX or any(
            p.file_size > XLSX_RATIO_FROM and p.file_size > XLSX_RATIO_MAX * max(p.compress_size, 1)
            for p in parts
        ):
            raise ImportFileError(TOO_BIG_XLSX)
        for part in parts:
            if part.filename.endswith((".xml", ".rels", ".vml")) or part.filename.endswith("]"):
                _scan_xml_part(archive, part)


def _scan_xml_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    keep = max(len(d) for d in XML_DECLARATIONS) - 1
    tail = b""
    try:
        with archive.open(part) as stream:
            first = True
            while chunk := stream.read(1024 * 1024):
                if first and (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]):
                    raise ImportFileError(ENTITIES_XLSX)  # UTF-16/32 XML: cannot be scanned
                first = False
                window = tail + chunk
                if any(d in window for d in XML_DECLARATIONS):
                    raise ImportFileError(ENTITIES_XLSX)
                tail = window[-keep:]
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ImportFileError(UNREADABLE_XLSX) from None


def _xlsx_records(data: bytes):
    """Yield the first sheet's rows (at most MAX_COLUMNS cells each), one at a time."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - whatever a hostile file makes openpyxl raise
        raise ImportFileError(UNREADABLE_XLSX) from None
    return _sheet_rows(workbook)


def _sheet_rows(workbook):
    try:
        if not workbook.worksheets:
            raise ImportFileError(_l("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        # bounded: a stated dimension (A1:XFD1048576) would make openpyxl pad every row to
        # 16,384 cells and yield a million blank rows
        width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
        blank = (None,) * width
        # one row past what the table reads, so rows beyond it are noticed, not dropped
        last = 2 * (MAX_ROWS + 1) + 1
        for row in sheet.iter_rows(values_only=True, max_col=width, max_row=last):
            yield () if row == blank else row
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - whatever a hostile file makes openpyxl raise
        raise ImportFileError(UNREADABLE_XLSX) from None
    finally:
        workbook.close()
