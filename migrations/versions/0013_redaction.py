"""redaction: moderators' redactions of post spans

Revision ID: 0013_redaction
Revises: 0012_credentials
Create Date: 2026-12-02 10:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_redaction'
down_revision = '0012_credentials'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
