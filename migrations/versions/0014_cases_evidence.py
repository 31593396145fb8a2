"""cases and evidence: case presentations, reviews of accepted answers

Revision ID: 0014_cases_evidence
Revises: 0013_redaction
Create Date: 2026-12-02 10:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_cases_evidence'
down_revision = '0013_redaction'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
