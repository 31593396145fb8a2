"""The search query language: the parser's tree, and hostile input through parser and page."""

import re
import time

import pytest

from forum import create_app
from forum.extensions import db
from forum.search import query, service
from forum.search.query import All, AnyOf, FieldValue, MostOf, Not, Synonyms, Words, parse
from tests.factories import make_specialty, make_thread, make_topic, make_user

ONLY_EXCLUDED_NOTE = "A search needs at least one word to look for"


def _alternatives(node) -> set[tuple[str, ...]]:
    assert isinstance(node, Synonyms), node
    return {tuple(w.lower() for w in alt.words) for alt in node.alternatives}


# --- the parser: shapes ---------------------------------------------------------------------
def test_quoted_phrase_becomes_one_words_node_with_the_words_in_order():
    parsed = parse('"drug eluting stents"')
    assert parsed.root == Words(("drug", "eluting", "stents"))


def test_quoted_phrase_beside_plain_word_keeps_its_words_together():
    parsed = parse('restenosis "drug eluting stents"')
    assert parsed.root == MostOf((Words(("restenosis",)), Words(("drug", "eluting", "stents"))))


def test_and_joins_both_sides_in_all():
    assert parse("stent AND restenosis").root == All((Words(("stent",)), Words(("restenosis",))))


def test_or_joins_either_side_in_any_of():
    assert parse("stent OR restenosis").root == AnyOf((Words(("stent",)), Words(("restenosis",))))


def test_and_binds_tighter_than_or():
    assert parse("a OR b AND c").root == AnyOf((Words(("a",)), All((Words(("b",)), Words(("c",))))))


def test_lower_case_and_or_not_are_ordinary_words():
    # "and" is also a filler word in a sentence, so it drops out; "not" stays a word.
    assert parse("stent and not restenosis").root == MostOf(
        (Words(("stent",)), Words(("not",)), Words(("restenosis",)))
    )


def test_filler_words_of_a_question_are_dropped_unless_nothing_else_is_left():
    assert parse("how do I start a career in surgical robotics", expand_synonyms=False).root == (
        MostOf((Words(("start",)), Words(("career",)), Words(("surgical",)), Words(("robotics",))))
    )
    assert parse("how do I", expand_synonyms=False).root == MostOf(
        (Words(("how",)), Words(("do",)), Words(("I",)))
    )


@pytest.mark.parametrize("text", ["stent NOT restenosis", "stent -restenosis"])
def test_not_and_leading_minus_exclude_a_word_inside_most_of(text):
    assert parse(text).root == MostOf((Words(("stent",)), Not(Words(("restenosis",)))))


def test_hyphen_inside_a_word_is_not_an_exclusion():
    assert parse("stent a-fib").root == MostOf(
        (Words(("stent",)), Synonyms(parse("a-fib").root.alternatives))
    )
    assert not any(isinstance(c, Not) for c in parse("stent x-ray").root.children)


def test_plain_words_side_by_side_become_most_of():
    assert parse("stent restenosis diabetes").root == MostOf(
        (Words(("stent",)), Words(("restenosis",)), Synonyms(parse("diabetes").root.alternatives))
    )
    assert parse("stent restenosis").root == MostOf((Words(("stent",)), Words(("restenosis",))))


def test_parentheses_group_alternatives():
    assert parse("(stent OR balloon) AND restenosis").root == All(
        (AnyOf((Words(("stent",)), Words(("balloon",)))), Words(("restenosis",)))
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("author:rohan_patel", FieldValue("author", "rohan_patel")),
        ("topic:ai-diagnostics", FieldValue("topics", "ai-diagnostics")),
        ("specialty:cardiology", FieldValue("specialty", "cardiology")),
        ("kind:question", FieldValue("kind", "question")),
        ("Kind:Discussion", FieldValue("kind", "discussion")),
    ],
)
def test_field_filters_use_the_schema_field_names(text, expected):
    parsed = parse(text)
    assert parsed.root == expected
    assert parsed.notes == []
    assert parsed.plain_words() == []  # a filter is not a word to suggest spellings for


def test_field_filter_beside_words_keeps_both():
    assert parse("stent specialty:cardiology").root == MostOf(
        (Words(("stent",)), FieldValue("specialty", "cardiology"))
    )


def test_unknown_field_is_searched_as_words_with_a_note():
    parsed = parse("foo:bar")
    assert parsed.root == MostOf((Words(("foo",)), Words(("bar",))))
    assert any("foo:" in note and "not a field" in note for note in parsed.notes)


def test_known_field_without_a_value_is_searched_as_the_word():
    parsed = parse("author:")
    assert parsed.root == Words(("author",))


# --- the parser: synonyms -------------------------------------------------------------------
def test_abbreviation_expands_to_its_full_forms_and_names_the_meaning():
    parsed = parse("MI")
    alternatives = _alternatives(parsed.root)
    assert {("mi",), ("myocardial", "infarction"), ("heart", "attack")} <= alternatives
    assert parsed.root.alternatives[0] == Words(("MI",))  # the original first
    assert ("MI", ["myocardial infarction"]) in parsed.meanings


def test_ambiguous_abbreviation_lists_every_meaning():
    parsed = parse("PE")
    (term, meanings), *_ = parsed.meanings
    assert term == "PE"
    assert set(meanings) == {"pulmonary embolism", "physical examination"}
    alternatives = _alternatives(parsed.root)
    assert {("pulmonary", "embolism"), ("physical", "examination")} <= alternatives


def test_unquoted_multi_word_term_expands_to_its_abbreviation():
    parsed = parse("heart attack")
    (node,) = parsed.root.children if isinstance(parsed.root, MostOf) else (parsed.root,)
    alternatives = _alternatives(node)
    assert {("heart", "attack"), ("mi",), ("myocardial", "infarction")} <= alternatives
    assert any(meaning == ["myocardial infarction"] for _, meaning in parsed.meanings)


def test_full_form_expands_without_listing_itself_as_a_meaning():
    parsed = parse('"myocardial infarction"')
    assert ("mi",) in _alternatives(parsed.root)
    assert parsed.meanings == []


def test_synonym_matching_ignores_case():
    assert _alternatives(parse("mi").root) == _alternatives(parse("MI").root)


def test_expansion_can_be_switched_off():
    parsed = parse("MI", expand_synonyms=False)
    assert parsed.root == Words(("MI",))
    assert parsed.meanings == []


def test_excluded_abbreviation_also_excludes_its_synonyms():
    parsed = parse("troponin -MI")
    excluded = parsed.root.children[1]
    assert isinstance(excluded, Not)
    assert ("myocardial", "infarction") in _alternatives(excluded.child)


# --- the parser: exclusions -----------------------------------------------------------------
@pytest.mark.parametrize("text", ["NOT stent", "-stent", "-stent -balloon", "NOT a AND NOT b"])
def test_query_of_only_excluded_words_has_no_root_and_says_why(text):
    parsed = parse(text)
    assert parsed.root is None and parsed.empty
    assert any(note.startswith(ONLY_EXCLUDED_NOTE) for note in parsed.notes)


def test_plain_words_leave_out_excluded_words():
    parsed = parse('stent -balloon "drug eluting" NOT warfarin')
    assert parsed.plain_words() == ["stent", "drug", "eluting"]


def test_plain_words_leave_out_excluded_words_inside_groups():
    parsed = parse("stent AND NOT (balloon OR warfarin)")
    assert parsed.plain_words() == ["stent"]


# --- hostile input ----------------------------------------------------------------------------
HOSTILE = {
    "unclosed quote": '"abc',
    "empty quotes": '""',
    "three quotes": '"""',
    "unclosed group": "((a",
    "unopened group": "a))",
    "backwards group": ")(",
    "lone AND": "AND",
    "lone OR": "OR",
    "lone NOT": "NOT",
    "only operators": "AND OR NOT",
    "lone minus": "-",
    "double minus": "--",
    "minus minus word": "- -a",
    "double NOT": "NOT NOT a",
    "trailing AND": "a AND",
    "leading OR": "OR b",
    "unknown field": "foo:bar",
    "lone colon": ":",
    "field without value": "author:",
    "title field": "title:x",
    "field with unclosed quote": 'author:"unclosed',
    "2,000 characters": "stent " * 333 + "ab",
    "10,000 words": " ".join(f"w{i}" for i in range(10_000)),
    "leading wildcard": "*ology",
    "question mark": "?",
    "inner wildcard": "te*t",
    "fuzzy": "~fuzzy",
    "boost": "a^5",
    "regex": ".*",
    "range": "[a TO z]",
    "braces": "{}",
    "backslashes": "\\\\",
    "escaped quote": '\\"',
    "sql injection": "' OR 1=1 --",
    "sql drop": '"; DROP TABLE posts; --',
    "script tag": "<script>alert(1)</script>",
    "emoji": "stent 🫀🩺 👩🏽‍⚕️",
    "right to left": "\u202estent\u202c שלום مرحبا",
    "combining marks": "Z̷̢͓a̸l̵g̶o̴ e\u0301\u0301\u0301",
    "chinese": "心肌梗死 支架",
    "zero-width space": "ste\u200bnt \u200b",
    "deep parentheses": "(" * 500 + "a" + ")" * 500,
    "many ORs": "a OR " * 300,
    "control characters": "\x01\x02stent\x7f",
    "tab and newline": "stent\t\nballoon\r\n",
    "many abbreviations": " ".join(["PE", "MI", "MS", "HD", "PD", "GBS", "SCD", "PID"] * 40),
    "many fields": " ".join(f"author:u{i} topic:t{i}" for i in range(100)),
    "groups of NOTs": "(NOT (NOT (NOT (NOT (a)))))" * 10,
    "AND NOT chain": "a AND NOT " * 80,
    "NOT chain": "stent " + "NOT " * 120 + "balloon",
    "minus-quote chain": "stent " + '-""' * 160 + "balloon",
    "unicode operators": "stent ＡＮＤ balloon ǃ ＯＲ",
    "ampersands and pipes": "&& || a && || b ||",
}
# Queries sent raw in the URL, exactly as a browser or a crawler might.
RAW_URLS = {
    "invalid utf-8": "/search?q=%ff%fe",
    "encoded surrogate": "/search?q=%ED%A0%80",
    "truncated percent": "/search?q=%E2%82",
    "bare percent": "/search?q=%",
    "repeated q": "/search?q=a&q=%22b&q=(",
}


def _leaves(node) -> int:
    """Words and filters the user asked for; a synonym group counts as the one term typed."""
    if isinstance(node, Not):
        return _leaves(node.child)
    if isinstance(node, All | AnyOf | MostOf):
        return sum(_leaves(c) for c in node.children)
    return 1


def _alternatives_searched(node) -> int:
    """Words and phrases actually searched, counting every synonym alternative."""
    if isinstance(node, Not):
        return _alternatives_searched(node.child)
    if isinstance(node, All | AnyOf | MostOf):
        return sum(_alternatives_searched(c) for c in node.children)
    if isinstance(node, Synonyms):
        return len(node.alternatives)
    return 1


def _depth(node) -> int:
    if isinstance(node, Not):
        return 1 + _depth(node.child)
    if isinstance(node, All | AnyOf | MostOf):
        return 1 + max(_depth(c) for c in node.children)
    if isinstance(node, Synonyms):
        return 2
    return 1


# Each level of parentheses adds at most MostOf > AnyOf > All > Not; a leaf adds two more.
MAX_TREE_DEPTH = 4 * (query.MAX_DEPTH + 1) + 2
# Long chains of NOT / - operators (they collapse: NOT NOT x is x).
NOT_CHAINS = {"NOT chain", "minus-quote chain"}


def test_hostile_corpus_is_large_and_distinct():
    assert len(set(HOSTILE.values())) == len(HOSTILE) >= 35


@pytest.mark.parametrize(("name", "text"), list(HOSTILE.items()), ids=list(HOSTILE))
def test_hostile_query_parses_quickly_within_bounds(name, text):
    started = time.perf_counter()
    parsed = parse(text)
    assert time.perf_counter() - started < 0.5
    assert len(parsed.text) <= query.MAX_LENGTH
    assert all(ch.isprintable() for ch in parsed.text)  # what the page shows back
    assert all(isinstance(note, str) and note for note in parsed.notes)
    if parsed.root is not None:
        assert _leaves(parsed.root) <= query.MAX_TERMS
        largest_concept = max(len(c) for c in query.synonyms().concepts)
        assert _alternatives_searched(parsed.root) <= query.MAX_TERMS * largest_concept
        assert _depth(parsed.root) <= MAX_TREE_DEPTH
    assert len(parsed.plain_words()) <= query.MAX_TERMS * 4  # a phrase holds several words


@pytest.mark.parametrize("name", sorted(NOT_CHAINS))
def test_stacked_exclusions_collapse_instead_of_nesting(name):
    # NOT NOT x is x, so a long chain of exclusions cannot build a deep tree.
    parsed = parse(HOSTILE[name])
    assert _depth(parsed.root) <= 3
    assert "stent" in parsed.plain_words()


def test_overlong_query_is_cut_to_the_length_limit_with_a_note():
    parsed = parse("stent " * 400)
    assert len(parsed.text) <= query.MAX_LENGTH
    assert any(str(query.MAX_LENGTH) in note for note in parsed.notes)
    assert _leaves(parsed.root) == query.MAX_TERMS


def test_words_beyond_the_term_limit_are_dropped_with_a_note():
    parsed = parse(" ".join(f"word{i}" for i in range(query.MAX_TERMS + 5)))
    assert _leaves(parsed.root) == query.MAX_TERMS
    assert any(f"first {query.MAX_TERMS} words" in note for note in parsed.notes)


def test_too_deep_parentheses_are_flattened_with_a_note():
    parsed = parse("(" * 20 + "stent" + ")" * 20)
    assert any("nested too deeply" in note for note in parsed.notes)
    assert _depth(parsed.root) <= MAX_TREE_DEPTH


def test_unbalanced_parentheses_keep_the_words_with_a_note():
    for text in ("((stent", "stent))", ")(stent"):
        parsed = parse(text)
        assert parsed.plain_words() == ["stent"], text
        assert any("unmatched parenthesis" in note for note in parsed.notes), text


def test_wildcards_are_searched_as_words_with_a_note():
    parsed = parse("*ology")
    assert parsed.root == Words(("ology",))
    assert any("Wildcards" in note for note in parsed.notes)


def test_unclosed_quote_is_noted_and_its_words_kept():
    parsed = parse('"drug eluting')
    assert parsed.root == Words(("drug", "eluting"))
    assert any("unclosed quote" in note for note in parsed.notes)


def test_control_and_invisible_characters_are_treated_as_spaces():
    parsed = parse("stent\x01balloon\u200bcoating\n")
    assert parsed.text == "stent balloon coating"
    assert parsed.root == MostOf((Words(("stent",)), Words(("balloon",)), Words(("coating",))))


def test_operators_with_nothing_to_join_are_ignored():
    for text in ("AND", "OR", "AND OR NOT", "-", "--"):
        assert parse(text).root is None, text
    assert parse("stent AND").root == Words(("stent",))
    assert parse("OR stent").root == Words(("stent",))


# --- hostile input through the page -----------------------------------------------------------
def _make_content() -> None:
    cardio = make_specialty(name="Cardiology", slug="cardiology")
    ai = make_topic(name="AI diagnostics", slug="ai-diagnostics")
    make_thread(
        make_user(username="rohan_patel"),
        cardio,
        [ai],
        title="Drug-eluting stents in diabetic patients",
        body="We place stents weekly; balloon angioplasty first. Restenosis is rare.",
        replies=1,
    )
    make_thread(
        make_user(),
        cardio,
        [ai],
        title="Troponin after a heart attack",
        body="Our myocardial infarction pathway uses troponin. Pulmonary embolism too.",
        kind="discussion",
    )
    make_thread(
        make_user(), cardio, [ai], title="Robots, 心肌梗死 and the ology of tests", body="a b z w1"
    )


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """One small indexed forum shared by the whole corpus (built once: keeps the run fast).

    Always SQLite: the query text only ever reaches the Whoosh index, never SQL.
    """
    tmp = tmp_path_factory.mktemp("hostile")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'rounds.sqlite'}",
            "SEARCH_INDEX_DIR": str(tmp / "search_index"),
            "SEARCH_SYNC": "off",
            "SERVER_NAME": "rounds.test",
        }
    )
    with app.app_context():
        db.create_all()
        _make_content()
        assert service.sync() == 5  # 4 posts, and the opening post that got a reply again
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def hostile_client(hostile_app):
    return hostile_app.test_client()


@pytest.fixture
def indexed(app):
    """The same small forum, per test, for checks that add content of their own."""
    _make_content()
    service.sync()
    return app


def _assert_layout(html: str) -> None:
    assert html.startswith("<!doctype html>")
    assert 'class="site-footer"' in html and 'id="main"' in html


def test_shared_forum_answers_searches_so_hostile_queries_reach_the_index(hostile_client):
    html = hostile_client.get("/search", query_string={"q": "stents"}).get_data(as_text=True)
    assert "Drug-eluting stents in diabetic patients" in html


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_query_gives_the_search_page_not_an_error(hostile_client, text):
    response = hostile_client.get("/search", query_string={"q": text})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    _assert_layout(html)
    assert 'role="search"' in html
    assert "Something went wrong" not in html


@pytest.mark.parametrize("url", list(RAW_URLS.values()), ids=list(RAW_URLS))
def test_malformed_url_encoding_gives_the_search_page(hostile_client, url):
    response = hostile_client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    _assert_layout(html)
    assert 'role="search"' in html


@pytest.mark.parametrize("url", ["/search?q=a%00b", "/search?q=%00", "/search?q=stent&author=%00"])
def test_nul_in_the_query_is_refused_with_a_clear_message(hostile_client, url):
    response = hostile_client.get(url)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    _assert_layout(html)
    assert "cannot be stored" in html


def test_nul_in_query_string_argument_is_refused_too(hostile_client):
    response = hostile_client.get("/search", query_string={"q": "a\x00b"})
    assert response.status_code == 400
    assert "cannot be stored" in response.get_data(as_text=True)


# --- what the page shows ----------------------------------------------------------------------
def _snippets(html: str) -> list[str]:
    return re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)


def test_script_in_the_query_is_shown_escaped(hostile_client):
    html = hostile_client.get("/search", query_string={"q": "<script>alert(1)</script>"}).get_data(
        as_text=True
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markup_in_a_misspelt_query_is_escaped_in_the_suggestion(hostile_client):
    html = hostile_client.get(
        "/search", query_string={"q": 'stentz "><img src=x onerror=alert(1)>'}
    ).get_data(as_text=True)
    assert "Did you mean" in html or "Showing results for" in html
    assert "<img src=x" not in html


def test_html_in_a_post_is_escaped_in_the_snippet(indexed, client):
    make_thread(make_user(), title="Coating question", body="Which coating? `<b>bold</b>` stent")
    service.sync()
    html = client.get("/search", query_string={"q": "stent"}).get_data(as_text=True)
    (snippet,) = [s for s in _snippets(html) if "bold" in s]
    assert "&lt;b&gt;bold&lt;/b&gt;" in snippet
    assert re.search(r"<mark[^>]*>stent</mark>", snippet)  # the highlight stays real markup
    assert "<b>bold</b>" not in html


def test_html_in_a_post_matched_only_by_its_title_is_escaped_in_the_snippet(indexed, client):
    make_thread(
        make_user(),
        title="Coating question",
        body="Which one? `<script>alert(2)</script>` and `<b>bold</b>` both work.",
    )
    service.sync()
    html = client.get("/search", query_string={"q": "coating"}).get_data(as_text=True)
    (snippet,) = [s for s in _snippets(html) if "bold" in s]
    assert "&lt;b&gt;bold&lt;/b&gt;" in snippet
    assert "<script>alert(2)</script>" not in html and "<b>bold</b>" not in html


def test_meanings_of_an_abbreviation_are_shown_and_searched(hostile_client):
    html = hostile_client.get("/search", query_string={"q": "PE"}).get_data(as_text=True)
    assert "Also searched" in html
    assert "pulmonary embolism" in html and "physical examination" in html
    assert "Troponin after a heart attack" in html


def test_only_excluded_words_show_the_note_and_no_results(hostile_client):
    html = hostile_client.get("/search", query_string={"q": "-stent"}).get_data(as_text=True)
    assert ONLY_EXCLUDED_NOTE in html
    assert _snippets(html) == []


def test_author_filter_with_underscore_finds_that_authors_posts(hostile_client):
    html = hostile_client.get("/search", query_string={"q": "author:rohan_patel"}).get_data(
        as_text=True
    )
    assert "Drug-eluting stents in diabetic patients" in html
    assert "Troponin after a heart attack" not in html
