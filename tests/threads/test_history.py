"""A post's edit history: who made each version, and a word-level diff between versions."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from markupsafe import Markup

from forum.threads import diff, service
from forum.threads.diff import word_diff
from forum.threads.models import Post
from tests.factories import make_post, make_thread, make_user


def _side(markup: Markup, keep: str) -> str:
    """The text one side of a diff reads: 'del' gives the old text, 'ins' the new."""
    drop = "ins" if keep == "del" else "del"
    text = re.sub(rf"<{drop}>.*?</{drop}>", "", str(markup), flags=re.S)
    return html.unescape(re.sub(r"</?(?:ins|del)>", "", text))


# ---- word_diff, a pure function ---------------------------------------------------


def test_word_diff_marks_the_replaced_word_only():
    assert word_diff("Start apixaban today", "Start warfarin today") == Markup(
        "Start <del>apixaban</del><ins>warfarin</ins> today"
    )


def test_word_diff_keeps_a_rewritten_phrase_in_one_change():
    assert word_diff("the quick brown fox", "a slow brown fox") == Markup(
        "<del>the quick</del><ins>a slow</ins> brown fox"
    )


def test_word_diff_separates_punctuation_from_words():
    assert word_diff("dose, daily", "dose; daily") == Markup("dose<del>,</del><ins>;</ins> daily")


def test_word_diff_escapes_the_text():
    assert word_diff("See this & that", 'See <script>alert("x")</script> & that') == Markup(
        "See <del>this</del><ins>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</ins> &amp; that"
    )
    assert word_diff("<b>old</b>", "") == Markup("<del>&lt;b&gt;old&lt;/b&gt;</del>")


def test_word_diff_keeps_unchanged_lines_and_marks_added_ones():
    old = "First line\nSecond line\nThird line\n"
    new = "First line\nSecond row\nThird line\nFourth point.\n"
    assert word_diff(old, new) == Markup(
        "First line\nSecond <del>line</del><ins>row</ins>\nThird line\n<ins>Fourth point.\n</ins>"
    )


def test_identical_texts_have_no_marks():
    assert word_diff("Same *text*\n\nhere", "Same *text*\n\nhere") == "Same *text*\n\nhere"


def test_a_block_too_long_to_compare_word_by_word_is_shown_whole():
    old, new = " ".join(["alpha"] * 600), " ".join(["beta"] * 600)
    assert word_diff(old, new) == Markup(f"<del>{old}</del><ins>{new}</ins>")


@pytest.mark.parametrize(
    "old, new",
    [
        ("", "A new post."),
        ("An old post.", ""),
        ("Line one\n\n- a\n- b\n", "Line 1\n\n- a\n- c\n- d\n\nMore."),
        ("**Bold** claim, no source.", "A *careful* claim [with a source](https://example.org)."),
        ("  spaces\tand\ttabs  ", " spaces and tabs "),
    ],
)
def test_each_side_of_a_diff_reads_as_its_version(old, new):
    result = word_diff(old, new)
    assert _side(result, "del") == old
    assert _side(result, "ins") == new


# ---- versions, also pure -----------------------------------------------------------


def _post(body: str, title: str, *, edited_by=None):
    author = SimpleNamespace(display_name="Dr Author")
    thread = SimpleNamespace(title=title, first_post_id=1)
    return SimpleNamespace(
        id=1,
        thread=thread,
        body_md=body,
        body_html=f"<p>{body}</p>",
        author=author,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        edited_at=datetime(2026, 1, 3, tzinfo=UTC) if edited_by else None,
        is_opening=True,
    )


def _revision(number: int, body: str, title: str | None, editor):
    return SimpleNamespace(
        number=number,
        body_md=body,
        body_html=f"<p>{body}</p>",
        title=title,
        editor=editor,
        created_at=datetime(2026, 1, number, tzinfo=UTC),
    )


def test_versions_compare_each_with_the_one_before_newest_first():
    author, moderator = SimpleNamespace(name="author"), SimpleNamespace(name="moderator")
    post = _post("Use warfarin daily.", "Anticoagulation after TAVI", edited_by=moderator)
    revisions = [
        _revision(2, "Use apixaban daily.", "Anticoagulation after TAVI", author),
        _revision(1, "Use apixaban.", "Anticoagulation after TAVR", author),
    ]
    newest, middle, first = diff.versions(post, revisions, moderator)
    assert [v.number for v in (newest, middle, first)] == [3, 2, 1]
    assert newest.is_current and newest.editor is moderator
    assert newest.body_changes == Markup("Use <del>apixaban</del><ins>warfarin</ins> daily.")
    assert newest.title_changes is None  # the title stayed
    assert middle.editor is author
    assert middle.body_changes == Markup("Use apixaban<ins> daily</ins>.")
    assert middle.title_changes == Markup("Anticoagulation after <del>TAVR</del><ins>TAVI</ins>")
    assert first.body_changes is None and first.title_changes is None


def test_a_rename_without_a_text_change_says_so():
    post = _post("Same body.", "New and better title", edited_by=SimpleNamespace())
    (current, first) = diff.versions(post, [_revision(1, "Same body.", "Old title", None)], None)
    assert current.body_changed is False
    assert current.title_changes == Markup("<del>Old</del><ins>New and better</ins> title")


def test_an_unknown_earlier_title_shows_no_title_change():
    post = _post("Body two.", "Current title", edited_by=SimpleNamespace())
    current, _ = diff.versions(post, [_revision(1, "Body one.", None, None)], None)
    assert current.title_changes is None


# ---- the page ----------------------------------------------------------------------


def _opening_post(thread, viewer) -> Post:
    return service.get_post(viewer, thread.first_post_id)


def _sections(page: str) -> dict[int, str]:
    parts = re.split(r'<section class="revision" aria-labelledby="version-(\d+)">', page)[1:]
    return {int(number): body for number, body in zip(parts[::2], parts[1::2], strict=True)}


def test_history_names_who_made_each_version_and_shows_the_changes(client):
    author = make_user(display_name="Dr Ada Okafor")
    moderator = make_user(role="moderator", display_name="Dr Tom Adebayo")
    thread = make_thread(author, body="Start apixaban at 5 mg.")
    service.edit_post(author, _opening_post(thread, author), "Start apixaban at 10 mg.")
    service.edit_post(
        moderator, _opening_post(thread, moderator), "Start apixaban at 10 mg twice daily."
    )
    page = client.get(f"/posts/{thread.first_post_id}/history").get_data(as_text=True)
    sections = _sections(page)
    assert sorted(sections) == [1, 2, 3]
    assert "Version 3 (current)" in sections[3] and "Edited by Dr Tom Adebayo" in sections[3]
    assert "10 mg<ins> twice daily</ins>." in sections[3]
    assert "Edited by Dr Ada Okafor" in sections[2]
    assert "at <del>5</del><ins>10</ins> mg." in sections[2]
    assert "Version 1 (original)" in sections[1] and "Posted by Dr Ada Okafor" in sections[1]
    assert "<ins>" not in sections[1]
    assert page.index("version-3") < page.index("version-2") < page.index("version-1")


def test_history_diffs_the_markdown_source_as_escaped_text(client):
    author = make_user()
    thread = make_thread(author, body="Plain **bold** text.")
    post = _opening_post(thread, author)
    service.edit_post(author, post, "Plain <script>alert(1)</script> text.")
    page = client.get(f"/posts/{thread.first_post_id}/history").get_data(as_text=True)
    assert (
        "Plain <del>**bold**</del><ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins> text." in page
    )
    assert "<script>alert(1)" not in page


def test_history_shows_a_thread_rename(client):
    author = make_user()
    thread = make_thread(author, title="Anticoagulation after TAVR", body="Which agent?")
    post = _opening_post(thread, author)
    service.edit_post(author, post, "Which agent?", title="Anticoagulation after TAVI")
    page = client.get(f"/posts/{thread.first_post_id}/history").get_data(as_text=True)
    current = _sections(page)[2]
    assert "Title:" in current and "after <del>TAVR</del><ins>TAVI</ins>" in current
    assert "The text did not change." in current


def test_a_reply_history_has_no_title_changes(client):
    author = make_user()
    thread = make_thread()
    reply = make_post(thread, author, body="First thought.")
    service.edit_post(author, service.get_post(author, reply.id), "Second thought.")
    page = client.get(f"/posts/{reply.id}/history").get_data(as_text=True)
    assert "<del>First</del><ins>Second</ins> thought." in page
    assert "Title:" not in page
    assert "History of post #2" in page


def test_history_query_count_does_not_grow_with_versions_or_editors(client, count_queries):
    counts = []
    for edits in (1, 6):
        author = make_user()
        thread = make_thread(author, body="Version 0")
        for n in range(1, edits + 1):
            editor = author if n % 2 else make_user(role="moderator")
            service.edit_post(editor, _opening_post(thread, editor), f"Version {n}")
        url = f"/posts/{thread.first_post_id}/history"
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('class="revision"') == edits + 1
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
