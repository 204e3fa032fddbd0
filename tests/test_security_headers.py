"""Security headers, caching, error pages and request size limits."""

import pytest

from program_planner import create_app


def test_headers_on_a_public_page(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers.get("Cache-Control") != "no-store"


def test_hsts_over_https(client):
    response = client.get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_signed_in_pages_are_not_stored(client, login_as):
    login_as()
    response = client.get("/")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response.headers


def test_bootstrap_is_served_locally(client):
    page = client.get("/login").get_data(as_text=True)
    assert "cdn.jsdelivr" not in page and "/bootstrap/static/css/bootstrap.min.css" in page
    assert client.get("/bootstrap/static/css/bootstrap.min.css").status_code == 200


def test_404_is_styled_and_tells_what_to_do(client):
    response = client.get("/no/such/page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in page and "Go to the home page" in page


def test_403_is_styled(client, login_as):
    login_as("programmer")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.get_data(as_text=True)


@pytest.fixture
def failing_app(tmp_path):
    application = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/x.db", PROPAGATE_EXCEPTIONS=False
    )

    @application.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    return application


def test_500_page_has_no_traceback(failing_app):
    response = failing_app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_oversized_request_is_refused_with_a_page(clean_app, client):
    body = "x" * (clean_app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post("/login", data={"username": body, "password": "x"})
    assert response.status_code == 413
    assert "What you sent is too large" in response.get_data(as_text=True)


def test_max_content_length_is_set(app):
    assert app.config["MAX_CONTENT_LENGTH"] <= 32 * 1024 * 1024
