"""result marks: programs whose stored figures wait for a refresh; every existing program marked

Revision ID: a3c5e7f9b2d4
Revises: f1d8ead72970
Create Date: 2026-12-03 10:00:00

"""

from alembic import op
import sqlalchemy as sa


revision = "a3c5e7f9b2d4"
down_revision = "f1d8ead72970"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "result_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_marks")),
    )
    with op.batch_alter_table("result_marks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_result_marks_program_id"), ["program_id"], unique=False)
    # every existing program waits for its figures: the next dashboard view, or
    # `flask reports update-results`, computes them (plain SQL: no application code here)
    op.execute("INSERT INTO result_marks (program_id) SELECT id FROM programs ORDER BY id")


def downgrade():
    with op.batch_alter_table("result_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_result_marks_program_id"))
    op.drop_table("result_marks")
