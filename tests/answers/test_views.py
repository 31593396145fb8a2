"""The thread page's answers: buttons per viewer, the accepted-answer box, the POSTs behind them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.answers import service
from forum.answers.models import AcceptedAnswer, HelpfulCount
from forum.extensions import db
from forum.spaces.models import Space, SpaceMember
from forum.threads import service as threads
from tests.factories import make_post, make_thread, make_user

ACCEPT_FORM = 'action="/posts/{id}/accept"'
UNACCEPT_FORM = 'action="/posts/{id}/unaccept"'
HELPFUL_FORM = 'action="/posts/{id}/helpful"'
UNHELPFUL_FORM = 'action="/posts/{id}/unhelpful"'


@pytest.fixture
def question(app):
    asker = make_user(username="asker", display_name="Dr Asker")
    thread = make_thread(asker, kind="question", title="Which anticoagulant after TAVI?")
    answerer = make_user(username="answerer", display_name="Dr Answerer")
    answer = make_post(thread, answerer, "Apixaban, per the **ATLANTIS** data.")
    other = make_post(thread, make_user(), "It depends on the bleeding risk.")
    return {"asker": asker, "thread": thread, "answer": answer, "other": other,
            "answerer": answerer}  # fmt: skip


def page(client, thread) -> str:
    response = client.get(f"/threads/{thread.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post_article(html: str, post_id: int) -> str:
    """The <article> of one post in a thread page."""
    start = html.index(f'id="post-{post_id}"')
    return html[start : html.index("</article>", start)]


def accepted_post_id(thread):
    db.session.rollback()  # read afresh what the requests committed
    return db.session.scalar(
        select(AcceptedAnswer.post_id).where(AcceptedAnswer.thread_id == thread.id)
    )


def helpful_count(post) -> int:
    db.session.rollback()  # read afresh what the requests committed
    found = db.session.scalar(select(HelpfulCount.count).where(HelpfulCount.post_id == post.id))
    return found or 0


# ---- buttons per viewer --------------------------------------------------------------


def test_the_asker_sees_accept_buttons_on_replies_but_not_on_the_question(client, auth, question):
    auth.login("asker")
    html = page(client, question["thread"])
    assert ACCEPT_FORM.format(id=question["answer"].id) in html
    assert ACCEPT_FORM.format(id=question["other"].id) in html
    assert ACCEPT_FORM.format(id=question["thread"].first_post_id) not in html
    # The asker may mark others' replies helpful, with the state announced.
    answer = post_article(html, question["answer"].id)
    assert HELPFUL_FORM.format(id=question["answer"].id) in answer
    assert 'aria-pressed="false"' in answer


def test_a_member_sees_helpful_buttons_but_no_accept_and_none_on_own_post(client, auth, question):
    auth.login("answerer")
    html = page(client, question["thread"])
    assert "/accept" not in html
    assert HELPFUL_FORM.format(id=question["other"].id) in html
    assert HELPFUL_FORM.format(id=question["answer"].id) not in html  # their own
    assert HELPFUL_FORM.format(id=question["thread"].first_post_id) not in html  # the question


def test_guests_see_counts_but_no_buttons(client, question):
    service.mark_helpful(make_user(), question["answer"])
    service.accept_answer(question["asker"], question["answer"])
    html = page(client, question["thread"])
    assert "/helpful" not in html and "/accept" not in html and "/unaccept" not in html
    answer = post_article(html, question["answer"].id)
    assert re.search(
        r'class="post-count helpful-count"[^>]*>Helpful <span class="count">1<', answer
    )
    assert "Accepted answer" in answer
    assert "helpful-count" not in post_article(html, question["other"].id)  # none: no count


def test_a_moderator_sees_accept_on_any_question(client, login, question):
    login(role="moderator")
    html = page(client, question["thread"])
    assert ACCEPT_FORM.format(id=question["answer"].id) in html


def test_a_discussion_offers_helpful_but_never_accept(client, login):
    author = make_user(username="starter")
    discussion = make_thread(author, kind="discussion")
    reply = make_post(discussion, make_user())
    login(role="moderator")
    html = page(client, discussion)
    assert "/accept" not in html
    assert HELPFUL_FORM.format(id=reply.id) in html


def test_deleted_posts_show_no_buttons_and_no_count(client, login, question):
    service.mark_helpful(make_user(), question["other"])
    other_author = db.session.get(type(question["asker"]), question["other"].author_id)
    threads.delete_post(other_author, threads.get_post(other_author, question["other"].id))
    login(role="moderator")
    article = post_article(page(client, question["thread"]), question["other"].id)
    assert "This post was deleted" in article
    assert "post-buttons" not in article


# ---- the accepted answer -------------------------------------------------------------


def test_accepting_through_the_button_shows_the_box_under_the_question(client, auth, question):
    auth.login("asker")
    url = f"/threads/{question['thread'].id}"
    response = client.submit(f"/posts/{question['answer'].id}/accept", form_url=url)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/posts/{question['answer'].id}"
    assert accepted_post_id(question["thread"]) == question["answer"].id

    html = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Answer accepted" in html
    box = html[html.index('class="accepted-box"') :]
    box = box[: box.index("</section>")]
    assert "Accepted answer" in box and "Dr Answerer" in box
    assert "<strong>ATLANTIS</strong>" in box
    assert f'href="/posts/{question["answer"].id}">Jump to the answer in the thread' in box
    # The box sits right after the question, before the first reply.
    opening = html.index(f'id="post-{question["thread"].first_post_id}"')
    assert (
        opening
        < html.index('class="accepted-box"')
        < html.index(f'id="post-{question["answer"].id}"')
    )
    # The answer keeps its place with a badge, and now offers "Unaccept".
    article = post_article(html, question["answer"].id)
    assert 'class="badge badge-accepted">Accepted answer' in article
    assert UNACCEPT_FORM.format(id=question["answer"].id) in article
    assert ACCEPT_FORM.format(id=question["other"].id) in html  # change of mind


def test_unaccept_through_the_button(client, auth, question):
    service.accept_answer(question["asker"], question["answer"])
    auth.login("asker")
    url = f"/threads/{question['thread'].id}"
    response = client.submit(f"/posts/{question['answer'].id}/unaccept", form_url=url)
    assert response.status_code == 302
    assert accepted_post_id(question["thread"]) is None
    html = client.get(url).get_data(as_text=True)
    assert 'class="accepted-box"' not in html
    assert "unsolved again" in html


def test_the_box_is_on_the_first_page_only(client, question):
    for n in range(25):
        make_post(question["thread"], make_user(role="moderator"), f"Filler reply {n}.")
    late = make_post(question["thread"], make_user(), "The late, right answer.")
    service.accept_answer(question["asker"], late)
    first = client.get(f"/threads/{question['thread'].id}").get_data(as_text=True)
    second = client.get(f"/threads/{question['thread'].id}?page=2").get_data(as_text=True)
    assert "The late, right answer." in first.split('class="accepted-box"')[1]
    assert 'class="accepted-box"' not in second
    assert 'class="badge badge-accepted"' in post_article(second, late.id)


def test_a_deleted_accepted_answer_leaves_no_box(client, question):
    service.accept_answer(question["asker"], question["answer"])
    threads.delete_post(
        question["answerer"], threads.get_post(question["answerer"], question["answer"].id)
    )
    html = page(client, question["thread"])
    assert 'class="accepted-box"' not in html
    assert "badge-accepted" not in html


# ---- helpful -------------------------------------------------------------------------


def test_marking_helpful_and_taking_it_back(client, login, question):
    login()
    url = f"/threads/{question['thread'].id}"
    response = client.submit(f"/posts/{question['answer'].id}/helpful", form_url=url)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/posts/{question['answer'].id}"
    assert helpful_count(question["answer"]) == 1
    article = post_article(client.get(url).get_data(as_text=True), question["answer"].id)
    assert UNHELPFUL_FORM.format(id=question["answer"].id) in article
    assert 'aria-pressed="true"' in article and '<span class="count">1</span>' in article

    # A second click of a stale "Helpful" button does not count twice.
    client.submit(f"/posts/{question['answer'].id}/helpful", form_url=url)
    assert helpful_count(question["answer"]) == 1
    client.submit(f"/posts/{question['answer'].id}/unhelpful", form_url=url)
    assert helpful_count(question["answer"]) == 0


def test_most_helpful_order_keeps_the_question_first(client, question):
    late = make_post(question["thread"], make_user(), "Latest but most helpful.")
    for _ in range(2):
        service.mark_helpful(make_user(), late)
    service.mark_helpful(make_user(), question["other"])
    html = client.get(f"/threads/{question['thread'].id}?order=helpful").get_data(as_text=True)
    shown = [int(i) for i in re.findall(r'<article class="post[^"]*" id="post-(\d+)"', html)]
    assert shown == [
        question["thread"].first_post_id,
        late.id,
        question["other"].id,
        question["answer"].id,
    ]
    assert 'aria-current="true">Most helpful' in html
    # Places in the thread stay those of date order.
    assert f'href="/posts/{late.id}" title="Link to this post">#4' in html


# ---- refusals ------------------------------------------------------------------------


def test_posts_without_a_csrf_token_are_refused(client, auth, question):
    auth.login("asker")
    for action in ("accept", "helpful"):
        response = client.post(f"/posts/{question['answer'].id}/{action}")
        assert response.status_code == 400
    assert accepted_post_id(question["thread"]) is None


def test_guests_are_sent_to_log_in(client, question):
    url = f"/threads/{question['thread'].id}"
    token_page = client.get("/login")  # a session with a CSRF token
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', token_page.get_data(as_text=True))
    response = client.post(
        f"/posts/{question['answer'].id}/helpful", data={"csrf_token": token.group(1)}
    )
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert helpful_count(question["answer"]) == 0
    assert client.get(url).status_code == 200


def test_a_member_who_may_see_but_not_accept_gets_403(client, login, question):
    login()
    url = f"/threads/{question['thread'].id}"
    response = client.submit(f"/posts/{question['answer'].id}/accept", form_url=url)
    assert response.status_code == 403
    assert accepted_post_id(question["thread"]) is None


def test_marking_your_own_post_gets_403(client, auth, question):
    auth.login("answerer")
    url = f"/threads/{question['thread'].id}"
    response = client.submit(f"/posts/{question['answer'].id}/helpful", form_url=url)
    assert response.status_code == 403
    assert helpful_count(question["answer"]) == 0


def test_accepting_in_a_discussion_gets_403_with_the_reason(client, auth):
    author = make_user(username="starter")
    discussion = make_thread(author, kind="discussion")
    reply = make_post(discussion, make_user())
    auth.login("starter")
    response = client.submit(f"/posts/{reply.id}/accept", form_url=f"/threads/{discussion.id}")
    assert response.status_code == 403
    assert "Discussions have no accepted answer." in response.get_data(as_text=True)


def test_a_post_the_viewer_may_not_see_is_not_found(client, login, question):
    space = Space(name="Private mentoring")
    space.members = [SpaceMember(user_id=question["asker"].id)]
    db.session.add(space)
    db.session.flush()
    question["thread"].space_id = space.id
    db.session.commit()
    login()
    for action in ("accept", "unaccept", "helpful", "unhelpful"):
        response = client.submit(f"/posts/{question['answer'].id}/{action}", form_url="/")
        assert response.status_code == 404, action
    assert client.submit("/posts/987654/helpful", form_url="/").status_code == 404


def test_guest_thread_page_sets_no_cookie_even_with_answers(client, question):
    service.mark_helpful(make_user(), question["answer"])
    service.accept_answer(question["asker"], question["answer"])
    response = client.get(f"/threads/{question['thread'].id}")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


# ---- queries -------------------------------------------------------------------------


def test_thread_page_query_count_stays_the_same_with_answers_counts_and_marks(
    client, login, count_queries
):
    viewer = login()
    # Tests share one app context, so what a request keeps on `g` for itself (the header's
    # unread count) stays for the next: make the first request before counting.
    client.get("/")

    def queries_for(replies: int) -> int:
        asker = make_user()
        thread = make_thread(asker, kind="question")
        posts = [make_post(thread, make_user(role="moderator")) for _ in range(replies)]
        service.accept_answer(asker, posts[-1])
        for post in posts:
            service.mark_helpful(make_user(), post)
            service.mark_helpful(viewer, post)
        with count_queries() as statements:
            html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
        assert 'class="accepted-box"' in html
        assert html.count('aria-pressed="true"') == min(replies, 19)
        answers = [s for s in statements if "accepted_answers" in s or "helpful_" in s]
        assert len(answers) == 1, answers  # the box, the counts and the marks: one query
        return len(statements)

    assert queries_for(4) == queries_for(19)
