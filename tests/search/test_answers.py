"""Accepted answers in search: the index's thread states, is:solved / is:unsolved /
is:unanswered, the page's filter and "Solved" badge, against a real index.

AcceptedAnswer rows are written directly (the answers service is not search's to call):
a thread is solved when it has one; unsolved is a question without one; unanswered is a
thread with no live reply.
"""

import copy
import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from forum.answers import service as answers
from forum.answers.models import AcceptedAnswer
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.search import query as parsing
from forum.search import results, service
from forum.search.index import Filters, store
from forum.search.models import SearchChange
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user, nth_post


def _titles(html: str) -> list[str]:
    return re.findall(r'<p class="thread-title">.*?<a href="[^"]*">([^<]*)</a>', html, re.S)


def _search(client, q: str, **args) -> str:
    response = client.get("/search", query_string={"q": q, **args})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _accept(post: Post) -> AcceptedAnswer:
    thread = db.session.get(Thread, post.thread_id)
    answer = AcceptedAnswer(thread_id=thread.id, post_id=post.id, accepted_by_id=thread.author_id)
    db.session.add(answer)
    db.session.commit()
    return answer


def _unaccept(thread: Thread) -> None:
    db.session.delete(db.session.get(AcceptedAnswer, thread.id))
    db.session.commit()


def _settle() -> None:
    """Age the log past the settle window: a sync then re-applies only newer entries (so a
    test sees what the new entries alone bring into the index)."""
    db.session.execute(update(SearchChange).values(created_at=utcnow() - timedelta(minutes=10)))
    db.session.commit()


def _logged_threads() -> set[int]:
    return set(db.session.scalars(select(SearchChange.thread_id).where(SearchChange.thread_id > 0)))


@pytest.fixture
def questions(app):
    specialty, topic = make_specialty(slug="cardiology"), make_topic()
    made = {
        # The word searched for is in the question only, never in the answer: is:solved
        # must still find the thread (results are threads, not the answer post).
        "stents": make_thread(
            None, specialty, [topic], title="Stents in diabetic patients",
            body="Which drug-eluting stents for diabetics?", replies=2,
        ),
        "open": make_thread(
            None, specialty, [topic], title="Stents after a bleed",
            body="When can stents go in after a GI bleed?", replies=1,
        ),
        "unanswered": make_thread(
            None, specialty, [topic], title="Stents and MRI safety", body="Are stents MRI safe?",
        ),
        "discussion": make_thread(
            None, specialty, [topic], title="Stents we stopped using",
            body="Which stents did your unit stop using?", kind="discussion",
        ),
    }  # fmt: skip
    service.sync()
    return made


# --- the change log and the index -----------------------------------------------------------
def test_accepting_then_unaccepting_reaches_the_index_through_the_log(client, questions):
    thread = questions["stents"]
    assert _titles(_search(client, "stents is:solved")) == []
    answer = nth_post(thread, 3)
    _settle()
    _accept(answer)
    assert thread.id in _logged_threads()  # logged by the same commit
    # Every document of the thread is now out of date (each carries the thread's state).
    post_ids = set(db.session.scalars(select(Post.id).where(Post.thread_id == thread.id)))
    assert set(service.verify().stale) == post_ids
    service.sync()
    assert service.verify().clean
    assert _titles(_search(client, "stents is:solved")) == ["Stents in diabetic patients"]
    assert _titles(_search(client, "is:solved")) == ["Stents in diabetic patients"]

    _unaccept(thread)
    service.sync()
    assert _titles(_search(client, "stents is:solved")) == []
    assert service.verify().clean


def test_a_rolled_back_accept_leaves_no_change(app, questions):
    thread = questions["stents"]
    before = db.session.scalars(select(SearchChange.id)).all()
    db.session.add(
        AcceptedAnswer(
            thread_id=thread.id, post_id=nth_post(thread, 2).id, accepted_by_id=thread.author_id
        )
    )
    db.session.flush()
    assert thread.id in _logged_threads()  # logged inside the transaction...
    db.session.rollback()
    assert db.session.scalars(select(SearchChange.id)).all() == before  # ...and gone with it
    assert db.session.get(AcceptedAnswer, thread.id) is None


def test_changing_the_accepted_answer_logs_the_thread_and_marks_the_new_post(client, questions):
    thread = questions["stents"]
    first, second = nth_post(thread, 2), nth_post(thread, 3)
    answer = _accept(first)
    service.sync()
    db.session.execute(delete(SearchChange))
    db.session.commit()
    answer.post_id = second.id
    db.session.commit()
    assert _logged_threads() == {thread.id}
    service.sync()
    assert service.verify().clean
    # The index records which post is the accepted answer.
    documents = {d.post_id: d for d in service.documents_for({first.id, second.id})}
    assert (documents[first.id].accepted, documents[second.id].accepted) == (False, True)
    assert documents[first.id].solved and documents[second.id].solved


def test_unsolved_means_a_question_without_an_accepted_answer(client, questions):
    _accept(nth_post(questions["stents"], 2))
    service.sync()
    assert set(_titles(_search(client, "stents is:unsolved"))) == {
        "Stents after a bleed",
        "Stents and MRI safety",
    }  # not the solved question, not the discussion
    assert set(_titles(_search(client, "stents -is:solved"))) == {
        "Stents after a bleed",
        "Stents and MRI safety",
        "Stents we stopped using",
    }


def test_unanswered_follows_the_first_reply_and_its_deletion(client, questions):
    def unanswered():
        return set(_titles(_search(client, "stents is:unanswered")))

    assert unanswered() == {"Stents and MRI safety", "Stents we stopped using"}
    thread = questions["unanswered"]
    _settle()
    reply = make_post(thread, body="Most modern stents are MRI conditional.")
    service.sync()
    # verify: the index itself caught up (the page's database check alone would hide it).
    assert service.verify().clean
    assert unanswered() == {"Stents we stopped using"}
    _settle()
    threads.delete_post(make_user(role="moderator"), threads.get_post(None, reply.id))
    service.sync()
    assert service.verify().clean
    assert unanswered() == {"Stents and MRI safety", "Stents we stopped using"}


def test_a_later_reply_does_not_log_the_opening_post_again(app, questions):
    thread = questions["stents"]  # two replies already: answered either way
    db.session.execute(delete(SearchChange))
    db.session.commit()
    reply = make_post(thread)
    assert db.session.scalars(select(SearchChange.post_id)).all() == [reply.id]


def test_moving_every_reply_away_makes_the_thread_unanswered(client, questions):
    source, target = questions["stents"], questions["open"]
    replies = [nth_post(source, 2), nth_post(source, 3)]
    _settle()
    threads.move_posts(replies, target)  # a moderation step: flushes, the caller commits
    db.session.commit()
    service.sync()
    assert "Stents in diabetic patients" in _titles(_search(client, "stents is:unanswered"))
    assert service.verify().clean


# --- the page ---------------------------------------------------------------------------------
def test_stale_index_never_shows_a_thread_as_solved_when_it_is_not(client, questions):
    thread = questions["stents"]
    _accept(nth_post(thread, 2))
    service.sync()
    # Withdrawn straight in the database: the change log is bypassed, the index is stale.
    db.session.execute(delete(AcceptedAnswer).where(AcceptedAnswer.thread_id == thread.id))
    db.session.commit()
    html = _search(client, "stents is:solved")
    assert _titles(html) == [] and "badge-solved" not in html
    assert _titles(_search(client, "diabetic", status="solved")) == []
    html = _search(client, "diabetic")
    assert _titles(html) == ["Stents in diabetic patients"] and "badge-solved" not in html


def test_stale_index_never_shows_an_answered_thread_as_unanswered(client, questions):
    thread = questions["unanswered"]
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(reply_count=1))
    db.session.commit()
    assert _titles(_search(client, "stents is:unanswered")) == ["Stents we stopped using"]
    assert "Stents and MRI safety" in _titles(_search(client, "stents"))


def test_stale_index_never_shows_a_solved_thread_as_unsolved(client, questions):
    thread = questions["open"]
    db.session.add(
        AcceptedAnswer(
            thread_id=thread.id, post_id=nth_post(thread, 2).id, accepted_by_id=thread.author_id
        )
    )
    db.session.commit()
    db.session.execute(delete(SearchChange))  # as if the log entry had not reached the index
    db.session.commit()
    assert "Stents after a bleed" not in _titles(_search(client, "stents is:unsolved"))
    assert "Stents after a bleed" not in _titles(_search(client, "stents -is:solved"))


def test_solved_badge_and_the_accepted_answer_in_results(client, questions):
    thread = questions["stents"]
    answer = make_post(thread, body="Zotarolimus-eluting stents did best in our registry.")
    _accept(answer)
    service.sync()
    html = _search(client, "zotarolimus")
    row = html.split('<li class="result">')[1]
    assert 'class="badge badge-solved">Solved<' in row
    assert "Accepted answer" in row  # the post shown is the answer itself
    html = _search(client, "diabetics")
    row = html.split('<li class="result">')[1]
    assert "badge-solved" in row and "Accepted answer" not in row
    other = _search(client, "bleed").split('<li class="result">')[1]
    assert "badge-solved" not in other


@pytest.mark.parametrize(
    "state, operator", [("solved", "is:solved"), ("unsolved", "is:unsolved"),
                        ("unanswered", "is:unanswered")],
)  # fmt: skip
def test_the_filter_finds_what_the_operator_finds(client, questions, state, operator):
    _accept(nth_post(questions["stents"], 2))
    service.sync()
    by_filter = _search(client, "stents", status=state)
    assert _titles(by_filter) == _titles(_search(client, f"stents {operator}"))
    assert _titles(by_filter)
    assert re.search(rf'<option selected value="{state}">', by_filter)  # kept in the form
    assert '<details class="search-filters" open>' in by_filter  # a filter set shows itself


def test_the_filter_is_kept_by_the_pager(client, app):
    specialty, topic = make_specialty(), make_topic()
    author = make_user(role="moderator")
    for n in range(21):
        make_thread(author, specialty, [topic], title=f"Echocardiography protocol number {n}")
    make_thread(author, specialty, [topic], title="Echocardiography answered", replies=1)
    service.sync()
    html = _search(client, "echocardiography", status="unanswered")
    assert "21 threads matched" in html and "Echocardiography answered" not in _titles(html)
    next_link = re.search(r'<a rel="next" href="([^"]*)"', html).group(1)
    assert "status=unanswered" in next_link
    second = client.get(next_link.replace("&amp;", "&")).get_data(as_text=True)
    assert len(_titles(second)) == 1 and "Echocardiography answered" not in _titles(second)


def test_an_unknown_filter_value_is_ignored_not_an_error(client, questions):
    html = _search(client, "stents", status="bogus<script>")
    assert len(_titles(html)) == 4 and "<script>" not in html


def test_search_page_query_count_does_not_grow_with_the_hits(client, app, count_queries):
    specialty, topic = make_specialty(), make_topic()
    author = make_user(role="moderator")

    def add(word: str, count: int) -> None:
        for n in range(count):
            thread = make_thread(
                author, specialty, [topic], title=f"{word} protocol {n}", replies=1
            )
            if n % 2:
                _accept(nth_post(thread, 2))

    add("echocardiography", 3)
    add("angiography", 15)
    service.sync()
    counts = {}
    for word, hits in (("echocardiography", 3), ("angiography", 15)):
        for args in ({}, {"status": "solved"}):
            _search(client, word, **args)  # the first search opens the index
            with count_queries() as statements:
                html = _search(client, word, **args)
            shown = hits if not args else hits // 2
            assert len(_titles(html)) == shown and html.count("badge-solved") == hits // 2
            counts[(hits, bool(args))] = len(statements)
    assert len(set(counts.values())) == 1, counts


# --- an index built before these states existed -----------------------------------------------
def test_an_index_of_the_previous_version_breaks_no_page_and_sync_rebuilds_it(
    client, questions, monkeypatch
):
    _accept(nth_post(questions["stents"], 2))
    # Build the index as schema version 3 did: no solved or unanswered fields.
    old_schema = copy.deepcopy(store.SCHEMA)
    for name in store.STATE_FIELDS:
        old_schema.remove(name)
    old_fields = store.Document.fields

    def fields_v3(self):
        return {k: v for k, v in old_fields(self).items() if k not in store.STATE_FIELDS}

    with monkeypatch.context() as patched:
        patched.setattr(store, "SCHEMA", old_schema)
        patched.setattr(store, "SCHEMA_VERSION", "3")
        patched.setattr(store.Document, "fields", fields_v3)
        service.rebuild()
    assert service.status().outdated

    html = _search(client, "stents is:solved")
    assert results.STATES_REBUILDING in html and _titles(html) == []
    html = _search(client, "diabetics", status="unsolved")
    assert results.STATES_REBUILDING in html
    html = _search(client, "diabetics")  # searching without states is unaffected
    assert _titles(html) == ["Stents in diabetic patients"] and "badge-solved" in html
    assert results.STATES_REBUILDING not in html

    service.sync()  # sees the old version and rebuilds
    assert not service.status().outdated
    html = _search(client, "stents is:solved")
    assert _titles(html) == ["Stents in diabetic patients"]
    assert results.STATES_REBUILDING not in html


# --- the query language ------------------------------------------------------------------------
@pytest.mark.parametrize("state", parsing.STATES)
def test_is_state_parses_to_a_condition(state):
    parsed = parsing.parse(f"stents IS:{state.title()}")
    assert parsed.root == parsing.MostOf(
        (parsing.Words(("stents",)), parsing.FieldValue("is", state))
    )
    assert parsed.required_states() == {(state, True)} and not parsed.notes


def test_every_state_of_the_language_has_index_terms():
    assert set(parsing.STATES) == set(store.STATE_TERMS)


def test_unknown_is_value_is_searched_as_words_with_the_unknown_field_note(client, questions):
    parsed = parsing.parse("stents is:closed")
    assert parsed.notes == ["“is:closed” is not a field we know; searched it as a word."]
    assert parsed.plain_words() == ["stents", "closed"]  # "is" is a filler word
    assert "is not a field we know" in _search(client, "stents is:closed")


def test_required_states_leave_out_either_side_of_an_or():
    assert parsing.parse("stents -is:solved").required_states() == {("solved", False)}
    assert parsing.parse("stents AND is:unanswered").required_states() == {("unanswered", True)}
    assert parsing.parse("is:solved OR is:unanswered").required_states() == set()
    assert parsing.parse("is:solved OR is:unanswered").uses_states()


def test_filters_state_narrows_like_the_operator(app, questions):
    _accept(nth_post(questions["stents"], 2))
    service.sync()
    page = results.search_page("stents", Filters(state="solved"))
    assert [row.thread.title for row in page.rows] == ["Stents in diabetic patients"]
    assert page.rows[0].solved and page.total == 1


def test_the_answers_service_reaches_search_through_the_log(client, questions):
    thread = questions["open"]
    asker = db.session.get(User, thread.author_id)
    reply = threads.get_post(None, nth_post(thread, 2).id)
    answers.accept_answer(asker, reply)
    service.sync()
    assert "Stents after a bleed" in _titles(_search(client, "stents is:solved"))
    answers.unaccept_answer(asker, db.session.get(Thread, thread.id))
    service.sync()
    assert "Stents after a bleed" not in _titles(_search(client, "stents is:solved"))
    assert service.verify().clean
