"""pending imports keep the cells read and a preview made by a job

Revision ID: e5b8d3a1c927
Revises: b7e4c2a9d513
Create Date: 2026-12-03 14:40:00

A large workbook is read, and its preview made, by the queue rather than in the request; the
cells read (header and rows) and the preview (with the mapping it was made with) wait with the
pending file in the database, so any app server shows them.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e5b8d3a1c927"
down_revision = "b7e4c2a9d513"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("pending_imports") as batch_op:
        batch_op.add_column(sa.Column("cells", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("preview", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("pending_imports") as batch_op:
        batch_op.drop_column("preview")
        batch_op.drop_column("cells")
