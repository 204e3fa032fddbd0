"""Stored annual statistics: month cells and programs' months; the reporting year's first month

Revision ID: a5c8e2d49f17
Revises: d7b3e5a91c42
Create Date: 2026-12-03 18:50:00

Every program with a session or a recording is marked for a refresh (result_marks), so the
reads that follow fill the months from the rows already there (or run
`flask reports refresh-results` once).
"""

import sqlalchemy as sa
from alembic import op

revision = "a5c8e2d49f17"
down_revision = "d7b3e5a91c42"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "annual_cells",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("activity", sa.String(length=16), nullable=False),
        sa.Column("place", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        sa.Column("in_person", sa.Integer(), nullable=False),
        sa.Column("online", sa.Integer(), nullable=False),
        sa.Column("breaking", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "month", "audience", "activity", "place", "category", name=op.f("pk_annual_cells")
        ),
    )
    op.create_table(
        "annual_program_months",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("listed", sa.String(length=16), nullable=True),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("program_id", "month", name=op.f("pk_annual_program_months")),
    )
    op.create_index(
        "ix_annual_program_months_listed_month",
        "annual_program_months",
        ["listed", "month"],
        unique=False,
    )
    with op.batch_alter_table("reporting_settings") as batch_op:
        batch_op.add_column(
            sa.Column("year_start_month", sa.Integer(), server_default="1", nullable=False)
        )
    op.execute(
        "INSERT INTO result_marks (program_id) "
        "SELECT DISTINCT program_id FROM occurrences "
        "UNION SELECT DISTINCT program_id FROM program_recordings"
    )


def downgrade():
    with op.batch_alter_table("reporting_settings") as batch_op:
        batch_op.drop_column("year_start_month")
    op.drop_index("ix_annual_program_months_listed_month", table_name="annual_program_months")
    op.drop_table("annual_program_months")
    op.drop_table("annual_cells")
