"""Imports through HTTP: bad files, bad mappings, who may import, CSRF, the program section."""

import io

import pytest
import sqlalchemy as sa

from program_planner.evaluation.models import ImportBatch, Response
from program_planner.extensions import db
from tests.conftest import ROLES, count_statements, csrf_token_from, query
from tests.evaluation.factories_imports import (
    add_import_batch,
    make_import_program,
    pending_files,
    preview,
    selected_mapping,
    upload,
    xlsx_bytes,
)
from tests.evaluation.routes_imports import ROUTES
from tests.factories import make_program, make_samples
from tests.routes_expected import ANON, LOGIN, OK
from tests.test_route_permissions import build_url

SMALL_CSV = b"I learned something new,Any other comments?\n5,Great\n"


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.csv", "The file is empty."),
        (b"\n\n  \n", "blank.csv", "The file is empty."),
        (b",,\n5,4,3\n", "noheader.csv", "no header row: its first row must name the columns"),
        (b"5,4,3\n4,4,2\n", "numbers.csv", "The first row holds numbers, not column names"),
        (b"Question one,Question two\n", "header.csv", "column names but no rows of responses"),
        (b"%PDF-1.4 whatever", "answers.pdf", "Choose a CSV or Excel (.xlsx) file"),
        (b"\x00\x01\x02\xff\xfe\x00garbage\x00", "garbage.csv", "not readable as CSV text"),
        (bytes(range(256)) * 4, "random.csv", "not readable as CSV text"),
        (b"PK\x03\x04not really a zip", "broken.xlsx", "not a readable Excel (.xlsx) workbook"),
        (b"a,b\n1,2\n", "text.xlsx", "not a readable Excel (.xlsx) workbook. Is it a CSV file?"),
        (xlsx_bytes([["a", "b"], [1, 2]]), "export.csv", "Excel workbook or other archive"),
    ],
)
def test_unreadable_files_get_a_clear_message(
    clean_app, client, login_as, branch, data, filename, message
):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    response = upload(client, ids["program"], data, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page and 'id="file-error"' in page
    assert pending_files(clean_app) == []


def test_no_file_chosen(clean_app, client, login_as, branch):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    response = client.post(f"/programs/{ids['program']}/import", data={})
    assert response.status_code == 422
    assert "Choose the file to import." in response.get_data(as_text=True)


def test_too_large_a_file_is_refused_at_the_field(clean_app, client, login_as, branch, monkeypatch):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    monkeypatch.setitem(clean_app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    response = upload(client, ids["program"], b"a,b\n" + b"1,2\n" * 300_000, "big.csv")
    assert response.status_code == 422
    assert "The file is too large: at most 1 MB." in response.get_data(as_text=True)


def test_program_without_questions_says_so(clean_app, client, login_as, branch):
    me = login_as("programmer")
    with clean_app.app_context():
        pid = make_program(me.id, branch).id
        db.session.commit()
    page = client.get(f"/programs/{pid}/import").get_data(as_text=True)
    assert "has no questions yet" in page and 'type="file"' not in page
    assert upload(client, pid, SMALL_CSV, "a.csv").status_code == 200
    assert query(clean_app, sa.select(ImportBatch.id)) == []


def _mapped(client, clean_app, me, branch):
    ids = make_import_program(clean_app, me.id, branch)
    assert upload(client, ids["program"], SMALL_CSV, "a.csv").status_code == 302
    page = client.get(f"/programs/{ids['program']}/import/mapping").get_data(as_text=True)
    return ids, selected_mapping(page)


def test_unknown_or_foreign_question_is_refused_at_the_column(clean_app, client, login_as, branch):
    me = login_as("programmer")
    other = make_import_program(clean_app, me.id, branch, title="Another program")
    ids, mapping = _mapped(client, clean_app, me, branch)
    for bad in ("999999", str(other["comments"]), "drop table"):
        response = preview(client, ids["program"], {**mapping, "col1": bad})
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Choose one of this program's questions, or ignore the column." in page
        assert 'id="col1-error"' in page and 'id="import-preview"' not in page
        assert selected_mapping(page)["col0"] == str(ids["learned"])  # the rest is kept
    assert query(clean_app, sa.select(Response.id)) == []


def test_a_question_mapped_twice_or_none_mapped_is_refused(clean_app, client, login_as, branch):
    me = login_as("programmer")
    ids, mapping = _mapped(client, clean_app, me, branch)
    twice = {"col0": str(ids["comments"]), "col1": str(ids["comments"])}
    page = preview(client, ids["program"], twice).get_data(as_text=True)
    assert "Column A is already mapped to this; map each question once." in page
    page = preview(client, ids["program"], {"col0": "language", "col1": ""}).get_data(True)
    assert "Map at least one column to one of the form's questions." in page


def test_text_from_the_file_is_escaped_on_every_page(clean_app, client, login_as, branch):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    pid = ids["program"]
    data = b"<script>alert(1)</script>,Overall rating\n<b>bold</b>,<i>7</i>\n"
    assert upload(client, pid, data, "<img src=x>.csv").status_code == 302
    page = client.get(f"/programs/{pid}/import/mapping").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold" not in page and "<img src=x>" not in page
    page = preview(client, pid, {"col0": str(ids["comments"]), "col1": str(ids["rating"])})
    page = page.get_data(as_text=True)
    assert "<i>7" not in page and "&lt;i&gt;7&lt;/i&gt;" in page


def test_confirm_without_a_pending_file_goes_back_to_the_upload(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    response = client.post(f"/programs/{ids['program']}/import/confirm", data={"col0": "x"})
    assert response.headers["Location"] == f"/programs/{ids['program']}/import"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Choose the file to import first." in page


@pytest.mark.parametrize("role", ["frontline", "other programmer", ANON])
def test_who_may_not_import(clean_app, client, login_as, make_user, branch, role):
    owner = make_user("programmer")
    ids = make_import_program(clean_app, owner.id, branch)
    with clean_app.app_context():
        batch_id = add_import_batch(ids["program"]).id
        db.session.commit()
    if role != ANON:
        login_as("programmer" if role == "other programmer" else role)
    pid = ids["program"]
    for method, url in (
        ("GET", f"/programs/{pid}/import"),
        ("POST", f"/programs/{pid}/import"),
        ("GET", f"/programs/{pid}/import/mapping"),
        ("POST", f"/programs/{pid}/import/confirm"),
        ("POST", f"/programs/{pid}/import/cancel"),
        ("GET", f"/imports/{batch_id}"),
    ):
        response = client.open(url, method=method)
        if role == ANON:
            assert response.headers["Location"].startswith("/login"), url
        else:
            assert response.status_code == 403, url
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert 'id="imports"' not in page and "/import" not in page


def test_missing_program_or_batch_is_404(clean_app, client, login_as):
    login_as("coordinator")
    assert client.get("/programs/4242/import").status_code == 404
    assert client.get("/imports/4242").status_code == 404


def test_reviewers_import_any_program(clean_app, client, login_as, make_user, branch):
    owner = make_user("programmer")
    ids = make_import_program(clean_app, owner.id, branch)
    login_as("coordinator")
    assert upload(client, ids["program"], SMALL_CSV, "a.csv").status_code == 302
    page = client.get(f"/programs/{ids['program']}").get_data(as_text=True)
    assert "Import responses" in page and 'id="imports"' in page


@pytest.mark.parametrize("role", [ANON, *ROLES])
def test_import_routes_by_role(clean_app, client, make_user, branch, role):
    """The generated route test, for this part's routes only (it runs with every part's too)."""
    if role != ANON:
        user = make_user(role)
        client.post("/login", data={"username": user.username, "password": user.password})
    owner = user if role == "programmer" else make_user("programmer")
    samples = make_samples(clean_app, owner.id, branch)
    for endpoint, methods in ROUTES.items():
        rule = next(r for r in clean_app.url_map.iter_rules() if r.endpoint == endpoint)
        for method, expected in methods.items():
            response = client.open(build_url(rule, samples), method=method, data={})
            location = response.headers.get("Location", "")
            if expected[role] == LOGIN:
                assert location.startswith("/login"), (endpoint, method)
            elif expected[role] == OK:
                assert response.status_code in (200, 302, 422), (endpoint, method)
                assert not location.startswith("/login")
            else:
                assert response.status_code == expected[role], (endpoint, method)


def test_posts_without_a_token_change_nothing(clean_app, client, login_as, branch, monkeypatch):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    pid = ids["program"]
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    page = upload(client, pid, SMALL_CSV, "a.csv").get_data(as_text=True)
    assert 'id="form-expired"' in page and pending_files(clean_app) == []
    token = csrf_token_from(client.get(f"/programs/{pid}/import").get_data(as_text=True))
    response = client.post(
        f"/programs/{pid}/import",
        data={"csrf_token": token, "file": (io.BytesIO(SMALL_CSV), "a.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    changed = {"col0": str(ids["learned"]), "col1": ""}
    for url in (f"/programs/{pid}/import/mapping", f"/programs/{pid}/import/confirm"):
        page = client.post(url, data=changed).get_data(as_text=True)
        assert 'id="form-expired"' in page
        assert selected_mapping(page) == changed  # what was chosen is kept
    assert client.post(f"/programs/{pid}/import/cancel").status_code == 400
    assert pending_files(clean_app) == ["a.csv"]
    assert query(clean_app, sa.select(ImportBatch.id)) == []


def test_section_lists_batches_in_a_fixed_number_of_statements(clean_app, client, login_as, branch):
    me = login_as("programmer")
    ids = make_import_program(clean_app, me.id, branch)
    pid = ids["program"]
    with clean_app.app_context():
        add_import_batch(pid, sha256="1" * 64, filename="first.csv", imported_by_id=me.id)
        db.session.commit()
    few = count_statements(clean_app, client, f"/programs/{pid}")
    with clean_app.app_context():
        for n in range(10):
            add_import_batch(pid, sha256=f"{n:064d}", filename=f"f{n}.csv", imported_by_id=me.id)
        db.session.commit()
    assert count_statements(clean_app, client, f"/programs/{pid}") == few
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert "first.csv" in page and "f9.csv" in page and "Programmer Person" in page
