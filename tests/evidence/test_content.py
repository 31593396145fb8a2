"""DOI and PMID references in posts become links to doi.org and PubMed (forum/content.py)."""

from __future__ import annotations

import pytest

from forum.content import LINK_REL, html_to_text, render_markdown
from forum.extensions import db
from forum.threads.models import Post
from tests.factories import make_post, make_thread
from tests.test_content import Parsed, assert_safe


def links(markdown: str) -> list[tuple[str, str]]:
    """(href, rel) of every link the rendered post has, after the safety checks."""
    parsed = assert_safe(render_markdown(markdown))
    return [(attrs["href"], attrs.get("rel")) for attrs in parsed.attrs_of("a")]


@pytest.mark.parametrize(
    "markdown, href",
    [
        ("doi:10.1056/NEJMoa2034577", "https://doi.org/10.1056/NEJMoa2034577"),
        ("DOI 10.1001/jama.2020.1585", "https://doi.org/10.1001/jama.2020.1585"),
        ("DOI: 10.1001/jama.2020.1585", "https://doi.org/10.1001/jama.2020.1585"),
        ("See doi: 10.1016/S0140-6736(20)30183-5", "https://doi.org/10.1016/S0140-6736(20)30183-5"),
        ("PMID: 12345678", "https://pubmed.ncbi.nlm.nih.gov/12345678/"),
        ("PMID 12345678", "https://pubmed.ncbi.nlm.nih.gov/12345678/"),
        ("pmid:32678530", "https://pubmed.ncbi.nlm.nih.gov/32678530/"),
        ("**doi:10.1056/NEJMoa2021436**", "https://doi.org/10.1056/NEJMoa2021436"),
        ("- a list item citing PMID 31535829", "https://pubmed.ncbi.nlm.nih.gov/31535829/"),
    ],
)
def test_a_reference_links_to_its_source_like_any_external_link(markdown, href):
    assert links(markdown) == [(href, LINK_REL)]
    assert "nofollow" in LINK_REL and "noopener" in LINK_REL


def test_the_link_text_is_the_reference_as_written():
    parsed = Parsed(render_markdown("Trial: DOI 10.1001/jama.2020.1585 (PMID: 32031570)."))
    assert parsed.all_text() == "Trial: DOI 10.1001/jama.2020.1585 (PMID: 32031570)."
    assert [a["href"] for a in parsed.attrs_of("a")] == [
        "https://doi.org/10.1001/jama.2020.1585",
        "https://pubmed.ncbi.nlm.nih.gov/32031570/",
    ]


@pytest.mark.parametrize(
    "markdown, doi",
    [
        ("Read doi:10.1056/NEJMoa2034577.", "10.1056/NEJMoa2034577"),
        ("Read doi:10.1056/NEJMoa2034577, then", "10.1056/NEJMoa2034577"),
        ("Read doi:10.1056/NEJMoa2034577; then", "10.1056/NEJMoa2034577"),
        ("(doi:10.1056/NEJMoa2034577)", "10.1056/NEJMoa2034577"),
        ("(doi:10.1056/NEJMoa2034577).", "10.1056/NEJMoa2034577"),
        # A DOI's own balanced parentheses stay part of it.
        ("(doi:10.1016/S0140-6736(20)30183-5).", "10.1016/S0140-6736(20)30183-5"),
    ],
)
def test_a_doi_ends_before_trailing_punctuation(markdown, doi):
    html = render_markdown(markdown)
    assert links(markdown) == [(f"https://doi.org/{doi}", LINK_REL)]
    # The punctuation stays, as text after the link.
    assert html_to_text(html) == markdown


def test_a_doi_org_address_stays_one_link():
    url = "https://doi.org/10.1056/NEJMoa2034577"
    assert links(url) == [(url, LINK_REL)]
    assert links(f"[the trial]({url})") == [(url, LINK_REL)]


@pytest.mark.parametrize(
    "markdown",
    [
        "`doi:10.1056/NEJMoa2034577`",
        "```\nPMID: 12345678\n```",
        "    indented code: DOI 10.1001/jama.2020.1585",
        "<pre>PMID 12345678</pre>",
    ],
)
def test_no_link_inside_code(markdown):
    assert links(markdown) == []


@pytest.mark.parametrize(
    "markdown, href",
    [
        ("[doi:10.1056/NEJMoa2034577](https://example.org/paper)", "https://example.org/paper"),
        ("[PMID 12345678](https://example.org/abstract)", "https://example.org/abstract"),
        ('<a href="https://example.org/x">doi:10.1000/182</a>', "https://example.org/x"),
        # An address that contains "doi:" is one link, to where it says.
        ("https://example.org/doi:10.1000/182", "https://example.org/doi:10.1000/182"),
    ],
)
def test_no_link_inside_an_existing_link(markdown, href):
    assert links(markdown) == [(href, LINK_REL)]


@pytest.mark.parametrize(
    "markdown",
    [
        "PMID 123456789",  # nine digits: not a PubMed ID
        "PMID12345678",  # the label runs into the number
        "redoi:10.1000/182",  # "doi" inside a word
        "doi:11.1000/182",  # DOIs start "10."
        "doi:10.12/182",  # registrant codes have four digits or more
        "PMIDs 12345678",
    ],
)
def test_look_alikes_stay_text(markdown):
    assert links(markdown) == []


def test_references_cannot_smuggle_markup():
    for markdown in (
        'doi:10.1000/182"onmouseover="alert(1)',
        "doi:10.1000/<script>alert(1)</script>",
        "PMID 1<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">doi:10.1000/182</a>',
        '<span title="doi:10.1000/182">text</span>',
    ):
        assert_safe(render_markdown(markdown))
    assert links('doi:10.1000/182"onmouseover="alert(1)') == [
        ("https://doi.org/10.1000/182", LINK_REL)
    ]


def test_references_and_mentions_live_together():
    html = render_markdown("@rohan see PMID 31535829", {"rohan": "/members/rohan"})
    parsed = Parsed(html)
    assert [a["href"] for a in parsed.attrs_of("a")] == [
        "/members/rohan",
        "https://pubmed.ncbi.nlm.nih.gov/31535829/",
    ]


def test_rerender_posts_links_references_in_posts_stored_before(app, runner):
    post = make_post(make_thread(), body="Per DAPA-HF (PMID 31535829).")
    assert "https://pubmed.ncbi.nlm.nih.gov/31535829/" in post.body_html
    post.body_html = "<p>Per DAPA-HF (PMID 31535829).</p>"  # as stored before links
    db.session.commit()
    result = runner.invoke(args=["rerender-posts"])
    assert result.exit_code == 0 and "1 changed" in result.output
    db.session.expire_all()
    stored = db.session.get(Post, post.id).body_html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/31535829/"' in stored
