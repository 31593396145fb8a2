"""The demo shows an old accepted answer due for review and one reviewed, citing trials."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.demo.cli import DEMO_PASSWORD
from forum.demo.cli import seed_demo as seed_demo_content
from forum.evidence import demo
from forum.evidence.models import AnswerReview
from forum.extensions import db
from forum.mentorship import profiles_demo
from forum.threads.models import Post, Thread

NOTICE = "Guidance may have changed since this answer was accepted on"


def _thread(title: str) -> Thread:
    return db.session.scalar(select(Thread).where(Thread.title == title))


def test_demo_answers_ask_for_review_and_cite_linked_trials(app, client, auth):
    seed_demo_content()
    profiles_demo.seed_demo()
    assert demo.seed_demo() == {"threads": 2, "reviews": 1}
    assert demo.seed_demo() == {"threads": 0, "reviews": 0}  # once, however often it runs
    assert db.session.scalar(select(func.count()).select_from(AnswerReview)) == 1

    due, reviewed = (_thread(spec["title"]) for spec in demo.THREADS)
    html = client.get(f"/threads/{due.id}").get_data(as_text=True)
    assert NOTICE in html and "Reviewed, still current</button>" not in html  # a guest
    assert 'href="https://doi.org/10.1056/NEJMoa1911303" rel="nofollow noopener ugc"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/31535829/"' in html

    html = client.get(f"/threads/{reviewed.id}").get_data(as_text=True)
    assert NOTICE not in html
    assert "Reviewed, still current — by" in html and "Nana Osei" in html
    assert 'href="https://doi.org/10.1056/NEJMoa2021436"' in html

    # A cardiology mentor may mark the old cardiology answer reviewed.
    auth.login("rohan_patel", DEMO_PASSWORD)
    html = client.get(f"/threads/{due.id}").get_data(as_text=True)
    assert "Reviewed, still current</button>" in html

    # The links are in the stored posts (rendered at save).
    stored = db.session.scalars(select(Post.body_html).where(Post.thread_id == due.id)).all()
    assert any("https://doi.org/10.1056/NEJMoa1911303" in body for body in stored)
