"""The search page against a real index: grouping, filters, synonyms, typos, stale entries."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select, update

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.search import service
from forum.taxonomy import curation, merging
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads.models import Post, Thread
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user, nth_post


def _titles(html: str) -> list[str]:
    return re.findall(r'<p class="thread-title">.*?<a href="[^"]*">([^<]*)</a>', html, re.S)


@pytest.fixture
def forum_content(app):
    cardio = make_specialty(name="Cardiology", slug="cardiology")
    neuro = make_specialty(name="Neurology", slug="neurology")
    ai = make_topic(name="AI diagnostics", slug="ai-diagnostics")
    robots = make_topic(name="Surgical robotics", slug="surgical-robotics")
    rohan = make_user(username="rohan_patel")
    threads = {
        "stents": make_thread(
            rohan,
            cardio,
            [ai],
            title="Drug-eluting stents in diabetic patients",
            body="We place stents weekly and wonder about restenosis.",
            replies=2,
        ),
        "mi": make_thread(
            make_user(),
            cardio,
            [ai],
            title="Troponin pathways after a heart attack",
            body="Our myocardial infarction pathway uses high-sensitivity troponin.",
            kind="discussion",
        ),
        "afib": make_thread(
            make_user(),
            cardio,
            [ai],
            title="Anticoagulation choices for the elderly",
            body="Atrial fibrillation in the over-85s: apixaban or nothing?",
        ),
        "robotics": make_thread(
            make_user(),
            neuro,
            [robots],
            title="How should a junior start a career in surgical robotics",
            body="Simulator hours, fellowships and mentors: where do I begin with robotics?",
        ),
        "pe": make_thread(
            make_user(),
            cardio,
            [ai],
            title="Scoring before CT pulmonary angiography",
            body="Wells score and D-dimer before imaging for pulmonary embolism.",
        ),
    }
    service.sync()
    return threads


def test_plural_finds_singular_and_rows_group_by_thread(client, forum_content):
    make_post(forum_content["stents"], body="Another stent question: stent thrombosis?")
    service.sync()
    html = client.get("/search?q=stent").get_data(as_text=True)
    assert _titles(html) == ["Drug-eluting stents in diabetic patients"]  # one row per thread
    assert "1 thread matched" in html
    assert re.search(r"\(\d+\.\d\d seconds\)", html)
    assert "<mark" in html


def test_result_links_to_the_matching_post_and_shows_metadata(client, forum_content):
    html = client.get("/search?q=restenosis").get_data(as_text=True)
    thread = forum_content["stents"]
    post_id = nth_post(thread, 1).id
    assert f'href="/threads/{thread.id}?page=1#post-{post_id}"' in html
    assert "Cardiology" in html and "AI diagnostics" in html and "2 replies" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("MI", "Troponin pathways after a heart attack"),
        ("afib", "Anticoagulation choices for the elderly"),
        ("heart attack", "Troponin pathways after a heart attack"),
    ],
)
def test_abbreviations_and_synonyms_match_both_ways(client, forum_content, query, expected):
    html = client.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert expected in _titles(html)


def test_ambiguous_abbreviation_searches_every_meaning_and_says_so(client, forum_content):
    html = client.get("/search?q=PE").get_data(as_text=True)
    assert "Scoring before CT pulmonary angiography" in _titles(html)
    assert "pulmonary embolism" in html and "physical examination" in html


def test_natural_question_ranks_threads_matching_most_words(client, forum_content):
    html = client.get(
        "/search", query_string={"q": "how do I start a career in surgical robotics"}
    ).get_data(as_text=True)
    assert _titles(html)[0] == "How should a junior start a career in surgical robotics"


def test_phrase_not_and_field_prefixes(client, forum_content):
    def titles(q):
        return _titles(client.get("/search", query_string={"q": q}).get_data(as_text=True))

    assert titles('"pulmonary embolism"') == ["Scoring before CT pulmonary angiography"]
    assert "Drug-eluting stents in diabetic patients" not in titles("stents -diabetic")
    assert titles("author:rohan_patel") == ["Drug-eluting stents in diabetic patients"]
    assert titles("specialty:neurology") == [
        "How should a junior start a career in surgical robotics"
    ]
    assert titles("kind:discussion troponin") == ["Troponin pathways after a heart attack"]
    assert set(titles("apixaban OR restenosis")) == {
        "Anticoagulation choices for the elderly",
        "Drug-eluting stents in diabetic patients",
    }
    assert titles("apixaban AND restenosis") == []


def test_filters_and_sort(client, forum_content):
    base = {"q": "troponin OR stents OR robotics"}
    neuro = client.get("/search", query_string={**base, "specialty": "neurology"})
    assert _titles(neuro.get_data(as_text=True)) == [
        "How should a junior start a career in surgical robotics"
    ]
    topic = client.get("/search", query_string={**base, "topic": "surgical-robotics"})
    assert len(_titles(topic.get_data(as_text=True))) == 1
    kind = client.get("/search", query_string={**base, "kind": "discussion"})
    assert _titles(kind.get_data(as_text=True)) == ["Troponin pathways after a heart attack"]
    old = forum_content["stents"]
    db.session.execute(
        update(Post)
        .where(Post.thread_id == old.id)
        .values(created_at=utcnow() - timedelta(days=400))
    )
    db.session.execute(update(Thread).where(Thread.id == old.id).values(title=old.title))
    db.session.commit()
    service.fix(service.verify())
    since = (utcnow() - timedelta(days=30)).date().isoformat()
    recent = client.get("/search", query_string={**base, "since": since})
    assert "Drug-eluting stents in diabetic patients" not in _titles(recent.get_data(as_text=True))
    newest = _titles(
        client.get("/search", query_string={**base, "sort": "newest"}).get_data(as_text=True)
    )
    assert newest[-1] == "Drug-eluting stents in diabetic patients"


def test_bad_date_gets_a_message_next_to_the_field(client, forum_content):
    html = client.get("/search?q=stents&since=2024-13-45").get_data(as_text=True)
    assert re.search(r'id="since-error">', html)


def test_misspelling_gets_did_you_mean_and_automatic_retry(client, forum_content):
    html = client.get("/search?q=anticoagulaton").get_data(as_text=True)
    assert "Showing results for" in html and "anticoagulation" in html
    assert "Anticoagulation choices for the elderly" in _titles(html)


def test_stale_index_never_shows_a_deleted_post(client, forum_content):
    thread = forum_content["afib"]
    # Delete straight in the database: the change log is bypassed, the index is stale.
    db.session.execute(update(Post).where(Post.thread_id == thread.id).values(deleted_at=utcnow()))
    db.session.commit()
    html = client.get("/search?q=apixaban").get_data(as_text=True)
    assert "Anticoagulation choices for the elderly" not in html
    assert "apixaban or nothing" not in html


def test_search_pages_are_paginated(client, app):
    specialty, topic = make_specialty(), make_topic()
    author = make_user(role="moderator")
    for n in range(23):
        make_thread(author, specialty, [topic], title=f"Echocardiography protocol number {n}")
    service.sync()
    first = client.get("/search?q=echocardiography").get_data(as_text=True)
    second = client.get("/search?q=echocardiography&page=2").get_data(as_text=True)
    assert len(_titles(first)) == 20 and len(_titles(second)) == 3
    assert "23 threads matched" in first and "Page 1 of 2" in first


def test_search_box_on_every_page(client, forum_content):
    for url in ("/", "/topics", f"/threads/{forum_content['mi'].id}", "/login"):
        assert 'role="search"' in client.get(url).get_data(as_text=True), url


def test_no_index_yet_means_no_results_not_an_error(client):
    response = client.get("/search?q=anything")
    assert response.status_code == 200 and "0 threads matched" in response.get_data(as_text=True)


def test_thread_page_lists_related_threads(client, forum_content):
    make_thread(title="Stents versus bypass in diabetic patients", body="Which stents?")
    service.sync()
    html = client.get(f"/threads/{forum_content['stents'].id}").get_data(as_text=True)
    related = html.split('id="related-heading"')[1]
    assert "Stents versus bypass in diabetic patients" in related
    assert "Drug-eluting stents in diabetic patients" not in related  # not itself


def test_thread_page_related_threads_cost_one_query(client, forum_content, count_queries):
    make_thread(title="Stents versus bypass in diabetic patients", body="Which stents?")
    service.sync()
    page = f"/threads/{forum_content['stents'].id}"
    client.get(page)  # asks the index; the related ids are then kept for a while
    with count_queries() as statements:
        html = client.get(page).get_data(as_text=True)
    assert "Stents versus bypass in diabetic patients" in html.split('id="related-heading"')[1]
    # The related threads are re-read through the visibility rule in one query for all
    # of them; the rest of the page (the thread, its posts, the answers' extras) is the
    # threads package's, counted by its own tests.
    related = [s for s in statements if s.startswith("SELECT threads.id, threads.title")]
    assert len(related) == 1, statements


def test_similar_threads_while_writing_json_and_without_javascript(client, login, forum_content):
    data = client.get("/search/similar?title=career in surgical robotics").get_json()
    assert data[0]["title"] == "How should a junior start a career in surgical robotics"
    assert data[0]["url"] == f"/threads/{forum_content['robotics'].id}"
    login()
    response = client.submit(
        "/threads/new", {"title": "Starting a career in surgical robotics", "similar": "1"}
    )
    html = response.get_data(as_text=True)
    assert "Similar threads already on Rounds" in html
    assert "How should a junior start a career in surgical robotics" in html
    assert 'value="Starting a career in surgical robotics"' in html  # the draft is kept


def test_field_prefix_beside_words_narrows_instead_of_widening(client, forum_content):
    # "troponin kind:question" must not return every question: the prefix is a condition.
    html = client.get("/search", query_string={"q": "apixaban kind:question"}).get_data(
        as_text=True
    )
    assert _titles(html) == ["Anticoagulation choices for the elderly"]
    html = client.get("/search", query_string={"q": "apixaban kind:discussion"}).get_data(
        as_text=True
    )
    assert _titles(html) == []


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete"])
def test_a_damaged_index_breaks_no_page(client, forum_content, damage):
    generation = service.store().current_dir()
    for path in generation.iterdir():
        if path.name.startswith("MAIN_") and path.suffix in (".trm", ".pst", ".seg"):
            if damage == "truncate":
                path.write_bytes(path.read_bytes()[:40])
            elif damage == "garbage":
                path.write_bytes(b"\x80\x04not a whoosh file" * 50)
            else:
                path.unlink()
    thread = forum_content["stents"]

    page = client.get(f"/threads/{thread.id}")
    results = client.get("/search?q=stent")
    similar = client.get("/search/similar?title=Drug-eluting stents again")

    assert page.status_code == 200 and thread.title in page.get_data(as_text=True)
    assert results.status_code == 200
    assert "Search is briefly unavailable" in results.get_data(as_text=True)
    assert similar.status_code == 200 and similar.get_json() == []


def test_a_filter_by_an_old_slug_answers_301_to_the_same_search(client, forum_content):
    admin = make_user("admin")
    cardiology = db.session.scalar(select(Specialty).where(Specialty.slug == "cardiology"))
    curation.edit_specialty(admin, cardiology, name="Cardiology", slug="heart", description="")
    ai = db.session.scalar(select(ResearchTopic).where(ResearchTopic.slug == "ai-diagnostics"))
    robots = db.session.scalar(
        select(ResearchTopic).where(ResearchTopic.slug == "surgical-robotics")
    )
    merging.merge_topics(admin, robots, ai.id, "One subject.")
    response = client.get(
        "/search",
        query_string={"q": "stents", "specialty": "cardiology", "topic": "surgical-robotics"},
    )
    assert response.status_code == 301
    moved = parse_qs(urlsplit(response.headers["Location"]).query)
    assert moved == {"q": ["stents"], "specialty": ["heart"], "topic": ["ai-diagnostics"]}
    # An unknown slug is no address of anything: nothing redirects.
    unknown = client.get("/search", query_string={"q": "stents", "specialty": "never-was"})
    assert unknown.status_code == 200
