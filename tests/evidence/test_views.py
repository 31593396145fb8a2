"""The thread page shows when its answer was accepted, the review notice once it is old,
and the "Reviewed, still current" button to those who may press it."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from forum.answers import service as answers
from forum.dbtypes import utcnow
from forum.evidence.models import AnswerReview
from forum.extensions import db
from tests.evidence.scene import OLD, RECENT, accepted_answer, mentor_of, reviewed
from tests.factories import PASSWORD, make_post, make_specialty, make_user

NOTICE = "Guidance may have changed since this answer was accepted on"
BUTTON = "Reviewed, still current</button>"
REVIEW_FORM = 'action="/posts/{id}/still-current"'
DAY = re.compile(r'<time datetime="([^"]+)">(\d{1,2} [A-Z][a-z]+ \d{4})</time>')


def page(client, thread, number: int = 1) -> str:
    response = client.get(f"/threads/{thread.id}?page={number}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def currency_section(html: str) -> str:
    start = html.index('id="answer-currency"')
    return html[start : html.index("</section>", start)]


def day_text(moment) -> str:
    return f"{moment.day} {moment.strftime('%B %Y')}"


def log_in(client, user):
    response = client.submit("/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def review_count(post) -> int:
    db.session.rollback()  # read afresh what the requests committed
    return db.session.scalar(
        select(func.count()).select_from(AnswerReview).where(AnswerReview.post_id == post.id)
    )


def test_the_accepted_answer_shows_the_day_it_was_accepted(client):
    thread, _answer, _author = accepted_answer(age=RECENT)
    html = page(client, thread)
    section = currency_section(html)
    # Right under the accepted answer's box.
    box_end = html.index("</section>", html.index('class="accepted-box"'))
    assert html.index('id="answer-currency"') > box_end
    assert not html[box_end : html.index('id="answer-currency"')].count("<article")
    accepted_on = utcnow() - RECENT
    match = DAY.search(section)
    assert '<p class="post-meta">Accepted <time datetime=' in section
    assert match and match[2] == day_text(accepted_on)
    assert match[1].startswith(accepted_on.date().isoformat())
    assert NOTICE not in section and BUTTON not in section


def test_an_unsolved_question_shows_no_currency(client):
    specialty = make_specialty()
    thread, _answer, _author = accepted_answer(specialty=specialty)
    assert 'id="answer-currency"' in page(client, thread)
    answers.unaccept_answer(make_user("moderator"), thread)
    html = page(client, thread)
    assert 'id="answer-currency"' not in html and "Review due" not in html


def test_an_old_answer_shows_the_notice_and_a_review_due_badge(client):
    thread, answer, _author = accepted_answer(age=OLD)
    html = page(client, thread)
    section = currency_section(html)
    assert NOTICE in section and "check current guidelines" in section
    assert day_text(utcnow() - OLD) in section
    article = html[html.index(f'id="post-{answer.id}"') :]
    article = article[: article.index("</article>")]
    assert f'href="/threads/{thread.id}#answer-currency">Review due</a>' in article
    assert BUTTON not in section  # a guest


def test_the_notice_follows_the_setting(app, client):
    thread, _answer, _author = accepted_answer(age=timedelta(days=40))
    assert NOTICE not in page(client, thread)
    app.config["ANSWER_REVIEW_AFTER_DAYS"] = 30
    assert NOTICE in page(client, thread)


def test_the_button_shows_exactly_to_those_who_may_press_it(client, auth):
    specialty = make_specialty()
    thread, answer, author = accepted_answer(specialty=specialty)
    form = REVIEW_FORM.format(id=answer.id)
    viewers = {
        "author": (author, True),
        "mentor": (mentor_of(specialty), True),
        "other mentor": (mentor_of(make_specialty()), False),
        "member": (make_user(), False),
        "moderator": (make_user("moderator"), False),
    }
    for name, (viewer, allowed) in viewers.items():
        log_in(client, viewer)
        section = currency_section(page(client, thread))
        assert NOTICE in section, name
        assert (form in section and BUTTON in section) is allowed, name
        auth.logout()


def test_pressing_it_records_the_review_and_shows_who_and_when(client):
    specialty = make_specialty()
    thread, answer, _author = accepted_answer(specialty=specialty)
    mentor = mentor_of(specialty, display_name="Dr Rohan Mentor")
    log_in(client, mentor)
    response = client.submit(f"/posts/{answer.id}/still-current", form_url=f"/threads/{thread.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/threads/{thread.id}#answer-currency")
    assert review_count(answer) == 1
    html = page(client, thread)
    assert "marked as reviewed and still current" in html  # the flash
    section = currency_section(html)
    assert NOTICE not in section and BUTTON not in section
    assert (
        f'Reviewed, still current — by <a href="/members/{mentor.username}">Dr Rohan Mentor</a>, '
        in section
    )
    assert day_text(utcnow()) in section
    # Pressed again (a second tab): nothing more is recorded.
    token = client.csrf_token("/")
    response = client.post(f"/posts/{answer.id}/still-current", data={"csrf_token": token})
    assert response.status_code == 302 and review_count(answer) == 1


def test_the_notice_returns_once_the_latest_review_is_old(client):
    thread, answer, author = accepted_answer(age=timedelta(days=1500))
    reviewed(answer, author, age=timedelta(days=100))
    section = currency_section(page(client, thread))
    assert NOTICE not in section and "Reviewed, still current — by" in section
    reviewed(answer, make_user(display_name="Dr Old Reviewer"), age=timedelta(days=700))
    reviewed(answer, author, age=timedelta(days=600))  # the latest is now 600 days old
    db.session.execute(
        AnswerReview.__table__.delete().where(
            AnswerReview.post_id == answer.id,
            AnswerReview.reviewed_at > utcnow() - timedelta(days=200),
        )
    )
    db.session.commit()
    section = currency_section(page(client, thread))
    assert NOTICE in section
    assert "Last reviewed, still current — by" in section and author.display_name in section
    assert day_text(utcnow() - timedelta(days=600)) in section


def test_refused_requests_change_nothing(client):
    specialty = make_specialty()
    thread, answer, _author = accepted_answer(specialty=specialty)
    log_in(client, make_user())
    token = client.csrf_token(f"/threads/{thread.id}")
    response = client.post(f"/posts/{answer.id}/still-current", data={"csrf_token": token})
    assert response.status_code == 403
    response = client.post(f"/posts/{answer.id}/still-current", data={})
    assert response.status_code == 400  # no CSRF token
    assert review_count(answer) == 0


def test_the_thread_page_reads_currency_without_a_query_per_post(client, count_queries):
    # Tests share one app context, so what a request keeps on `g` for itself (the header's
    # unread count) stays for the next: make the first request before counting.
    client.get("/")
    specialty = make_specialty()
    mentor = mentor_of(specialty)
    log_in(client, mentor)
    client.get("/")

    def queries_for(replies: int, *, old: bool) -> tuple[int, list[str]]:
        thread, answer, author = accepted_answer(specialty=specialty, age=OLD if old else RECENT)
        for _ in range(replies):
            make_post(thread, make_user("moderator"), "Agreed, with a caveat.")
        reviewed(answer, author, age=timedelta(days=700))
        with count_queries() as statements:
            html = page(client, thread)
        assert (NOTICE in html) is old and ("Reviewed, still current" in html)
        ours = [s for s in statements if "answer_reviews" in s or "mentor_specialties" in s]
        return len(statements), ours

    few, few_ours = queries_for(2, old=True)
    many, many_ours = queries_for(19, old=True)
    assert few == many
    # The acceptance and review times come with the posts; one query names the reviewer
    # and decides the viewer's button.
    assert len(few_ours) == len(many_ours) == 2, many_ours
    in_posts_query = [s for s in many_ours if "helpful_counts" in s]
    details = [s for s in many_ours if "mentor_specialties" in s]
    assert len(in_posts_query) == len(details) == 1 and in_posts_query != details
    recent, _ = queries_for(19, old=False)
    assert recent == many


def test_a_guest_on_a_never_reviewed_answer_costs_no_query(client, count_queries):
    client.get("/")
    thread, _answer, _author = accepted_answer(age=OLD)
    page(client, thread)
    with count_queries() as statements:
        html = page(client, thread)
    assert NOTICE in html
    ours = [s for s in statements if "answer_reviews" in s or "mentor_specialties" in s]
    assert len(ours) == 1 and "helpful_counts" in ours[0]  # the posts query, nothing more


def test_each_page_reads_the_reviews_of_its_own_answer(client):
    # Several solved questions: a review of one answer must not show under another's.
    first, first_answer, first_author = accepted_answer(age=OLD)
    second, _second_answer, _ = accepted_answer(age=OLD)
    third, third_answer, third_author = accepted_answer(age=OLD)
    reviewed(third_answer, third_author, age=timedelta(days=10))
    for thread, is_reviewed in ((first, False), (second, False), (third, True)):
        section = currency_section(page(client, thread))
        assert (NOTICE in section) is not is_reviewed
        assert ("Reviewed, still current — by" in section) is is_reviewed
    reviewed(first_answer, first_author, age=timedelta(days=5))
    assert NOTICE not in currency_section(page(client, first))
    assert NOTICE in currency_section(page(client, second))
