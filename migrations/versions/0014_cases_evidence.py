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


# evidence: answer_reviews. Cases, if they need a table, come in a later migration.


def upgrade():
    op.create_table('answer_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_answer_reviews_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_answer_reviews_reviewer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_reviews'))
    )
    op.create_index('ix_answer_reviews_post_id_reviewed_at', 'answer_reviews', ['post_id', 'reviewed_at'], unique=False)


def downgrade():
    op.drop_index('ix_answer_reviews_post_id_reviewed_at', table_name='answer_reviews')
    op.drop_table('answer_reviews')
