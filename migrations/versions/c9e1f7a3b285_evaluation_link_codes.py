"""short codes of public evaluation links, printed on paper forms

Revision ID: c9e1f7a3b285
Revises: f4a2c8e61d35
Create Date: 2026-12-03 15:00:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c9e1f7a3b285'
down_revision = 'f4a2c8e61d35'
branch_labels = None
depends_on = None

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # frozen copy of evaluation.models.LINK_CODE_ALPHABET


def upgrade():
    with op.batch_alter_table('evaluation_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=16), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_evaluation_links_code'), ['code'])
    links = sa.table('evaluation_links', sa.column('id', sa.Integer), sa.column('code', sa.String))
    connection = op.get_bind()
    for (link_id,) in connection.execute(sa.select(links.c.id)).all():
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        connection.execute(sa.update(links).where(links.c.id == link_id).values(code=code))


def downgrade():
    with op.batch_alter_table('evaluation_links', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_evaluation_links_code'), type_='unique')
        batch_op.drop_column('code')
