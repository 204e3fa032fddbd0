"""Stored budget figures: cells per branch and fiscal year, and the marks that ask for a refresh

Revision ID: d7b3e5a91c42
Revises: e9f4b2c7d813
Create Date: 2026-12-03 18:35:00

Every branch-year that has programs is marked, so the first read of the roll-up computes its
cells from the budget lines already there. Also an index covering the program list's date filter
(sessions by start, with their end and program), so the filter reads no session rows.
"""

import sqlalchemy as sa
from alembic import op

revision = "d7b3e5a91c42"
down_revision = "e9f4b2c7d813"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "budget_cells",
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=False),
        sa.Column("planned", sa.Numeric(12, 2), nullable=False),
        sa.Column("actual", sa.Numeric(12, 2), nullable=True),
        sa.Column("variance", sa.Numeric(12, 2), nullable=True),
        sa.Column("programs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "fiscal_year", "branch_id", "dimension", "value", name=op.f("pk_budget_cells")
        ),
    )
    op.create_table(
        "budget_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_marks")),
    )
    op.create_index(
        "ix_occurrences_start_end_program",
        "occurrences",
        ["starts_at", "ends_at", "program_id"],
        unique=False,
    )
    op.execute(
        "INSERT INTO budget_marks (fiscal_year, branch_id) "
        "SELECT DISTINCT fiscal_year, branch_id FROM programs"
    )


def downgrade():
    op.drop_index("ix_occurrences_start_end_program", table_name="occurrences")
    op.drop_table("budget_marks")
    op.drop_table("budget_cells")
