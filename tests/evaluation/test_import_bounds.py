"""Hostile spreadsheets in the response import: refused with a message, cheaply, nothing stored.

Zip bombs, entity bombs, workbooks whose stated size is a million rows, malformed parts and
files past the row limit. Instead of timing, the tests check the work done: a workbook that
unpacks too large is refused before openpyxl opens it, and a sheet is read a bounded number
of rows.
"""

import io
import random
import zipfile

import pytest
import sqlalchemy as sa
from markupsafe import escape

from program_planner.evaluation.imports import reading
from program_planner.evaluation.imports.reading import ImportFileError, read_table
from program_planner.evaluation.models import Response
from tests.conftest import query
from tests.evaluation.factories_imports import make_import_program, upload, xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TYPES = "[Content_Types].xml"
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """Return the workbook with one part replaced (or added), compressed as hard as zip can."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        names = [info.filename for info in source.infolist()]
        for part in names:
            target.writestr(part, content if part == name else source.read(part))
        if name not in names:
            target.writestr(name, content)
    return out.getvalue()


def sheet_xml(rows: str, dimension: str = "A1:B2", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def cell_rows(rows: int, start: int = 1) -> str:
    return "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(start, start + rows)
    )


GOOD = xlsx_bytes([["I learned something new", "Any other comments?"], [5, "Great"]])


def shared_strings_bomb() -> bytes:
    """A 300 KB workbook whose shared strings unpack to ~120 MB of tiny strings."""
    many = b"<si><t>a</t></si>" * 7_000_000
    content = (
        (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="7000000" '
            'uniqueCount="7000000">'
        ).encode()
        + many
        + b"</sst>"
    )
    types = zipfile.ZipFile(io.BytesIO(GOOD)).read(TYPES)
    types = types.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
    return with_part(with_part(GOOD, TYPES, types), STRINGS, content)


def dense_sheet_bomb() -> bytes:
    """A sheet of the same cell repeated: millions of cells from a few hundred KB."""
    row = "".join(f'<c r="{chr(65 + c)}1"><v>1</v></c>' for c in range(26))
    rows = f'<row r="1">{row}</row>' * 150_000
    return with_part(GOOD, SHEET, sheet_xml(rows, "A1:Z150000"))


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + "]>"
).replace("&lol0;", "&lol;")


def entity_bomb() -> bytes:
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return with_part(GOOD, SHEET, sheet_xml(rows, prolog=BILLION_LAUGHS))


def external_entity() -> bytes:
    prolog = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return with_part(GOOD, SHEET, sheet_xml(rows, prolog=prolog))


def entity_after_padding() -> bytes:
    """The declaration hidden behind 3 MB of comment, past any "look at the start" check."""
    prolog = "<!--" + random.Random(1).randbytes(1_500_000).hex() + "-->" + BILLION_LAUGHS
    return with_part(GOOD, SHEET, sheet_xml("", prolog=prolog))


def utf16_sheet() -> bytes:
    text = sheet_xml("").decode().replace("UTF-8", "UTF-16")
    return with_part(GOOD, SHEET, text.encode("utf-16"))


def far_row() -> bytes:
    """A header, one response, and a cell in the sheet's last row and column."""
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>I learned something new</t></is></c></row>'
        '<row r="2"><c r="A2"><v>5</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    return with_part(GOOD, SHEET, sheet_xml(rows, "A1:XFD1048576"))


def stated_dimension_only() -> bytes:
    """A sheet that claims A1:XFD1048576 but holds two rows: read as the two rows."""
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>I learned something new</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Any other comments?</t></is></c></row>'
        '<row r="2"><c r="A2"><v>5</v></c><c r="B2" t="inlineStr"><is><t>Great</t></is></c></row>'
    )
    return with_part(GOOD, SHEET, sheet_xml(rows, "A1:XFD1048576"))


def too_many_rows() -> bytes:
    return with_part(GOOD, SHEET, sheet_xml(cell_rows(reading.MAX_ROWS + 5), "A1:A20005"))


def truncated() -> bytes:
    return GOOD[: len(GOOD) // 2]


def broken_xml() -> bytes:
    return with_part(GOOD, SHEET, b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c')


def no_workbook_part() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


def many_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for n in range(reading.XLSX_PARTS_MAX + 1):
            target.writestr(f"x/{n}.bin", b"")
    return out.getvalue()


UNREADABLE = "not a readable Excel (.xlsx) workbook"
TOO_BIG = "unpacks to more data than an import takes"
DECLARATIONS = "XML declarations (DOCTYPE or ENTITY)"
TOO_MANY_ROWS = "more than 20000 rows"

HOSTILE = {
    "shared strings bomb": (shared_strings_bomb, TOO_BIG),
    "dense sheet bomb": (dense_sheet_bomb, TOO_BIG),
    "billion laughs": (entity_bomb, DECLARATIONS),
    "external entity": (external_entity, DECLARATIONS),
    "entity behind a long comment": (entity_after_padding, DECLARATIONS),
    "UTF-16 part": (utf16_sheet, DECLARATIONS),
    "a cell in row 1048576": (far_row, TOO_MANY_ROWS),
    "20005 rows": (too_many_rows, TOO_MANY_ROWS),
    "truncated zip": (truncated, UNREADABLE),
    "broken XML": (broken_xml, UNREADABLE),
    "no workbook part": (no_workbook_part, UNREADABLE),
    "1001 parts": (many_parts, UNREADABLE),
}


@pytest.fixture(scope="module")
def hostile_files():
    return {name: make() for name, (make, _message) in HOSTILE.items()}


def test_the_bombs_are_small_files(hostile_files):
    assert len(hostile_files["shared strings bomb"]) < 600_000
    assert len(hostile_files["dense sheet bomb"]) < 600_000
    assert len(hostile_files["billion laughs"]) < 20_000


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_workbooks_are_refused_with_a_message(hostile_files, name):
    with pytest.raises(ImportFileError) as refused:
        read_table(hostile_files[name], "xlsx")
    assert HOSTILE[name][1] in str(refused.value)


@pytest.mark.parametrize("name", ["shared strings bomb", "dense sheet bomb", "billion laughs"])
def test_bombs_are_refused_before_openpyxl_parses_them(hostile_files, name, monkeypatch):
    import openpyxl

    def must_not_open(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_open)
    with pytest.raises(ImportFileError):
        read_table(hostile_files[name], "xlsx")


def test_a_sheet_is_read_a_bounded_number_of_rows(hostile_files, monkeypatch):
    seen = []
    real = reading._sheet_rows

    def counting(workbook):
        for row in real(workbook):
            seen.append(len(row))
            yield row

    monkeypatch.setattr(reading, "_sheet_rows", counting)
    with pytest.raises(ImportFileError):
        read_table(hostile_files["a cell in row 1048576"], "xlsx")
    assert len(seen) <= 2 * (reading.MAX_ROWS + 1) + 1
    assert max(seen) <= reading.MAX_COLUMNS


def test_a_stated_dimension_larger_than_the_data_is_read_as_the_data():
    table = read_table(stated_dimension_only(), "xlsx")
    assert table.header == ["I learned something new", "Any other comments?"]
    assert table.rows == [["5", "Great"]]


def test_blank_rows_past_the_limit_are_allowed_but_data_past_it_is_not():
    header = "I learned something new\n"
    rows = "5\n" * reading.MAX_ROWS
    table = read_table((header + rows + "\n" * 5000).encode(), "csv")
    assert len(table.rows) == reading.MAX_ROWS
    with pytest.raises(ImportFileError, match=TOO_MANY_ROWS):
        read_table((header + rows + "\n" * 5000 + "4\n").encode(), "csv")


def test_csv_rows_are_streamed_and_reading_stops_at_the_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    consumed = []
    real = reading._csv_rows

    def counting(text, delimiter):
        for row in real(text, delimiter):
            consumed.append(row)
            yield row

    monkeypatch.setattr(reading, "_csv_rows", counting)
    with pytest.raises(ImportFileError, match="more than 10 rows"):
        read_table(b"a\n" + b"1\n" * 100_000, "csv")
    assert len(consumed) == 12  # the header, 10 rows, and the one too many


def test_an_ordinary_large_workbook_is_still_read():
    rows = [["I learned something new", "Any other comments?", "Sessions"]]
    rows += [[n % 5 + 1, f"Comment number {n}", n % 7] for n in range(reading.MAX_ROWS)]
    table = read_table(xlsx_bytes(rows), "xlsx")
    assert len(table.rows) == reading.MAX_ROWS
    last = reading.MAX_ROWS - 1
    assert table.rows[-1] == [str(last % 5 + 1), f"Comment number {last}", str(last % 7)]


@pytest.mark.parametrize("name", ["shared strings bomb", "billion laughs", "broken XML"])
def test_upload_of_a_hostile_workbook_is_refused_on_the_page(
    clean_app, client, login_as, branch, hostile_files, name
):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    response = upload(client, ids["program"], hostile_files[name], "answers.xlsx")
    assert response.status_code == 422
    assert str(escape(HOSTILE[name][1])) in response.get_data(as_text=True)
    assert query(clean_app, sa.select(sa.func.count(Response.id))) == [0]
    assert client.get(f"/programs/{ids['program']}/import/mapping").status_code == 302
