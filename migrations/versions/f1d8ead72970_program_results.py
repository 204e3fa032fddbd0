"""program results and portfolio cells: the figures the dashboard sums, filled for existing programs

Revision ID: f1d8ead72970
Revises: 9c4f2a7e5d10
Create Date: 2026-11-23 20:20:36.533221

"""

from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = "f1d8ead72970"
down_revision = "9c4f2a7e5d10"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "program_results",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=True),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        sa.Column("first_time", sa.Integer(), nullable=False),
        sa.Column("actual", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("satisfaction_n", sa.Integer(), nullable=False),
        sa.Column("satisfaction_total", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("satisfaction_agree", sa.Integer(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.Column("debriefs", sa.Integer(), nullable=False),
        sa.Column("objectives_met", sa.Integer(), nullable=False),
        sa.Column("objectives_not_met", sa.Integer(), nullable=False),
        sa.Column("objectives_insufficient", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_results_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", name=op.f("pk_program_results")),
    )
    op.create_table(
        "portfolio_cells",
        sa.Column("dimension", sa.String(length=8), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        *[
            sa.Column(name, sa.Integer(), nullable=False)
            for name in ("programs", "sessions", "attendance", "first_time")
        ],
        sa.Column("costed_actual", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("costed_attendance", sa.Integer(), nullable=False),
        sa.Column("sat_n", sa.Integer(), nullable=False),
        sa.Column("sat_total", sa.Numeric(precision=14, scale=2), nullable=False),
        *[
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "sat_agree",
                "met",
                "not_met",
                "insufficient",
                "responses",
                "debriefs",
                "expected_reach",
            )
        ],
        sa.PrimaryKeyConstraint(
            "dimension", "fiscal_year", "key", name=op.f("pk_portfolio_cells")
        ),
    )
    # The figures of programs already there are computed after revision a3c5e7f9b2d4 marks
    # them (this migration used to call application code, which later model changes break).


def downgrade():
    op.drop_table("portfolio_cells")
    op.drop_table("program_results")
