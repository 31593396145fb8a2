"""privacy guard: confirmations of posts made over a warning

Revision ID: 0011_privacy_guard
Revises: 0010_mentorship
Create Date: 2026-12-02 10:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_privacy_guard'
down_revision = '0010_mentorship'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
