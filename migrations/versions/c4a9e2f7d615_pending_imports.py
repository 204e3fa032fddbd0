"""pending imports kept in the database

Revision ID: c4a9e2f7d615
Revises: bd985fa28c06
Create Date: 2026-12-04 12:00:00

An uploaded file of responses waits for its columns to be mapped in the database instead of
on one app server's disk (EVALUATION_IMPORT_FOLDER), so any app server or worker continues it.
Files left in that folder by an older version are abandoned uploads: delete them.
"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "c4a9e2f7d615"
down_revision = "bd985fa28c06"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pending_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("ext", sa.String(length=8), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_pending_imports_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_pending_imports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_imports")),
        sa.UniqueConstraint("program_id", "user_id", name=op.f("uq_pending_imports_program_id")),
    )
    with op.batch_alter_table("pending_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pending_imports_program_id"), ["program_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pending_imports_uploaded_at"), ["uploaded_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("pending_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_imports_uploaded_at"))
        batch_op.drop_index(batch_op.f("ix_pending_imports_program_id"))
    op.drop_table("pending_imports")
