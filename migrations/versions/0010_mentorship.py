"""mentorship: mentor profiles, goals, mentorships, compacts, goals and check-ins, sessions, reports

Revision ID: 0010_mentorship
Revises: 0009_hidden_posts_index
Create Date: 2026-12-02 05:06:46.316446

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_mentorship'
down_revision = '0009_hidden_posts_index'
branch_labels = None
depends_on = None


def upgrade():
    # A specialty's top mentors this month read the month's acceptances and marks.
    op.create_index('ix_accepted_answers_accepted_at', 'accepted_answers', ['accepted_at'], unique=False)
    op.create_index('ix_helpful_marks_created_at', 'helpful_marks', ['created_at'], unique=False)
    op.create_table('mentee_goals',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('modes', sa.String(length=64), nullable=False),
    sa.Column('languages', sa.String(length=120), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mentee_goals_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_mentee_goals'))
    )
    op.create_table('mentor_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('years_in_practice', sa.Integer(), nullable=False),
    sa.Column('modes', sa.String(length=64), nullable=False),
    sa.Column('languages', sa.String(length=120), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('accepting', sa.Boolean(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_mentor_profiles_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mentor_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_mentor_profiles'))
    )
    with op.batch_alter_table('mentor_profiles', schema=None) as batch_op:
        batch_op.create_index('ix_mentor_profiles_status', ['status'], unique=False)

    op.create_table('goal_specialties',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('specialty_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['specialty_id'], ['specialties.id'], name=op.f('fk_goal_specialties_specialty_id_specialties'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['mentee_goals.user_id'], name=op.f('fk_goal_specialties_user_id_mentee_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'specialty_id', name=op.f('pk_goal_specialties'))
    )
    op.create_table('goal_topics',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['topic_id'], ['research_topics.id'], name=op.f('fk_goal_topics_topic_id_research_topics'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['mentee_goals.user_id'], name=op.f('fk_goal_topics_user_id_mentee_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'topic_id', name=op.f('pk_goal_topics'))
    )
    op.create_table('mentor_specialties',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('specialty_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['specialty_id'], ['specialties.id'], name=op.f('fk_mentor_specialties_specialty_id_specialties'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['mentor_profiles.user_id'], name=op.f('fk_mentor_specialties_user_id_mentor_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'specialty_id', name=op.f('pk_mentor_specialties'))
    )
    with op.batch_alter_table('mentor_specialties', schema=None) as batch_op:
        batch_op.create_index('ix_mentor_specialties_specialty_id', ['specialty_id'], unique=False)

    op.create_table('mentor_topics',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['topic_id'], ['research_topics.id'], name=op.f('fk_mentor_topics_topic_id_research_topics'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['mentor_profiles.user_id'], name=op.f('fk_mentor_topics_user_id_mentor_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'topic_id', name=op.f('pk_mentor_topics'))
    )
    with op.batch_alter_table('mentor_topics', schema=None) as batch_op:
        batch_op.create_index('ix_mentor_topics_topic_id', ['topic_id'], unique=False)

    op.create_table('mentorships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('request_message', sa.Text(), nullable=False),
    sa.Column('response_message', sa.Text(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('responded_at', sa.DateTime(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('ended_by_id', sa.Integer(), nullable=True),
    sa.Column('end_note', sa.String(length=500), nullable=True),
    sa.Column('space_id', sa.Integer(), nullable=True),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('review_reminded_at', sa.DateTime(), nullable=True),
    sa.Column('thanks', sa.Text(), nullable=True),
    sa.Column('thanked_at', sa.DateTime(), nullable=True),
    sa.Column('thanks_shown', sa.Boolean(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['ended_by_id'], ['users.id'], name=op.f('fk_mentorships_ended_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentee_id'], ['users.id'], name=op.f('fk_mentorships_mentee_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_mentorships_mentor_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_mentorships_space_id_spaces'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_mentorships_thread_id_threads'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentorships'))
    )
    with op.batch_alter_table('mentorships', schema=None) as batch_op:
        batch_op.create_index('ix_mentorships_mentee_id_status', ['mentee_id', 'status'], unique=False)
        batch_op.create_index('ix_mentorships_mentor_id_status', ['mentor_id', 'status'], unique=False)
        batch_op.create_index('ix_mentorships_thread_id', ['thread_id'], unique=False)
        batch_op.create_index('uq_mentorships_open_pair', ['mentor_id', 'mentee_id'], unique=True, sqlite_where=sa.text("status IN ('requested', 'agreeing', 'active')"), postgresql_where=sa.text("status IN ('requested', 'agreeing', 'active')"))

    op.create_table('mentoring_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('responded_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorships.id'], name=op.f('fk_mentoring_sessions_mentorship_id_mentorships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_mentoring_sessions_proposed_by_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaces_id'], ['mentoring_sessions.id'], name=op.f('fk_mentoring_sessions_replaces_id_mentoring_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_sessions')),
    sa.UniqueConstraint('proposed_by_id', 'submission_key', name='uq_sessions_author_submission')
    )
    with op.batch_alter_table('mentoring_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_mentoring_sessions_mentorship_id_starts_at', ['mentorship_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_mentoring_sessions_status_starts_at', ['status', 'starts_at'], unique=False)

    op.create_table('mentorship_compacts',
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('meeting_frequency', sa.String(length=40), nullable=False),
    sa.Column('modes', sa.String(length=64), nullable=False),
    sa.Column('mentee_commitments', sa.Text(), nullable=False),
    sa.Column('mentor_commitments', sa.Text(), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=False),
    sa.Column('mentor_accepted_at', sa.DateTime(), nullable=True),
    sa.Column('mentee_accepted_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorships.id'], name=op.f('fk_mentorship_compacts_mentorship_id_mentorships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_mentorship_compacts_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('mentorship_id', name=op.f('pk_mentorship_compacts'))
    )
    op.create_table('mentorship_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorships.id'], name=op.f('fk_mentorship_goals_mentorship_id_mentorships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentorship_goals'))
    )
    with op.batch_alter_table('mentorship_goals', schema=None) as batch_op:
        batch_op.create_index('ix_mentorship_goals_mentorship_id', ['mentorship_id'], unique=False)

    op.create_table('mentorship_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=True),
    sa.Column('message_html', sa.Text(), nullable=False),
    sa.Column('message_created_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome_note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_mentorship_reports_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorships.id'], name=op.f('fk_mentorship_reports_mentorship_id_mentorships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_mentorship_reports_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_mentorship_reports_reporter_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_mentorship_reports_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentorship_reports')),
    sa.UniqueConstraint('post_id', 'reporter_id', name=op.f('uq_mentorship_reports_post_id'))
    )
    with op.batch_alter_table('mentorship_reports', schema=None) as batch_op:
        batch_op.create_index('ix_mentorship_reports_status_created_at', ['status', 'created_at'], unique=False)

    op.create_table('mentorship_checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('note_md', sa.Text(), nullable=False),
    sa.Column('note_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_mentorship_checkins_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['goal_id'], ['mentorship_goals.id'], name=op.f('fk_mentorship_checkins_goal_id_mentorship_goals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorships.id'], name=op.f('fk_mentorship_checkins_mentorship_id_mentorships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['mentoring_sessions.id'], name=op.f('fk_mentorship_checkins_session_id_mentoring_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentorship_checkins')),
    sa.UniqueConstraint('author_id', 'submission_key', name='uq_checkins_author_submission')
    )
    with op.batch_alter_table('mentorship_checkins', schema=None) as batch_op:
        batch_op.create_index('ix_mentorship_checkins_mentorship_id_created_at', ['mentorship_id', 'created_at'], unique=False)

    op.create_table('checkin_threads',
    sa.Column('checkin_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['checkin_id'], ['mentorship_checkins.id'], name=op.f('fk_checkin_threads_checkin_id_mentorship_checkins'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_checkin_threads_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('checkin_id', 'thread_id', name=op.f('pk_checkin_threads'))
    )


def downgrade():
    op.drop_table('checkin_threads')
    with op.batch_alter_table('mentorship_checkins', schema=None) as batch_op:
        batch_op.drop_index('ix_mentorship_checkins_mentorship_id_created_at')

    op.drop_table('mentorship_checkins')
    with op.batch_alter_table('mentorship_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_mentorship_reports_status_created_at')

    op.drop_table('mentorship_reports')
    with op.batch_alter_table('mentorship_goals', schema=None) as batch_op:
        batch_op.drop_index('ix_mentorship_goals_mentorship_id')

    op.drop_table('mentorship_goals')
    op.drop_table('mentorship_compacts')
    with op.batch_alter_table('mentoring_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_mentoring_sessions_status_starts_at')
        batch_op.drop_index('ix_mentoring_sessions_mentorship_id_starts_at')

    op.drop_table('mentoring_sessions')
    with op.batch_alter_table('mentorships', schema=None) as batch_op:
        batch_op.drop_index('uq_mentorships_open_pair', sqlite_where=sa.text("status IN ('requested', 'agreeing', 'active')"), postgresql_where=sa.text("status IN ('requested', 'agreeing', 'active')"))
        batch_op.drop_index('ix_mentorships_thread_id')
        batch_op.drop_index('ix_mentorships_mentor_id_status')
        batch_op.drop_index('ix_mentorships_mentee_id_status')

    op.drop_table('mentorships')
    with op.batch_alter_table('mentor_topics', schema=None) as batch_op:
        batch_op.drop_index('ix_mentor_topics_topic_id')

    op.drop_table('mentor_topics')
    with op.batch_alter_table('mentor_specialties', schema=None) as batch_op:
        batch_op.drop_index('ix_mentor_specialties_specialty_id')

    op.drop_table('mentor_specialties')
    op.drop_table('goal_topics')
    op.drop_table('goal_specialties')
    with op.batch_alter_table('mentor_profiles', schema=None) as batch_op:
        batch_op.drop_index('ix_mentor_profiles_status')

    op.drop_table('mentor_profiles')
    op.drop_table('mentee_goals')
    op.drop_index('ix_helpful_marks_created_at', table_name='helpful_marks')
    op.drop_index('ix_accepted_answers_accepted_at', table_name='accepted_answers')
