"""calendar feed cache, and indexes on the change times the feeds' version reads

Revision ID: e9f4b2c7d813
Revises: c3e7a91f5d20
Create Date: 2026-12-03 18:40:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'e9f4b2c7d813'
down_revision = 'c3e7a91f5d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feed_cache',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('last_modified', sa.DateTime(), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_feed_cache'))
    )
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.create_index('ix_occurrences_updated_at', ['updated_at'], unique=False)
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.create_index('ix_programs_updated_at', ['updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_index('ix_programs_updated_at')
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.drop_index('ix_occurrences_updated_at')
    op.drop_table('feed_cache')
