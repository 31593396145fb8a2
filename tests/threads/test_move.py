"""Posts can move between threads (the merge and split of the moderation issue) without
renumbering: order is by date, the search index follows, permalinks stay right."""

from datetime import timedelta

from sqlalchemy import select, update

from forum.extensions import db
from forum.search import results
from forum.search import service as search
from forum.search.index import Filters
from forum.threads import queries, service
from forum.threads.models import Post, Thread
from forum.unit_of_work import unit_of_work
from tests.factories import make_post, make_thread, nth_post


def _backdate(post_id: int, hours: int) -> None:
    post = db.session.get(Post, post_id)
    earlier = post.created_at - timedelta(hours=hours)
    db.session.execute(update(Post).where(Post.id == post_id).values(created_at=earlier))
    db.session.commit()


def test_a_moved_post_is_found_in_its_new_thread(app):
    source = make_thread(title="Apixaban dosing in the very elderly", replies=1)
    target = make_thread(title="Anticoagulation in frail patients", replies=1)
    moved = make_post(source, body="Zymogenic cascade note.")
    search.sync()
    assert [r.thread.id for r in results.search_page("zymogenic", Filters()).rows] == [source.id]
    with unit_of_work():
        service.move_posts([db.session.get(Post, moved.id)], db.session.get(Thread, target.id))
    search.sync()

    page = results.search_page("zymogenic", Filters())
    assert [row.thread.id for row in page.rows] == [target.id]
    assert page.rows[0].post.id == moved.id


def test_moving_keeps_date_order_and_recounts_both_threads(app):
    source = make_thread(replies=2)
    target = make_thread(replies=2)
    early = nth_post(source, 3)
    _backdate(early.id, hours=1)  # older than the target's replies, newer than its opening
    _backdate(target.first_post_id, hours=5)
    with unit_of_work():
        service.move_posts([db.session.get(Post, early.id)], db.session.get(Thread, target.id))
    db.session.expire_all()
    order = [nth_post(target, n).id for n in range(1, 5)]
    assert order[0] == target.first_post_id and order[1] == early.id
    source_row, target_row = db.session.get(Thread, source.id), db.session.get(Thread, target.id)
    assert (source_row.post_count, source_row.reply_count) == (2, 1)
    assert (target_row.post_count, target_row.reply_count) == (4, 3)


def test_permalinks_follow_a_moved_post_to_its_page(app, client):
    target = make_thread(replies=25)  # two pages of twenty
    source = make_thread(replies=1)
    moved = nth_post(source, 2)
    with unit_of_work():
        service.move_posts([db.session.get(Post, moved.id)], db.session.get(Thread, target.id))
    # The moved reply is the newest, so the 27th post: page 2.
    assert queries.post_location(None, moved.id) == (target.id, 2)
    response = client.get(f"/posts/{moved.id}")
    assert response.headers["Location"].endswith(f"/threads/{target.id}?page=2#post-{moved.id}")
    html = client.get(f"/threads/{target.id}?page=2").get_data(as_text=True)
    assert f'id="post-{moved.id}"' in html and ">#27<" in html


def test_moving_the_opening_post_makes_the_next_one_open_the_thread(app):
    source = make_thread(replies=2)
    target = make_thread()
    opening = source.first_post_id
    with unit_of_work():
        service.move_posts([db.session.get(Post, opening)], db.session.get(Thread, target.id))
    db.session.expire_all()
    assert db.session.get(Thread, source.id).first_post_id == nth_post(source, 1).id
    assert db.session.scalar(select(Post.thread_id).where(Post.id == opening)) == target.id
