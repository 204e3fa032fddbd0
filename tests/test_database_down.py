"""While the database cannot be reached: a 503 with Retry-After that keeps what was posted."""

import re

import pytest

from program_planner import create_app

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-directory/for/sure/db.sqlite3",
    "postgresql": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
}


@pytest.mark.parametrize("backend", sorted(UNREACHABLE))
def test_public_form_post_keeps_every_answer_when_the_database_is_down(backend):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=UNREACHABLE[backend])
    client = app.test_client()
    posted = {
        "submission_key": "k" * 32,
        "q1": "4",
        "q2": ["a", "b"],
        "q3": 'Très bien <script>alert("x")</script>',
    }
    response = client.post("/f/some-token?lang=fr", data=posted)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    page = response.get_data(as_text=True)
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    assert hidden == [
        ("submission_key", "k" * 32),
        ("q1", "4"),
        ("q2", "a"),
        ("q2", "b"),
        ("q3", "Très bien &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"),
    ]
    assert 'action="/f/some-token?lang=fr"' in page
    assert "<script>" not in page


@pytest.mark.parametrize("backend", sorted(UNREACHABLE))
def test_staff_page_says_unavailable_not_500(backend):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=UNREACHABLE[backend])
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = "1:token"
    response = client.get("/programs", headers={"Accept-Language": "fr"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = response.get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Réessayer" in page and "Try again" not in page
