"""Community survey imports: the uploaded export kept, read, until its columns are confirmed

Revision ID: c3e7a91f5d20
Revises: b6d2f0c81e47
Create Date: 2026-12-03 18:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c3e7a91f5d20"
down_revision = "b6d2f0c81e47"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_pending_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["community_surveys.id"],
            name=op.f("fk_survey_pending_imports_survey_id_community_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_survey_pending_imports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_pending_imports")),
        sa.UniqueConstraint(
            "survey_id", "user_id", name=op.f("uq_survey_pending_imports_survey_id")
        ),
    )
    op.create_index(
        op.f("ix_survey_pending_imports_survey_id"),
        "survey_pending_imports",
        ["survey_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_survey_pending_imports_uploaded_at"),
        "survey_pending_imports",
        ["uploaded_at"],
        unique=False,
    )


def downgrade():
    op.drop_index(
        op.f("ix_survey_pending_imports_uploaded_at"), table_name="survey_pending_imports"
    )
    op.drop_index(op.f("ix_survey_pending_imports_survey_id"), table_name="survey_pending_imports")
    op.drop_table("survey_pending_imports")
