"""Jobs: long work (exports, imports) done by the queue, with progress and a result file."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, deferred, mapped_column

from program_planner.db import Choice, TimestampMixin, UTCDateTime, enum_column
from program_planner.extensions import db


class JobStatus(Choice):
    """Where a job stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


JobStatus.LABELS = {
    JobStatus.QUEUED: _l("Waiting to start"),
    JobStatus.RUNNING: _l("In progress"),
    JobStatus.DONE: _l("Ready"),
    JobStatus.FAILED: _l("Failed"),
}
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(TimestampMixin, db.Model):
    """One piece of long work: what to do, who asked, how far it got, and its file when done.

    The file lives in the database, so every app server can hand it out; it is written in the
    same transaction that marks the job done, so a worker that dies mid-job leaves no half file.
    """

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[JobStatus] = enum_column(JobStatus, default=JobStatus.QUEUED, index=True)
    # the same request twice (a second click) while the first is active: one job
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=3)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    message: Mapped[str] = mapped_column(sa.String(300), default="")
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result_name: Mapped[str] = mapped_column(sa.String(200), default="")
    result_type: Mapped[str] = mapped_column(sa.String(120), default="")
    result_size: Mapped[int] = mapped_column(default=0)
    result_data: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    @property
    def active(self) -> bool:
        """Return whether the job still waits or runs."""
        return self.status in ACTIVE
