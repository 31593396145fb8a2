"""credentials: members' professional credentials and their review

Revision ID: 0012_credentials
Revises: 0011_privacy_guard
Create Date: 2026-12-02 10:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_credentials'
down_revision = '0011_privacy_guard'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
