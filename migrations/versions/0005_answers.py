"""answers: accepted answers, helpful marks and their counts

Revision ID: 0005_answers
Revises: 0004_foundations
Create Date: 2026-12-01 16:47:37

"""
from alembic import op
import sqlalchemy as sa


revision = '0005_answers'
down_revision = '0004_foundations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accepted_answers',
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('accepted_by_id', sa.Integer(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_accepted_answers_accepted_by_id_users')),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_accepted_answers_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_accepted_answers_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('thread_id', name=op.f('pk_accepted_answers')),
    sa.UniqueConstraint('post_id', name=op.f('uq_accepted_answers_post_id'))
    )
    op.create_table('helpful_counts',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_helpful_counts_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', name=op.f('pk_helpful_counts'))
    )
    op.create_index('ix_helpful_counts_count', 'helpful_counts', ['count'], unique=False)
    op.create_table('helpful_marks',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_helpful_marks_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_helpful_marks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'user_id', name=op.f('pk_helpful_marks'))
    )
    op.create_index('ix_helpful_marks_user_id', 'helpful_marks', ['user_id'], unique=False)


def downgrade():
    op.drop_index('ix_helpful_marks_user_id', table_name='helpful_marks')
    op.drop_table('helpful_marks')
    op.drop_index('ix_helpful_counts_count', table_name='helpful_counts')
    op.drop_table('helpful_counts')
    op.drop_table('accepted_answers')
