"""Community needs survey: surveys, anonymous responses, answers by question code, groups

Revision ID: 8d096414bee4
Revises: a7c3e9d2b514
Create Date: 2026-12-03 14:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "8d096414bee4"
down_revision = "a7c3e9d2b514"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "community_surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_community_surveys_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_community_surveys_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_surveys")),
        sa.UniqueConstraint("token", name=op.f("uq_community_surveys_token")),
    )
    op.create_index(
        op.f("ix_community_surveys_branch_id"), "community_surveys", ["branch_id"], unique=False
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "online", "paper", "import", name="responsechannel", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("submitted_on", sa.DateTime(), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=False),
        sa.Column("library_user", sa.Boolean(), nullable=True),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["community_surveys.id"],
            name=op.f("fk_survey_responses_survey_id_community_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["users.id"],
            name=op.f("fk_survey_responses_entered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_survey_responses_submission_key")),
    )
    op.create_index(
        op.f("ix_survey_responses_survey_id"), "survey_responses", ["survey_id"], unique=False
    )
    op.create_index(
        op.f("ix_survey_responses_submitted_on"),
        "survey_responses",
        ["submitted_on"],
        unique=False,
    )
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_code", sa.String(length=64), nullable=False),
        sa.Column("value_number", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("value_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_responses.id"],
            name=op.f("fk_survey_answers_response_id_survey_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
    )
    op.create_index(
        op.f("ix_survey_answers_response_id"), "survey_answers", ["response_id"], unique=False
    )
    op.create_index(
        "ix_survey_answers_code_text",
        "survey_answers",
        ["question_code", "value_text"],
        unique=False,
    )
    op.create_table(
        "survey_response_groups",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("target_group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_responses.id"],
            name=op.f("fk_survey_response_groups_response_id_survey_responses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_group_id"],
            ["target_groups.id"],
            name=op.f("fk_survey_response_groups_target_group_id_target_groups"),
        ),
        sa.PrimaryKeyConstraint(
            "response_id", "target_group_id", name=op.f("pk_survey_response_groups")
        ),
    )


def downgrade():
    op.drop_table("survey_response_groups")
    op.drop_index("ix_survey_answers_code_text", table_name="survey_answers")
    op.drop_index(op.f("ix_survey_answers_response_id"), table_name="survey_answers")
    op.drop_table("survey_answers")
    op.drop_index(op.f("ix_survey_responses_submitted_on"), table_name="survey_responses")
    op.drop_index(op.f("ix_survey_responses_survey_id"), table_name="survey_responses")
    op.drop_table("survey_responses")
    op.drop_index(op.f("ix_community_surveys_branch_id"), table_name="community_surveys")
    op.drop_table("community_surveys")
