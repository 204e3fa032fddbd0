"""annual statistics: how a program counts, recordings, reporting settings, online headcount

Revision ID: f4a2c8e61d35
Revises: e5b8d3a1c927
Create Date: 2026-12-03 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4a2c8e61d35'
down_revision = 'e5b8d3a1c927'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('program_counting',
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('audience', sa.Enum('adult', 'general', 'young_adult', name='audience', native_enum=False, length=32), nullable=False),
    sa.Column('activity', sa.Enum('program', 'one_to_one', 'self_directed', name='activitykind', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_program_counting_program_id_programs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('program_id', name=op.f('pk_program_counting'))
    )
    op.create_table('program_recordings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('posted_on', sa.Date(), nullable=False),
    sa.Column('views_30_days', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_program_recordings_program_id_programs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program_recordings'))
    )
    with op.batch_alter_table('program_recordings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_program_recordings_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_program_recordings_posted_on'), ['posted_on'], unique=False)
    op.create_table('reporting_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporting_settings'))
    )
    with op.batch_alter_table('occurrence_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_headcount', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('occurrence_reports', schema=None) as batch_op:
        batch_op.drop_column('online_headcount')
    op.drop_table('reporting_settings')
    with op.batch_alter_table('program_recordings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_program_recordings_posted_on'))
        batch_op.drop_index(batch_op.f('ix_program_recordings_program_id'))
    op.drop_table('program_recordings')
    op.drop_table('program_counting')
