"""Partner agreements (kind, title, dates, note, who recorded it); French names of target groups

Revision ID: b6d2f0c81e47
Revises: c9e1f7a3b285
Create Date: 2026-12-03 18:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b6d2f0c81e47"
down_revision = "c9e1f7a3b285"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "partner_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "mou",
                "partnership",
                "space_use",
                "data_sharing",
                "other",
                name="agreementkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_partner_agreements_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_partner_agreements_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_agreements")),
    )
    with op.batch_alter_table("partner_agreements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_agreements_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_agreements_ends_on"), ["ends_on"], unique=False
        )

    with op.batch_alter_table("target_groups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name_fr", sa.String(length=120), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("target_groups", schema=None) as batch_op:
        batch_op.drop_column("name_fr")

    with op.batch_alter_table("partner_agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_agreements_ends_on"))
        batch_op.drop_index(batch_op.f("ix_partner_agreements_organisation_id"))

    op.drop_table("partner_agreements")
