"""English and French: browser preference and the language switch."""

from decimal import Decimal

import pytest

from program_planner import create_app


def test_browser_preference_french(client):
    page = client.get("/login", headers={"Accept-Language": "fr-CA,fr;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="fr">' in page
    assert "Se connecter" in page
    assert '<label class="form-label" for="username">Nom d\'utilisateur <span' in page


def test_language_switch_is_remembered_and_returns_to_the_page(client):
    response = client.post("/language", data={"lang": "fr", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Se connecter" in page
    client.post("/language", data={"lang": "en", "next": "/login"})
    assert "Sign in" in client.get("/login").get_data(as_text=True)


def test_unknown_language_and_foreign_next_are_refused(client):
    assert client.post("/language", data={"lang": "xx", "next": "/"}).status_code == 400
    response = client.post("/language", data={"lang": "fr", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_french_survives_sign_in_and_reaches_staff_pages(client, make_user):
    user = make_user("admin")
    client.post("/language", data={"lang": "fr", "next": "/login"})
    client.post("/login", data={"username": user.username, "password": user.password})
    page = client.get("/").get_data(as_text=True)
    assert "Bienvenue" in page and "Administrateur" in page


def test_wrong_password_message_in_french(client, make_user):
    user = make_user()
    client.post("/language", data={"lang": "fr", "next": "/login"})
    page = client.post("/login", data={"username": user.username, "password": "nope-nope-nope"})
    assert "incorrect" in page.get_data(as_text=True)
    assert "Username or password is incorrect." not in page.get_data(as_text=True)


def test_region_formats_money_and_dates_the_canadian_way(clean_app, monkeypatch):
    from decimal import Decimal

    from flask import render_template_string

    monkeypatch.setitem(clean_app.config, "LIBRARY_REGION", "CA")
    template = "{{ amount|money }} | {{ current_language }}"
    with clean_app.test_request_context(headers={"Accept-Language": "fr"}):
        assert render_template_string(template, amount=Decimal("1240.5")) == "1\xa0240,50\xa0$ | fr"
    with clean_app.test_request_context(headers={"Accept-Language": "en"}):
        assert render_template_string(template, amount=Decimal("1240.5")) == "$1,240.50 | en"


VALUES = [0, 7, 999, 1000, 12345, 1234567, -1234, 10**12, 0.5, 0.125, 2.675, 1234.5, 1.005]
VALUES += [4.25, 3.35, 99.995, 0.004, 1e-7, 1e16, float("nan"), float("inf")]
VALUES += [Decimal("2.5"), Decimal("1234.565"), Decimal("-3.2"), Decimal("0.00")]


@pytest.mark.parametrize("locale", ["en", "fr", "en_CA", "fr_CA", "de", "en_IN", "fr_CH", "ar"])
def test_numbers_and_money_are_formatted_exactly_as_babel_formats_them(locale):
    from flask_babel import force_locale, format_currency, format_decimal

    from program_planner.i18n import format_money, format_number

    application = create_app("testing")
    with application.test_request_context(), force_locale(locale):
        for value in VALUES:
            for digits in (0, 1, 2):
                pattern = f"#,##0.{'#' * digits}" if digits else "#,##0"
                assert format_number(value, digits) == format_decimal(value, format=pattern)
            for currency in ("CAD", "EUR", "JPY"):
                assert format_money(value, currency) == format_currency(value, currency)


def test_every_string_in_the_code_has_its_french(tmp_path):
    """A string marked for translation without a French entry would show in English to French
    readers: extract them as `make messages` does and look each one up."""
    import subprocess
    import sys
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[1]
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).with_name("pybabel")), "-q", "extract", "-F", "babel.cfg"]
        + ["-k", "_l", "-k", "lazy_gettext", "-k", "lazy_pgettext:1c,2", "-o", str(pot), "."],
        cwd=root,
        check=True,
    )
    with open(pot, "rb") as source:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(source) if m.id}
    po = root / "program_planner/translations/fr/LC_MESSAGES/messages.po"
    with open(po, "rb") as source:
        french = {
            (m.id if isinstance(m.id, str) else m.id[0])
            for m in read_po(source)
            if m.id and (m.string if isinstance(m.string, str) else m.string[0])
        }
    assert sorted(wanted - french) == []
