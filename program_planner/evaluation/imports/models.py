"""A pending import: the uploaded file kept in the database between upload, mapping and import.

Kept in the database, not on one server's disk, so any app server (or a worker) can continue
it. One per person and program; an upload replaces it, an import or a cancel deletes it, and
one abandoned for a day is deleted by the nightly upkeep (or the next upload). The file is read
once (in the request, or by a job when large) and its cells kept as `cells`; a preview made by a
job is kept as `preview` with the mapping it was made with.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column

from program_planner.db import UTCDateTime, utcnow
from program_planner.extensions import db


class PendingImport(db.Model):
    """An uploaded file of responses waiting for its columns to be mapped and imported."""

    __tablename__ = "pending_imports"
    __table_args__ = (sa.UniqueConstraint("program_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(sa.String(255))
    ext: Mapped[str] = mapped_column(sa.String(8))
    file_sha256: Mapped[str] = mapped_column(sa.String(64))
    rows: Mapped[int] = mapped_column(default=0)  # data rows read at upload
    data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary, nullable=False))
    # {"header": [...], "rows": [[...]]} once read; None while a job reads a large file
    cells: Mapped[dict | None] = deferred(mapped_column(sa.JSON))
    # {"mapping": [...], "fingerprint": "...", "preview": {...}} of a preview made by a job
    preview: Mapped[dict | None] = deferred(mapped_column(sa.JSON))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
