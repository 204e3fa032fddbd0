"""comments picked for the impact report

Revision ID: b7e4c2a9d513
Revises: 8d096414bee4
Create Date: 2026-12-03 14:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e4c2a9d513'
down_revision = '8d096414bee4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('impact_picked_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('picked_by_id', sa.Integer(), nullable=True),
    sa.Column('picked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_impact_picked_comments_answer_id_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['picked_by_id'], ['users.id'], name=op.f('fk_impact_picked_comments_picked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_impact_picked_comments_program_id_programs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_impact_picked_comments')),
    sa.UniqueConstraint('answer_id', name=op.f('uq_impact_picked_comments_answer_id'))
    )
    with op.batch_alter_table('impact_picked_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_impact_picked_comments_program_id'), ['program_id'], unique=False)


def downgrade():
    with op.batch_alter_table('impact_picked_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_impact_picked_comments_program_id'))

    op.drop_table('impact_picked_comments')
