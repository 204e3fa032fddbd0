"""Read a PDF as a reader does: its pages (pdfinfo), its text (pdftotext), its pages as PNG."""

import re
import shutil
import subprocess

import pytest

POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext") and shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdfinfo) is not installed")


def pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)[1])


def info(path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    return out.stdout


def words(path) -> str:
    """The text in reading order, runs of white space made one space (table cells wrap)."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return re.sub(r"\s+", " ", out.stdout)


def to_png(path, prefix) -> list:
    """Render every page at 60 dpi to prefix-N.png; return the files."""
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def save(response, path):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    path.write_bytes(response.data)
    return path
