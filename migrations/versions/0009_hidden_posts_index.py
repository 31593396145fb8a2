"""hidden posts: a partial index for the staff header and the dashboard

Revision ID: 0009_hidden_posts_index
Revises: 0008_moderation
Create Date: 2026-12-02 01:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009_hidden_posts_index'
down_revision = '0008_moderation'
branch_labels = None
depends_on = None


def upgrade():
    # Few posts are ever hidden: counting and listing them reads this small index
    # instead of scanning every post, on every staff page (the header's counts).
    op.create_index(
        'ix_posts_hidden_at', 'posts', ['hidden_at'], unique=False,
        sqlite_where=sa.text('hidden_at IS NOT NULL'),
        postgresql_where=sa.text('hidden_at IS NOT NULL'),
    )


def downgrade():
    op.drop_index('ix_posts_hidden_at', table_name='posts')
