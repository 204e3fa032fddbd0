"""session series and paper forms collected

Revision ID: d8b3f61a4c27
Revises: e05317aa171a
Create Date: 2026-12-03 10:05:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'd8b3f61a4c27'
down_revision = 'e05317aa171a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('occurrence_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_occurrence_series_program_id_programs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occurrence_series'))
    )
    with op.batch_alter_table('occurrence_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occurrence_series_program_id'), ['program_id'], unique=False)

    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_occurrences_series_id'), ['series_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_occurrences_series_id_occurrence_series'), 'occurrence_series', ['series_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('occurrence_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paper_forms_collected', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('occurrence_reports', schema=None) as batch_op:
        batch_op.drop_column('paper_forms_collected')

    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_occurrences_series_id_occurrence_series'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_occurrences_series_id'))
        batch_op.drop_column('series_id')

    with op.batch_alter_table('occurrence_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_occurrence_series_program_id'))

    op.drop_table('occurrence_series')
