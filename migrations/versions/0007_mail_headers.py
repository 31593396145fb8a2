"""mail headers: extra header fields on outgoing mail (List-Unsubscribe)

Revision ID: 0007_mail_headers
Revises: 0006_notifications
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_mail_headers'
down_revision = '0006_notifications'
branch_labels = None
depends_on = None


def upgrade():
    # A nullable column: plain ALTER TABLE ... ADD COLUMN on SQLite and PostgreSQL alike,
    # so mail already waiting in the outbox stays as it is (without extra headers).
    op.add_column('mail_outbox', sa.Column('headers', sa.JSON(), nullable=True))


def downgrade():
    # SQLite (3.35+) and PostgreSQL both drop a plain column in place; the outbox's
    # index does not name it.
    op.drop_column('mail_outbox', 'headers')
