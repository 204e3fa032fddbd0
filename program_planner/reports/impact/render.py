"""HTML to PDF with WeasyPrint (Pango underneath), and the response that carries it."""

import re
import unicodedata

from flask import current_app

PDF = "application/pdf"


def pdf_bytes(html: str) -> bytes:
    """Return the PDF of a self-contained HTML page (its title, author and language included)."""
    from weasyprint import HTML  # loads Pango: only the PDF needs it, not the rest of the app

    return HTML(string=html).write_pdf()


def filename(*parts) -> str:
    """Return an ASCII file name from parts ("impact-computer-basics-2026.pdf")."""
    text = unicodedata.normalize("NFKD", "-".join(str(p) for p in parts))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    return f"{slug.lower()[:80] or 'impact'}.pdf"


def pdf_response(html: str, name: str):
    """Return the PDF of html as a download named name, never cached."""
    return current_app.response_class(
        pdf_bytes(html),
        mimetype=PDF,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
