"""foundations: combinable roles and moderator scopes, private spaces, deleted threads,
hidden posts, posts in date order (no numbers), one-time form keys, titles in history

Revision ID: 0004_foundations
Revises: 0003_mail_outbox
Create Date: 2026-12-01 14:20:00

"""
import warnings

from alembic import op
import sqlalchemy as sa


revision = '0004_foundations'
down_revision = '0003_mail_outbox'
branch_labels = None
depends_on = None


def upgrade():
    # Batch copies of tables that point at users reflect users too, whose lower()
    # indexes SQLAlchemy cannot reflect; they are not copied, so the warning is noise.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*expression-based index.*")
        _upgrade()


def downgrade():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*expression-based index.*")
        _downgrade()


def _upgrade():
    # Roles: one column of granted roles. users is altered with plain ALTER TABLE (no
    # batch copy) because SQLite's batch mode would drop the lower(username) index.
    op.add_column('users', sa.Column('roles', sa.String(length=64), nullable=False, server_default=''))
    op.execute("UPDATE users SET roles = CASE WHEN role = 'member' THEN '' ELSE role END")
    op.drop_column('users', 'role')

    op.create_table('moderator_scopes',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('specialty_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['specialty_id'], ['specialties.id'], name=op.f('fk_moderator_scopes_specialty_id_specialties'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_moderator_scopes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'specialty_id', name=op.f('pk_moderator_scopes'))
    )
    op.create_table('spaces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spaces'))
    )
    op.create_table('space_members',
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_space_members_space_id_spaces'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_space_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('space_id', 'user_id', name=op.f('pk_space_members'))
    )
    with op.batch_alter_table('space_members', schema=None) as batch_op:
        batch_op.create_index('ix_space_members_user_id', ['user_id'], unique=False)

    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_post_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('deleted_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('space_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_threads_deleted_by_id_users'), 'users', ['deleted_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_threads_space_id_spaces'), 'spaces', ['space_id'], ['id'], ondelete='CASCADE')
    op.execute(
        "UPDATE threads SET first_post_id = "
        "(SELECT posts.id FROM posts WHERE posts.thread_id = threads.id AND posts.number = 1)"
    )

    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('hidden_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('submission_key', sa.String(length=64), nullable=True))
        batch_op.drop_constraint('uq_posts_thread_id_number', type_='unique')
        batch_op.create_unique_constraint('uq_posts_author_id_submission_key', ['author_id', 'submission_key'])
        batch_op.create_index('ix_posts_thread_id_created_at_id', ['thread_id', 'created_at', 'id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_posts_hidden_by_id_users'), 'users', ['hidden_by_id'], ['id'])
        batch_op.drop_column('number')

    with op.batch_alter_table('post_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=200), nullable=True))


def _downgrade():
    with op.batch_alter_table('post_revisions', schema=None) as batch_op:
        batch_op.drop_column('title')

    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
    # Posts get their place in the thread back as a number, in reading order.
    op.execute(
        "UPDATE posts SET number = (SELECT count(*) FROM posts AS earlier "
        "WHERE earlier.thread_id = posts.thread_id AND (earlier.created_at < posts.created_at "
        "OR (earlier.created_at = posts.created_at AND earlier.id <= posts.id)))"
    )
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_posts_hidden_by_id_users'), type_='foreignkey')
        batch_op.drop_index('ix_posts_thread_id_created_at_id')
        batch_op.drop_constraint('uq_posts_author_id_submission_key', type_='unique')
        batch_op.create_unique_constraint('uq_posts_thread_id_number', ['thread_id', 'number'])
        batch_op.drop_column('submission_key')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_by_id')
        batch_op.drop_column('hidden_at')

    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_threads_space_id_spaces'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_threads_deleted_by_id_users'), type_='foreignkey')
        batch_op.drop_column('space_id')
        batch_op.drop_column('deleted_by_id')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('first_post_id')

    with op.batch_alter_table('space_members', schema=None) as batch_op:
        batch_op.drop_index('ix_space_members_user_id')
    op.drop_table('space_members')
    op.drop_table('spaces')
    op.drop_table('moderator_scopes')

    op.add_column('users', sa.Column('role', sa.String(length=16), nullable=False, server_default='member'))
    # The highest granted role survives a downgrade (the old schema held one).
    op.execute(
        "UPDATE users SET role = CASE WHEN roles LIKE '%admin%' THEN 'admin' "
        "WHEN roles LIKE '%moderator%' THEN 'moderator' WHEN roles LIKE '%mentor%' THEN 'mentor' "
        "ELSE 'member' END"
    )
    op.drop_column('users', 'roles')
