"""moderation: flags, warnings, suspensions, notes, redirects, retired taxonomy, audit log

Revision ID: 0008_moderation
Revises: 0007_mail_headers
Create Date: 2026-12-01 20:07:37

"""
from alembic import op
import sqlalchemy as sa


revision = '0008_moderation'
down_revision = '0007_mail_headers'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('slug_redirects',
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('old_slug', sa.String(length=60), nullable=False),
    sa.Column('specialty_id', sa.Integer(), nullable=True),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['specialty_id'], ['specialties.id'], name=op.f('fk_slug_redirects_specialty_id_specialties'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['research_topics.id'], name=op.f('fk_slug_redirects_topic_id_research_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('kind', 'old_slug', name=op.f('pk_slug_redirects'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=30), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('target_label', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index('ix_audit_log_action', 'audit_log', ['action'], unique=False)
    op.create_index('ix_audit_log_actor_id', 'audit_log', ['actor_id'], unique=False)
    op.create_index('ix_audit_log_created_at', 'audit_log', ['created_at'], unique=False)
    op.create_index('ix_audit_log_target', 'audit_log', ['target_type', 'target_id'], unique=False)
    op.create_table('suspensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('lifted_at', sa.DateTime(), nullable=True),
    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['lifted_by_id'], ['users.id'], name=op.f('fk_suspensions_lifted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['moderator_id'], ['users.id'], name=op.f('fk_suspensions_moderator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_suspensions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suspensions'))
    )
    op.create_index('ix_suspensions_user_id', 'suspensions', ['user_id'], unique=False)
    op.create_table('user_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_user_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_notes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_notes'))
    )
    op.create_index('ix_user_notes_user_id', 'user_notes', ['user_id'], unique=False)
    op.create_table('thread_redirects',
    sa.Column('old_thread_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_thread_redirects_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('old_thread_id', name=op.f('pk_thread_redirects'))
    )
    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('flagger_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome_note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['flagger_id'], ['users.id'], name=op.f('fk_flags_flagger_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_flags_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_flags_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags')),
    sa.UniqueConstraint('post_id', 'flagger_id', name=op.f('uq_flags_post_id'))
    )
    op.create_index('ix_flags_flagger_id', 'flags', ['flagger_id'], unique=False)
    op.create_index('ix_flags_status_created_at', 'flags', ['status', 'created_at'], unique=False)
    op.create_table('moderator_warnings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['moderator_id'], ['users.id'], name=op.f('fk_moderator_warnings_moderator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_moderator_warnings_post_id_posts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_moderator_warnings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderator_warnings'))
    )
    op.create_index('ix_moderator_warnings_user_id', 'moderator_warnings', ['user_id'], unique=False)
    op.add_column('research_topics', sa.Column('retired_at', sa.DateTime(), nullable=True))
    op.add_column('specialties', sa.Column('retired_at', sa.DateTime(), nullable=True))
    op.add_column('users', sa.Column('suspended_until', sa.DateTime(), nullable=True))
    # Notices from moderators (and later mentorship) carry their own words and link.
    op.add_column('notifications', sa.Column('message', sa.String(length=500), nullable=True))
    op.add_column('notifications', sa.Column('link', sa.String(length=300), nullable=True))
    # Names and slugs unique regardless of case (existing rows are already unique as
    # typed; the demo and the seed never differ only in case).
    op.create_index('uq_specialties_name_lower', 'specialties', [sa.text('lower(name)')], unique=True)
    op.create_index('uq_specialties_slug_lower', 'specialties', [sa.text('lower(slug)')], unique=True)
    op.create_index('uq_research_topics_name_lower', 'research_topics', [sa.text('lower(name)')], unique=True)
    op.create_index('uq_research_topics_slug_lower', 'research_topics', [sa.text('lower(slug)')], unique=True)
    # The audit log is append-only at the database too: triggers refuse UPDATE and DELETE
    # on it, whoever connects (the ORM refuses first, forum/moderation/models.py).
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("""
            CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
            END;
            $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
        """)
    else:
        op.execute("""
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END
        """)
        op.execute("""
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END
        """)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    # SQLite drops a table's triggers with it.
    op.drop_index('uq_research_topics_slug_lower', table_name='research_topics')
    op.drop_index('uq_research_topics_name_lower', table_name='research_topics')
    op.drop_index('uq_specialties_slug_lower', table_name='specialties')
    op.drop_index('uq_specialties_name_lower', table_name='specialties')
    op.drop_column('notifications', 'link')
    op.drop_column('notifications', 'message')
    op.drop_column('users', 'suspended_until')
    op.drop_column('specialties', 'retired_at')
    op.drop_column('research_topics', 'retired_at')
    op.drop_index('ix_moderator_warnings_user_id', table_name='moderator_warnings')
    op.drop_table('moderator_warnings')
    op.drop_index('ix_flags_status_created_at', table_name='flags')
    op.drop_index('ix_flags_flagger_id', table_name='flags')
    op.drop_table('flags')
    op.drop_table('thread_redirects')
    op.drop_index('ix_user_notes_user_id', table_name='user_notes')
    op.drop_table('user_notes')
    op.drop_index('ix_suspensions_user_id', table_name='suspensions')
    op.drop_table('suspensions')
    op.drop_index('ix_audit_log_target', table_name='audit_log')
    op.drop_index('ix_audit_log_created_at', table_name='audit_log')
    op.drop_index('ix_audit_log_actor_id', table_name='audit_log')
    op.drop_index('ix_audit_log_action', table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_table('slug_redirects')
