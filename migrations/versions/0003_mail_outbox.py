"""mail outbox

Revision ID: 0003_mail_outbox
Revises: 0002_search_change_log
Create Date: 2026-12-01 13:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_mail_outbox'
down_revision = '0002_search_change_log'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('gave_up_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_mail_outbox_due', ['sent_at', 'gave_up_at', 'next_attempt_at'], unique=False)

    # users is altered with plain ALTER TABLE (SQLite has ADD and DROP COLUMN), not a
    # batch copy, which on SQLite would lose the lower(username)/lower(email) indexes.
    op.add_column('users', sa.Column('email_verified_at', sa.DateTime(), nullable=True))
    # Accounts made before verification existed count as confirmed.
    op.execute("UPDATE users SET email_verified_at = created_at")


def downgrade():
    op.drop_column('users', 'email_verified_at')

    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_outbox_due')

    op.drop_table('mail_outbox')
