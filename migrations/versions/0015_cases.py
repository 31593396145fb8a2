"""cases: the facts of case presentations

Revision ID: 0015_cases
Revises: 0014_cases_evidence
Create Date: 2026-12-02 18:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_cases'
down_revision = '0014_cases_evidence'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'case_facts',
        sa.Column('thread_id', sa.Integer(), nullable=False),
        sa.Column('age_band', sa.String(length=16), nullable=False),
        sa.Column('sex', sa.String(length=16), nullable=False),
        sa.Column('setting', sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_case_facts_thread_id_threads'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('thread_id', name=op.f('pk_case_facts')),
    )


def downgrade():
    op.drop_table('case_facts')
