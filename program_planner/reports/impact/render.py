"""HTML to PDF with WeasyPrint (Pango underneath), and the response that carries it."""

import re
import unicodedata

from flask import current_app

PDF = "application/pdf"


def pdf_bytes(html_for, max_pages: int) -> bytes:
    """Return the PDF of html_for(compact=False), or of its compact form when that runs over
    max_pages (html_for returns a self-contained HTML page: title, author, language, style)."""
    from weasyprint import HTML  # loads Pango: only the PDF needs it, not the rest of the app

    document = HTML(string=html_for(compact=False)).render()
    if len(document.pages) > max_pages:
        document = HTML(string=html_for(compact=True)).render()
    return document.write_pdf()


def direction(text) -> str:
    """Return "rtl" when the text's first strong letter is Hebrew, Arabic or the like, else "ltr".

    HTML's dir="auto" does this in a browser; WeasyPrint needs it said.
    """
    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def filename(*parts) -> str:
    """Return an ASCII file name from parts ("impact-computer-basics-2026.pdf")."""
    text = unicodedata.normalize("NFKD", "-".join(str(p) for p in parts))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    return f"{slug.lower()[:80] or 'impact'}.pdf"


def pdf_response(html_for, max_pages: int, name: str):
    """Return the PDF of html_for (see pdf_bytes) as a download named name, never cached."""
    return current_app.response_class(
        pdf_bytes(html_for, max_pages),
        mimetype=PDF,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
