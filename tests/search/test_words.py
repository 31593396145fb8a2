"""What a typed word becomes: questions, single letters, British and American spellings, and
the filters' errors where the user sees them."""

import re

import pytest

from forum.search import query, results, service
from forum.search.index import Filters
from forum.search.query import MostOf, Synonyms, Words, parse
from tests.factories import make_thread

WILDCARD_NOTE = "Wildcards and special symbols are not supported"


def _titles(html: str) -> list[str]:
    return re.findall(r'<p class="thread-title">.*?<a href="[^"]*">([^<]*)</a>', html, re.S)


def _american(word: str) -> str:
    word = re.sub(r"ae|oe", "e", word.lower()).replace("our", "or").replace("eing", "ing")
    return word.replace("isation", "ization").replace("ised", "ized")


def _spelling_pairs() -> list[tuple[str, str]]:
    """Every line of synonyms.txt that is one word in British and American spelling."""
    pairs = []
    for line in query.SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        terms = [t.strip() for t in line.split(" = ")]
        if line.startswith("#") or len(terms) != 2 or any(" " in t for t in terms):
            continue
        if terms[0] != terms[1] and _american(terms[0]) == _american(terms[1]):
            pairs.append((terms[0], terms[1]))
    return pairs


# --- questions and wildcards --------------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["is a stent safe?", "What dose of apixaban? In the elderly?", "DOACs?"]
)
def test_question_typed_as_a_sentence_gets_no_wildcard_note(text):
    parsed = parse(text)
    assert not any(WILDCARD_NOTE in note for note in parsed.notes)
    assert parsed.root is not None and "?" not in "".join(parsed.plain_words())


@pytest.mark.parametrize("text", ["te?t", "stent*", "~fuzzy", "a^5", "ste?nt safe"])
def test_wildcards_inside_or_around_words_still_get_the_note(text):
    assert any(WILDCARD_NOTE in note for note in parse(text).notes)


def test_question_page_shows_no_wildcard_note(client, app):
    make_thread(title="Are drug-eluting stents safe in CKD", body="Is a stent safe here?")
    service.sync()
    html = client.get("/search", query_string={"q": "is a stent safe?"}).get_data(as_text=True)
    assert "Wildcards" not in html
    assert "Are drug-eluting stents safe in CKD" in _titles(html)


# --- single letters -------------------------------------------------------------------------
def test_hep_a_vaccine_keeps_the_a_as_part_of_the_term():
    parsed = parse("hep A vaccine")
    assert isinstance(parsed.root, MostOf)
    term, vaccine = parsed.root.children
    assert isinstance(term, Synonyms) and term.alternatives[0] == Words(("hep", "A"))
    assert Words(("hepatitis", "A")) in term.alternatives
    assert vaccine == Words(("vaccine",))


def test_capital_letter_after_a_word_is_kept_and_a_leading_article_dropped():
    kept = parse("vitamin A deficiency", expand_synonyms=False).root
    assert Words(("A",)) in kept.children
    dropped = parse("A patient with sepsis", expand_synonyms=False).root
    assert dropped == MostOf((Words(("patient",)), Words(("sepsis",))))
    assert parse("how do I dose it", expand_synonyms=False).root == Words(("dose",))


def test_hep_a_finds_hepatitis_a_before_hep_b(client, app):
    make_thread(title="Travel clinic: hep A vaccine timing", body="Two doses, six months apart.")
    make_thread(title="Hepatitis B vaccine non-responders", body="A booster dose or not?")
    service.sync()
    html = client.get("/search", query_string={"q": "hep A vaccine"}).get_data(as_text=True)
    assert _titles(html)[0] == "Travel clinic: hep A vaccine timing"
    phrase = client.get("/search", query_string={"q": '"hep A"'}).get_data(as_text=True)
    assert _titles(phrase) == ["Travel clinic: hep A vaccine timing"]


# --- synonyms in the plural -----------------------------------------------------------------
def test_plural_of_a_synonym_term_expands_like_the_singular():
    (plural,) = [parse("heart attacks").root]
    assert isinstance(plural, Synonyms)
    assert Words(("MI",)) in plural.alternatives or Words(("mi",)) in [
        Words(tuple(w.lower() for w in a.words)) for a in plural.alternatives
    ]
    assert isinstance(parse("ECGs").root, Synonyms)


# --- British and American spellings ---------------------------------------------------------
def test_synonyms_file_has_the_common_medical_spelling_pairs():
    pairs = {frozenset(p) for p in _spelling_pairs()}
    assert len(pairs) >= 40
    for pair in [
        ("anaemia", "anemia"),
        ("oesophagus", "esophagus"),
        ("haemorrhage", "hemorrhage"),
        ("oedema", "edema"),
        ("foetal", "fetal"),
        ("tumour", "tumor"),
        ("leukaemia", "leukemia"),
        ("paediatrician", "pediatrician"),
    ]:
        assert frozenset(pair) in pairs, pair


def test_each_british_and_american_spelling_finds_the_same_threads(app):
    pairs = _spelling_pairs()
    for british, american in pairs:
        make_thread(title=f"Question number one on {british}", body=f"About {british} only.")
        make_thread(title=f"Question number two on {american}", body=f"About {american} only.")
    service.sync()
    wrong = []
    for british, american in pairs:
        found = {}
        for word in (british, american):
            page = results.search_page(word, Filters())
            found[word] = {row.thread.title for row in page.rows}
        expected = {f"Question number one on {british}", f"Question number two on {american}"}
        if not (expected <= found[british] and found[british] == found[american]):
            wrong.append((british, american, found))
    assert not wrong


@pytest.mark.parametrize("word", ["pediatric", "paediatric"])
def test_pediatric_and_paediatric_find_the_same_demo_threads(demo, word):
    other = "paediatric" if word == "pediatric" else "pediatric"
    ours = {row.thread.id for row in results.search_page(word, Filters()).rows}
    theirs = {row.thread.id for row in results.search_page(other, Filters()).rows}
    assert ours == theirs and len(ours) >= 2


# --- the filters' errors ---------------------------------------------------------------------
def test_invalid_date_opens_the_filters_and_shows_the_error_there(client, app):
    html = client.get("/search?q=stents&since=2024-13-45").get_data(as_text=True)
    details = re.search(r"<details class=\"search-filters\"([^>]*)>(.*?)</details>", html, re.S)
    assert details and "open" in details.group(1)
    assert re.search(r'<p class="error" id="since-error">[^<]+</p>', details.group(2))
    assert 'aria-invalid="true"' in details.group(2)
    assert 'role="alert"' in html  # said above the closed-by-default filters too


def test_filters_stay_closed_without_a_filter_or_an_error(client, app):
    html = client.get("/search?q=stents").get_data(as_text=True)
    details = re.search(r"<details class=\"search-filters\"([^>]*)>", html)
    assert details and "open" not in details.group(1)
