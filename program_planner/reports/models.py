"""The coordinator's written assessment beside an objective's computed verdict."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from program_planner.auth.models import User
from program_planner.db import TimestampMixin, VersionedMixin
from program_planner.extensions import db


class ObjectiveAssessment(TimestampMixin, VersionedMixin, db.Model):
    """What a coordinator concluded about an objective, in words, beside the computed verdict."""

    __tablename__ = "objective_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        sa.ForeignKey("objectives.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship()
