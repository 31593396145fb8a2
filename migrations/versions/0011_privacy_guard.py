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
    op.create_table(
        'privacy_confirmations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('kinds', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_privacy_confirmations_post_id_posts'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_privacy_confirmations_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_confirmations')),
    )
    op.create_index('ix_privacy_confirmations_post_id', 'privacy_confirmations', ['post_id'])
    op.create_index('ix_privacy_confirmations_created_at', 'privacy_confirmations', ['created_at'])


def downgrade():
    op.drop_index('ix_privacy_confirmations_created_at', table_name='privacy_confirmations')
    op.drop_index('ix_privacy_confirmations_post_id', table_name='privacy_confirmations')
    op.drop_table('privacy_confirmations')
