"""The password policy and hashing, as functions."""

import pytest

from program_planner import create_app
from program_planner.auth.passwords import hash_password, password_problems, verify_password
from program_planner.config import Config, ProductionConfig


@pytest.fixture
def bare_app(tmp_path):
    return create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/x.db")


def test_production_hashing_meets_owasp_argon2id():
    assert ProductionConfig.ARGON2_MEMORY_COST_KIB >= 19 * 1024
    assert ProductionConfig.ARGON2_TIME_COST >= 2
    assert Config.PASSWORD_MIN_LENGTH == 12


def test_hash_is_argon2id_and_verifies(bare_app):
    with bare_app.app_context():
        hashed = hash_password("orchid-tramway-pebble-29")
        assert hashed.startswith("$argon2id$")
        assert verify_password(hashed, "orchid-tramway-pebble-29")
        assert not verify_password(hashed, "orchid-tramway-pebble-28")
        assert not verify_password(None, "anything-at-all")
        assert not verify_password("not-a-hash", "anything-at-all")


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "123456789012",
        "qwertyuiopas",
        "aaaaaaaaaaaa",
        "librarylibrary",
        "Password1234!",
    ],
)
def test_common_passwords_are_refused(bare_app, password):
    with bare_app.app_context():
        assert password_problems(password)


def test_password_containing_the_username_is_refused(bare_app):
    with bare_app.app_context():
        assert password_problems("chantalcote2026", user_inputs=["chantalcote", "Chantal Côté"])


@pytest.mark.parametrize(
    "password",
    [
        "orchid-tramway-pebble-29",
        "x7#Lq9!vPz2@",
        "é" * 3 + "-velvet-compass-9",
        "a long sentence about seventy characters that nobody would ever guess ok",
    ],
)
def test_strong_passwords_are_accepted(bare_app, password):
    with bare_app.app_context():
        assert password_problems(password) == []


def test_lengths(bare_app):
    with bare_app.app_context():
        assert password_problems("Zx9#aB1!") == ["Use at least 12 characters."]
        assert password_problems("k" * 129) == ["Use at most 128 characters."]
        assert password_problems(" " * 20) == ["A password cannot be only spaces."]


def test_production_refuses_the_default_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")
    monkeypatch.setenv("SECRET_KEY", "dev-only-not-secret-change-me")
    with pytest.raises(RuntimeError):
        create_app("production")
