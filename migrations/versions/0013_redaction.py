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
    # Plain ADD COLUMN (no batch copy of the big tables): every existing row gets false.
    op.add_column('posts', sa.Column('hidden_for_privacy', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('post_revisions', sa.Column('staff_only', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('search_changes', sa.Column('purge', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table('redactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('in_post', sa.Integer(), nullable=False),
    sa.Column('in_revisions', sa.Integer(), nullable=False),
    sa.Column('in_flags', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_redactions_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_redactions_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redactions'))
    )
    op.create_index('ix_redactions_post_id', 'redactions', ['post_id'], unique=False)


def downgrade():
    op.drop_index('ix_redactions_post_id', table_name='redactions')
    op.drop_table('redactions')
    op.drop_column('search_changes', 'purge')
    op.drop_column('post_revisions', 'staff_only')
    op.drop_column('posts', 'hidden_for_privacy')
