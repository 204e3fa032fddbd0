"""staff erasure: users.erased_at

Revision ID: 0f6a755421db
Revises: 345c4aea4fec
Create Date: 2026-12-03 11:30:00

An erased staff account keeps its row (everything that refers to it still works) with its
name, username, email and password removed; erased_at says when.
"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0f6a755421db"
down_revision = "345c4aea4fec"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
