"""The package deploys outside the checkout (.ci/check-wheel builds, installs, serves it)."""

import re
import shutil
import tomllib
from pathlib import Path

from program_planner import create_app, migrations_directory

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "program_planner"
SHIPPED_FOLDERS = ("templates", "static", "translations")


def _owning_package(path: Path) -> Path:
    folder = path.parent
    while not (folder / "__init__.py").is_file():
        folder = folder.parent
    return folder


def test_every_file_the_package_reads_is_package_data():
    """Templates, static files and translations sit where pyproject's package-data ships them."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert patterns["package-data"]["*"] == [
        "templates/**/*",
        "static/**/*",
        "translations/**/*.mo",
        "translations/**/*.po",
    ]
    stray = []
    for path in PACKAGE.rglob("*"):
        if path.is_dir() or path.suffix in {".py", ".pyc", ".pot"} or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(_owning_package(path))
        if relative.parts[0] not in SHIPPED_FOLDERS:
            stray.append(str(path.relative_to(ROOT)))
    assert stray == []


def test_configuration_is_importable_from_the_package():
    """The checkout's config.py only re-exports the package's classes."""
    import config
    from program_planner.config import CONFIGS

    assert config.CONFIGS is CONFIGS
    assert set(CONFIGS) == {"development", "testing", "production"}


def test_migrations_are_found_in_the_checkout_and_inside_an_installed_package(tmp_path):
    """A checkout reads migrations/; an installed package its own copy, as setup.py ships it."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert migrations_directory(app) == str(ROOT / "migrations")

    installed = tmp_path / "site-packages" / "program_planner"
    shutil.copytree(ROOT / "migrations", installed / "migrations")
    app.root_path = str(installed)
    assert migrations_directory(app) == str(installed / "migrations")


def test_the_default_database_is_in_the_instance_folder(monkeypatch, tmp_path):
    """Without DATABASE_URL the SQLite file lives in the app's instance folder, wherever that is."""
    monkeypatch.setattr("program_planner.config.Config.SQLALCHEMY_DATABASE_URI", "")
    app = create_app("testing")
    expected = Path(app.instance_path) / "program_planner.sqlite3"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{expected}"


def test_every_setting_is_in_the_readme():
    """The README's configuration tables name every setting of program_planner/config.py."""
    from program_planner.config import CONFIGS

    readme = (ROOT / "README.md").read_text()
    settings = {name for config in CONFIGS.values() for name in dir(config) if name.isupper()}
    assert sorted(name for name in settings if f"`{name}`" not in readme) == []


def test_migrations_import_nothing_from_the_application():
    """A migration freezes what it needs (types, rows), so later model changes never break it."""
    importing = [
        path.name
        for path in sorted((ROOT / "migrations" / "versions").glob("*.py"))
        if re.search(r"^\s*(import|from)\s+program_planner\b", path.read_text(), re.M)
    ]
    assert importing == []
