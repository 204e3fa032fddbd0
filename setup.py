"""Build hook: the wheel carries migrations/ as program_planner/migrations."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithMigrations(build_py):
    """Copy migrations/ into the built package (an editable install reads it in place)."""

    def run(self):
        super().run()
        source = Path(__file__).resolve().parent / "migrations"
        if self.editable_mode or not source.is_dir():
            return
        target = Path(self.build_lib) / "program_planner" / "migrations"
        junk = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=junk)


setup(cmdclass={"build_py": BuildWithMigrations})
