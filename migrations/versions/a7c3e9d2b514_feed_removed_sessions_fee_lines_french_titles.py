"""removed sessions for calendar feeds, presenter fee budget lines, French titles

Revision ID: a7c3e9d2b514
Revises: d8b3f61a4c27
Create Date: 2026-12-03 14:40:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'a7c3e9d2b514'
down_revision = 'd8b3f61a4c27'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('removed_occurrences',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('removed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_removed_occurrences_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_removed_occurrences_venue_id_venues'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_removed_occurrences'))
    )
    with op.batch_alter_table('removed_occurrences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_removed_occurrences_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_removed_occurrences_removed_at'), ['removed_at'], unique=False)

    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('presenter_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_budget_lines_presenter_id'), ['presenter_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_budget_lines_presenter_id_presenters'), 'presenters', ['presenter_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_fr', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('description_fr', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_column('description_fr')
        batch_op.drop_column('title_fr')

    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_budget_lines_presenter_id_presenters'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_budget_lines_presenter_id'))
        batch_op.drop_column('presenter_id')

    with op.batch_alter_table('removed_occurrences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_removed_occurrences_removed_at'))
        batch_op.drop_index(batch_op.f('ix_removed_occurrences_program_id'))

    op.drop_table('removed_occurrences')
