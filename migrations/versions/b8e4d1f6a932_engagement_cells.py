"""Stored engagement figures by branch and month, stored community survey results, and the marks
that ask for their refresh

Revision ID: b8e4d1f6a932
Revises: a5c8e2d49f17
Create Date: 2026-12-03 18:40:00

Every branch (and the "no branch" key -1) and every survey is marked, so the first read of the
measures page or of the survey results computes the cells from the rows already there.
"""

import sqlalchemy as sa
from alembic import op

revision = "b8e4d1f6a932"
down_revision = "a5c8e2d49f17"
branch_labels = None
depends_on = None

FIGURES = (
    "consultations",
    "people",
    "non_users",
    "survey_responses",
    "survey_non_users",
    "first_time",
    "sat_n",
    "sat_agree",
    "new_programs",
)


def upgrade():
    op.create_table(
        "engagement_cells",
        sa.Column("branch_key", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("group_key", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in FIGURES),
        sa.PrimaryKeyConstraint(
            "branch_key", "month", "group_key", name=op.f("pk_engagement_cells")
        ),
    )
    op.create_table(
        "survey_cells",
        sa.Column("survey_key", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=80), nullable=False),
        sa.Column("group_key", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "survey_key", "code", "value", "group_key", name=op.f("pk_survey_cells")
        ),
    )
    op.create_table(
        "community_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("ref", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_marks")),
    )
    op.create_index(op.f("ix_community_marks_kind"), "community_marks", ["kind"])
    op.execute("INSERT INTO community_marks (kind, ref) SELECT 'branch', id FROM branches")
    op.execute("INSERT INTO community_marks (kind, ref) VALUES ('branch', -1)")
    op.execute("INSERT INTO community_marks (kind, ref) SELECT 'survey', id FROM community_surveys")


def downgrade():
    op.drop_index(op.f("ix_community_marks_kind"), table_name="community_marks")
    op.drop_table("community_marks")
    op.drop_table("survey_cells")
    op.drop_table("engagement_cells")
