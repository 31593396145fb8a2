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
    op.create_table('credentials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('profession', sa.String(length=80), nullable=False),
    sa.Column('credential_type', sa.String(length=80), nullable=False),
    sa.Column('issuing_body', sa.String(length=80), nullable=False),
    sa.Column('jurisdiction', sa.String(length=60), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('institution', sa.String(length=120), nullable=True),
    sa.Column('years_in_practice', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('review_note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_credentials_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_credentials_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credentials'))
    )
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        # A member's own list and every post's badges; the review queue, oldest first.
        batch_op.create_index('ix_credentials_user_id_status', ['user_id', 'status'], unique=False)
        batch_op.create_index('ix_credentials_status_submitted_at', ['status', 'submitted_at'], unique=False)


def downgrade():
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.drop_index('ix_credentials_status_submitted_at')
        batch_op.drop_index('ix_credentials_user_id_status')

    op.drop_table('credentials')
