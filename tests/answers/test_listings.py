""" "Solved" in every list, and the solved / unsolved / unanswered filters of listings."""

from __future__ import annotations

import re

import pytest

from forum.answers import service
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user

SOLVED_BADGE = '<span class="badge badge-solved">Solved</span>'


@pytest.fixture
def listed(app):
    """One specialty and topic holding a thread of each state."""
    specialty = make_specialty(slug="cardiology", name="Cardiology")
    topic = make_topic(slug="wearables", name="Wearables")
    asker = make_user(username="asker", role="moderator")  # staff: no posting rate limit
    answerer = make_user(username="answerer")

    def thread(title, kind="question", replies=0):
        made = make_thread(asker, specialty, [topic], title=title, kind=kind)
        posts = [make_post(made, answerer, f"Reply {n} to {title}.") for n in range(replies)]
        return made, posts

    solved, (answer,) = thread("Solved: which patch ECG monitor?", replies=1)
    service.accept_answer(asker, answer)
    unsolved, _ = thread("Unsolved: smartwatch AF alerts?", replies=1)
    unanswered, _ = thread("Unanswered: ring-based HRV?")
    quiet_talk, _ = thread("Quiet discussion of wearables", kind="discussion")
    busy_talk, _ = thread("Busy discussion of wearables", kind="discussion", replies=1)
    return {
        "specialty": specialty,
        "topic": topic,
        "answer": answer,
        "solved_thread": solved,
        "titles": {
            "solved": solved.title,
            "unsolved": unsolved.title,
            "unanswered": unanswered.title,
            "quiet discussion": quiet_talk.title,
            "busy discussion": busy_talk.title,
        },
    }


def rows(html: str) -> dict[str, str]:
    """Each listed thread's row, by title."""
    found = {}
    for row in re.findall(
        r'<li class="thread-row.*?</li>\s*(?=<li class="thread-row|</ul>)', html, re.S
    ):
        title = re.search(r'<a href="/threads/\d+">([^<]+)</a>', row).group(1)
        found[title] = row
    return found


@pytest.mark.parametrize("url", ["/", "/latest", "/specialties/cardiology", "/topics/wearables"])
def test_every_listing_marks_the_solved_thread_and_only_it(client, listed, url):
    shown = rows(client.get(url).get_data(as_text=True))
    assert set(shown) == set(listed["titles"].values())
    solved = {title for title, row in shown.items() if SOLVED_BADGE in row}
    assert solved == {listed["titles"]["solved"]}


def test_unaccepting_takes_the_badge_away(client, listed):
    service.unaccept_answer(make_user(role="moderator"), listed["solved_thread"])
    assert SOLVED_BADGE not in client.get("/latest").get_data(as_text=True)


def test_profile_shows_solved_threads_and_accepted_replies(client, listed):
    asker = client.get("/members/asker").get_data(as_text=True)
    started = asker.split('id="threads-heading"')[1].split("</section>")[0]
    line = next(li for li in started.split("<li>") if listed["titles"]["solved"] in li)
    assert SOLVED_BADGE in line
    assert started.count(SOLVED_BADGE) == 1

    profile = client.get("/members/answerer").get_data(as_text=True)
    replies = profile.split('id="replies-heading"')[1].split("</section>")[0]
    accepted_line = next(li for li in replies.split("<li>") if listed["titles"]["solved"] in li)
    assert '<span class="badge badge-accepted">Accepted answer</span>' in accepted_line
    assert replies.count("badge-accepted") == 1


@pytest.mark.parametrize(
    "status, expected",
    [
        ("solved", {"solved"}),
        ("unsolved", {"unsolved", "unanswered"}),
        ("unanswered", {"unanswered", "quiet discussion"}),
        ("", {"solved", "unsolved", "unanswered", "quiet discussion", "busy discussion"}),
        ("bogus", {"solved", "unsolved", "unanswered", "quiet discussion", "busy discussion"}),
    ],
)
@pytest.mark.parametrize("base", ["/specialties/cardiology", "/topics/wearables"])
def test_listing_filters(client, listed, base, status, expected):
    response = client.get(f"{base}?status={status}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert set(rows(html)) == {listed["titles"][name] for name in expected}
    current = re.search(
        r'class="sort-tabs status-filter".*?aria-current="page" class="current">(\w+)<', html, re.S
    )
    assert current.group(1) == ({"bogus": "All", "": "All"}.get(status) or status.title())


def test_topic_count_agrees_with_the_filter(client, listed):
    html = client.get("/topics/wearables?status=unsolved").get_data(as_text=True)
    assert "2 threads (unsolved) across specialties" in html


def test_filter_and_sort_combine_and_each_keeps_the_other(client, listed):
    titles = listed["titles"]
    html = client.get("/specialties/cardiology?status=unsolved&sort=newest").get_data(as_text=True)
    assert list(rows(html)) == [titles["unanswered"], titles["unsolved"]]  # newest first
    # The sort tabs keep the filter, the filter tabs keep the sort.
    assert 'href="/specialties/cardiology?sort=latest&amp;status=unsolved"' in html
    assert 'href="/specialties/cardiology?sort=newest&amp;status=solved"' in html
    assert 'href="/specialties/cardiology?sort=newest">All' in html


def test_the_old_unanswered_sort_is_the_unanswered_filter_newest_first(client, listed):
    old = client.get("/specialties/cardiology?sort=unanswered").get_data(as_text=True)
    new = client.get("/specialties/cardiology?status=unanswered&sort=newest").get_data(as_text=True)
    titles = listed["titles"]
    assert list(rows(old)) == list(rows(new)) == [titles["quiet discussion"], titles["unanswered"]]
    assert 'aria-current="page" class="current">Newest<' in old
    assert 'aria-current="page" class="current">Unanswered<' in old
    assert old.count(">Unanswered<") == 1  # one control, not a sort and a filter of one name


def test_an_empty_filter_says_so(client, listed):
    service.unaccept_answer(make_user(role="moderator"), listed["solved_thread"])
    html = client.get("/specialties/cardiology?status=solved").get_data(as_text=True)
    assert "No solved questions here yet." in html


def test_the_pager_keeps_the_filter_and_counts_filtered_threads(client, app):
    specialty = make_specialty(slug="busy")
    asker = make_user(role="moderator")
    answerer = make_user(role="moderator")
    for n in range(27):
        thread = make_thread(asker, specialty, kind="question")
        reply = make_post(thread, answerer, "An answer.")
        if n % 3:  # 18 solved, 9 unsolved
            service.accept_answer(asker, reply)
    first = client.get("/specialties/busy?status=solved").get_data(as_text=True)
    assert first.count('class="thread-row') == 18
    assert 'rel="next"' not in first
    unsolved = client.get("/specialties/busy?status=unsolved&page=1").get_data(as_text=True)
    assert unsolved.count('class="thread-row') == 9
    everything = client.get("/specialties/busy").get_data(as_text=True)
    assert 'rel="next" href="/specialties/busy?page=2"' in everything
    assert client.get("/specialties/busy?status=solved&page=2").status_code == 404
    for _ in range(10):
        thread = make_thread(asker, specialty, kind="question")
        service.accept_answer(asker, make_post(thread, answerer, "Another answer."))
    solved = client.get("/specialties/busy?status=solved").get_data(as_text=True)
    assert 'rel="next" href="/specialties/busy?status=solved&amp;page=2"' in solved
    second = client.get("/specialties/busy?status=solved&page=2").get_data(as_text=True)
    assert second.count('class="thread-row') == 3


def _fill(count: int, specialty, topic, member):
    """`count` questions by `member`, every other one solved, each with another answerer."""
    for n in range(count):
        thread = make_thread(member, specialty, [topic, make_topic()], kind="question")
        reply = make_post(thread, make_user())
        if n % 2 == 0:
            service.accept_answer(member, reply)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/latest",
        "/specialties/{s}",
        "/specialties/{s}?status=solved",
        "/specialties/{s}?status=unsolved&sort=newest",
        "/topics/{t}?status=solved",
        "/members/{u}",
    ],
)
def test_listing_query_count_does_not_grow_with_solved_threads(client, count_queries, url):
    counts = []
    for size in (5, 30):
        specialty, topic = make_specialty(), make_topic()
        member = make_user(role="moderator")  # staff: no posting rate limit
        _fill(size, specialty, topic, member)
        with count_queries() as statements:
            response = client.get(url.format(s=specialty.slug, t=topic.slug, u=member.username))
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "thread-row" in html or "/members/" in url
        assert (SOLVED_BADGE in html) == ("unsolved" not in url)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
