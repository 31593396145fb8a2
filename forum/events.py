"""Domain events: what happened, announced inside the transaction that made it happen.

A service sends an event after its change is flushed and before its unit of work
commits. Receivers (notifications, later the audit log) write their own rows in the
same transaction, so the change and everything it causes commit together or not at
all; work that must wait for the commit goes through an outbox and
`after_commit(...)` (forum/unit_of_work.py), never inline. Lower packages send,
higher ones listen, so threads never imports the features built on it.

Blinker signals (Flask's own dependency). Every event is sent with `sender=None`
and keyword arguments only, as listed below. A receiver must not commit, must not
do I/O outside the database, and raises only to refuse the whole change.
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

# A post was stored: post, thread (loaded), is_reply (False for an opening post),
# checks (what confirmed posting checks recorded, by check name: forum/threads/hooks.py).
# Not sent when a resubmitted form returns the post it made the first time.
post_added = _events.signal("post-added")

# A post was edited: post, editor, previous_body (the Markdown before the edit), checks
# (as for post_added).
post_edited = _events.signal("post-edited")

# A post left the readable forum (deleted, or hidden by a moderator): post, actor
# (None when the system hid it, as three members' flags do), reason (for a hide, else None).
post_removed = _events.signal("post-removed")

# A hidden post was made readable again: post, actor.
post_restored = _events.signal("post-restored")

# A thread was pinned, unpinned, locked or unlocked: thread, actor, changes
# ({"pinned": bool} and/or {"locked": bool}, only what changed).
thread_state_changed = _events.signal("thread-state-changed")

# A reply became a question's accepted answer: thread, post, actor, previous_post_id
# (the answer it replaced, or None).
answer_accepted = _events.signal("answer-accepted")

# Posts moved into another thread (a merge or a split): posts, target (the thread),
# sources (ids of the threads they left). Sent by the domain step, so no actor.
posts_moved = _events.signal("posts-moved")

# A question's accepted answer was withdrawn: thread, post, actor.
answer_unaccepted = _events.signal("answer-unaccepted")

# A member marked a post helpful: post, actor.
post_marked_helpful = _events.signal("post-marked-helpful")

# A member took their helpful mark back: post, actor.
post_unmarked_helpful = _events.signal("post-unmarked-helpful")
