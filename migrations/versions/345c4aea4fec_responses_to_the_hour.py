"""responses kept to the hour

Revision ID: 345c4aea4fec
Revises: a3c5e7f9b2d4
Create Date: 2026-12-03 11:00:00

Data only: cut the time of every stored evaluation response down to the start of its hour
(UTC), as new responses are stored (evaluation.models.Response). A time to the microsecond
could be matched to a line of a proxy's access log, and so to the respondent's address.
The minutes dropped cannot be brought back: the downgrade changes nothing.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "345c4aea4fec"
down_revision = "a3c5e7f9b2d4"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        # SQLAlchemy stores SQLite datetimes as text, 'YYYY-MM-DD HH:MM:SS.ffffff'
        op.execute(
            "UPDATE responses SET submitted_on = strftime('%Y-%m-%d %H:00:00.000000', submitted_on)"
            " WHERE submitted_on IS NOT NULL"
        )
    else:
        op.execute(
            "UPDATE responses SET submitted_on = date_trunc('hour', submitted_on)"
            " WHERE submitted_on <> date_trunc('hour', submitted_on)"
        )


def downgrade():
    pass
