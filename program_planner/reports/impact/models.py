"""The comments a programmer picked to quote in the program's impact report."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from program_planner.db import UTCDateTime, utcnow
from program_planner.extensions import db


class PickedComment(db.Model):
    """One attendee comment (an answer to a free-text question) chosen for the impact report."""

    __tablename__ = "impact_picked_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), unique=True
    )
    picked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    picked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
