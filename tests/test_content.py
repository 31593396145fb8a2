"""forum.content: Markdown renders, and no attack input from the XSS cheat sheets survives it.

Every assertion is made on the parsed output (stdlib HTMLParser), never on substrings, so an
encoding trick cannot hide a tag or an attribute from the test.  The vectors come from the
OWASP XSS Filter Evasion cheat sheet, the PortSwigger XSS cheat sheet and known mutation-XSS
payloads, plus the Markdown-specific routes to a URL (inline, reference, autolink, image).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from forum.content import ALLOWED_TAGS, LINK_REL, excerpt, html_to_text, render_markdown

FORBIDDEN_TAGS = frozenset(
    {
        "script", "style", "iframe", "object", "embed", "form", "input", "button", "textarea",
        "select", "svg", "math", "base", "link", "meta", "frame", "frameset", "applet",
        "noscript", "template",
    }
)  # fmt: skip
# Every attribute content.py may emit; anything else (srcdoc, xlink:href, formaction...) fails.
KNOWN_ATTRIBUTES = frozenset({"href", "src", "title", "alt", "rel", "class", "align", "start"})
URL_ATTRIBUTES = frozenset({"href", "src"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
# What a browser's URL parser ignores: ASCII whitespace and C0 controls (and DEL, for margin).
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")


class Parsed(HTMLParser):
    """Every start tag with its attributes, the text, and anything that is neither."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.other: list[str] = []  # comments, declarations, processing instructions
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.other.append(f"<!{decl}>")

    def unknown_decl(self, data):
        self.other.append(f"<![{data}]>")

    def handle_pi(self, data):
        self.other.append(f"<?{data}>")

    def tag_names(self) -> list[str]:
        return [tag for tag, _ in self.tags]

    def attrs_of(self, tag: str) -> list[dict[str, str | None]]:
        return [dict(attrs) for name, attrs in self.tags if name == tag]

    def all_text(self) -> str:
        return "".join(self.text)


def normalised_url(value: str) -> str:
    """The URL as a browser sees it: without ignored characters, lowercased.

    HTMLParser (convert_charrefs=True) has already html-unescaped the value with the full HTML5
    entity table, exactly once, as a browser does.  Unescaping twice would be wrong, not
    stricter: `&amp;colon;` in the output is the literal text `&colon;` to a browser.
    """
    return IGNORED_IN_URL.sub("", value).lower()


def assert_safe(html: str) -> Parsed:
    parsed = Parsed(html)
    assert parsed.other == [], html
    for tag, attrs in parsed.tags:
        assert tag not in FORBIDDEN_TAGS, html
        assert tag in ALLOWED_TAGS, html
        for name, value in attrs:
            assert not name.startswith("on"), html
            assert name != "style", html
            assert name in KNOWN_ATTRIBUTES, html
            if name not in URL_ATTRIBUTES:
                continue
            url = normalised_url(value or "")
            assert not url.startswith(BAD_SCHEMES), html
            scheme = SCHEME.match(url)
            if name == "src":
                assert tag == "img" and scheme is not None and scheme[1] == "https", html
            else:
                assert scheme is None or scheme[1] in {"http", "https", "mailto"}, html
    return parsed


B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>
B64_SVG = "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"  # <svg onload=alert(1)>
ENTITY_DEC = "".join(f"&#{ord(c)};" for c in "javascript:alert('XSS')")
ENTITY_DEC_PADDED = "".join(f"&#{ord(c):07d}" for c in "javascript:alert('XSS')")
ENTITY_HEX = "".join(f"&#x{ord(c):X}" for c in "javascript:alert('XSS')")

VECTORS = [
    # --- script and style, plain and obfuscated
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param("<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>", id="script-src-upper"),
    pytest.param('<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>', id="script-slash"),
    pytest.param("<scr<script>ipt>alert(1)</scr</script>ipt>", id="script-nested"),
    pytest.param('<<SCRIPT>alert("XSS");//<</SCRIPT>', id="script-double-open"),
    pytest.param('<IMG """><SCRIPT>alert("XSS")</SCRIPT>">', id="img-quotes-script"),
    pytest.param('"><script>alert(1)</script>', id="quote-breakout"),
    pytest.param("<STYLE>@import'https://xss.example/xss.css';</STYLE>", id="style-import"),
    pytest.param("<style>*{x:expression(alert(1))}</style>", id="style-expression"),
    pytest.param("<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>", id="css-expression"),
    pytest.param('<p style="background:url(javascript:alert(1))">x</p>', id="css-url-js"),
    pytest.param("<template><script>alert(1)</script></template>", id="template"),
    pytest.param("<xss onafterscriptexecute=alert(1)><script>1</script>", id="unknown-tag-on"),
    # --- img and javascript: in every encoding
    pytest.param("<IMG SRC=\"javascript:alert('XSS');\">", id="img-js-quoted"),
    pytest.param("<IMG SRC=javascript:alert('XSS')>", id="img-js-unquoted"),
    pytest.param("<IMG SRC=JaVaScRiPt:alert('XSS')>", id="img-js-mixed-case"),
    pytest.param(f"<IMG SRC={ENTITY_DEC}>", id="img-js-decimal-entities"),
    pytest.param(f"<IMG SRC={ENTITY_DEC_PADDED}>", id="img-js-padded-entities"),
    pytest.param(f"<IMG SRC={ENTITY_HEX}>", id="img-js-hex-entities"),
    pytest.param("<IMG SRC=\"jav\tascript:alert('XSS');\">", id="img-js-tab"),
    pytest.param("<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">", id="img-js-encoded-tab"),
    pytest.param("<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">", id="img-js-encoded-newline"),
    pytest.param("<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">", id="img-js-encoded-cr"),
    pytest.param("<IMG SRC=\" &#14;  javascript:alert('XSS');\">", id="img-js-leading-control"),
    pytest.param(
        '<IMG DYNSRC="javascript:alert(\'XSS\')" LOWSRC="javascript:alert(1)">',
        id="img-dynsrc-lowsrc",
    ),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param('<img src="https://ok.example/a.png" onerror="alert(1)">', id="img-https-onerror"),
    pytest.param(
        '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>', id="img-fromcharcode"
    ),
    pytest.param("<img/src/onerror=alert(1)>", id="img-slashes"),
    pytest.param('<img src="https://[::1" onerror=alert(1)>', id="img-invalid-ipv6"),
    pytest.param(
        '<img src="&#104;ttps://ok.example/a.png" onerror=alert(1)>', id="img-entity-https"
    ),
    pytest.param('<img src="data:image/svg+xml,<svg onload=alert(1)>">', id="img-data-svg"),
    pytest.param('<img alt="x" title="&quot; onerror=alert(1) x=&quot;">', id="attr-entity-quotes"),
    pytest.param(
        '<a href="https://ok.example" title=\'"><script>alert(1)</script>\'>x</a>',
        id="attr-break-quotes",
    ),
    # --- links
    pytest.param('<a href="javascript:alert(1)">x</a>', id="a-js"),
    pytest.param('<a href="  javascript:alert(1)">x</a>', id="a-js-leading-space"),
    pytest.param('<a href="&#x20;javascript:alert(1)">x</a>', id="a-js-encoded-space"),
    pytest.param('<a href="&#1;javascript:alert(1)">x</a>', id="a-js-control-char"),
    pytest.param('<a href="\x00javascript:alert(1)">x</a>', id="a-js-nul"),
    pytest.param('<a href="java&#x09;script:alert(1)">x</a>', id="a-js-encoded-tab"),
    pytest.param('<a href="JaVaScRiPt&colon;alert(1)">x</a>', id="a-js-colon-entity"),
    pytest.param('<a href="javascript&#58;alert(1)">x</a>', id="a-js-decimal-colon"),
    pytest.param("<a href=javascript:alert(1)//https://ok.example>x</a>", id="a-js-unquoted"),
    pytest.param('<a href="vbscript:msgbox(1)">x</a>', id="a-vbscript"),
    pytest.param(f'<a href="data:text/html;base64,{B64_SCRIPT}">x</a>', id="a-data-base64"),
    pytest.param('<a href="https://ok.example" onclick="alert(1)">x</a>', id="a-onclick"),
    pytest.param('<a href="mailto:x@ok.example" onmouseover=alert(1)>x</a>', id="a-onmouseover"),
    # --- svg / math / mutation XSS
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param("<svg/onload=alert(1)>", id="svg-slash-onload"),
    pytest.param("<svg><script>alert(1)</script></svg>", id="svg-script"),
    pytest.param(
        '<svg><a xlink:href="javascript:alert(1)"><text x="20">XSS</text></a></svg>',
        id="svg-xlink-href",
    ),
    pytest.param('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', id="math-xlink"),
    pytest.param(
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", id="mxss-mglyph-style"
    ),
    pytest.param(
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        id="mxss-noscript-title",
    ),
    pytest.param("<!--<img src=x onerror=alert(1)>-->", id="comment"),
    pytest.param(
        "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->", id="conditional-comment"
    ),
    pytest.param("<![CDATA[<img src=x onerror=alert(1)>]]>", id="cdata"),
    # --- other dangerous elements
    pytest.param("<body onload=alert('XSS')>", id="body-onload"),
    pytest.param("<BODY BACKGROUND=\"javascript:alert('XSS')\">", id="body-background"),
    pytest.param('<iframe srcdoc="<script>alert(1)</script>"></iframe>', id="iframe-srcdoc"),
    pytest.param("<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>", id="iframe-js"),
    pytest.param("<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>", id="frameset"),
    pytest.param('<object data="javascript:alert(1)"></object>', id="object-data"),
    pytest.param(f'<embed src="data:image/svg+xml;base64,{B64_SVG}">', id="embed-data"),
    pytest.param('<applet code="Evil.class"></applet>', id="applet"),
    pytest.param('<form action="javascript:alert(1)"><input type=submit></form>', id="form-action"),
    pytest.param(
        '<form><button formaction="javascript:alert(1)">x</button></form>', id="button-formaction"
    ),
    pytest.param("<input onfocus=alert(1) autofocus>", id="input-autofocus"),
    pytest.param("<select autofocus onfocus=alert(1)></select>", id="select-autofocus"),
    pytest.param("<textarea autofocus onfocus=alert(1)></textarea>", id="textarea-autofocus"),
    pytest.param("<details open ontoggle=alert(1)>", id="details-ontoggle"),
    pytest.param(
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', id="meta-refresh"
    ),
    pytest.param('<base href="javascript:alert(1)//">', id="base-href"),
    pytest.param('<link rel="import" href="https://xss.example/x.html">', id="link-import"),
    pytest.param('<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">', id="link-style"),
    pytest.param(
        '<table background="javascript:alert(1)"><tr><td background="x">1</td></tr></table>',
        id="table-background",
    ),
    pytest.param('<video><source onerror="alert(1)"></video>', id="video-source"),
    pytest.param("<marquee onstart=alert(1)>x</marquee>", id="marquee-onstart"),
    pytest.param('<code class="language-x" onclick="alert(1)">x</code>', id="code-onclick"),
    pytest.param('<td align="center" onmouseover="alert(1)">x</td>', id="td-onmouseover"),
    # --- Markdown links and images
    pytest.param("[a](javascript:alert(1))", id="md-js"),
    pytest.param("[a](JaVaScRiPt:alert(1))", id="md-js-mixed-case"),
    pytest.param("[a](javascript&#58;alert(1))", id="md-js-colon-entity"),
    pytest.param("[a](&#x6A;avascript:alert(1))", id="md-js-hex-entity"),
    pytest.param(f"[a]({ENTITY_DEC})", id="md-js-all-entities"),
    pytest.param("[a](java%0ascript:alert(1))", id="md-js-percent-newline"),
    pytest.param("[a](java\tscript:alert(1))", id="md-js-tab"),
    pytest.param("[a](<javascript:alert(1)>)", id="md-js-angle"),
    pytest.param('[a](javascript:alert(1) "title")', id="md-js-title"),
    pytest.param("[a](  javascript:alert(1))", id="md-js-leading-space"),
    pytest.param("[a][1]\n\n[1]: javascript:alert(1)", id="md-ref-js"),
    pytest.param(f"[a][x]\n\n[x]: <data:text/html;base64,{B64_SCRIPT}>", id="md-ref-data"),
    pytest.param("[a](vbscript:msgbox(1))", id="md-vbscript"),
    pytest.param(f"[a](data:text/html;base64,{B64_SCRIPT})", id="md-data"),
    pytest.param('[a](https://ok.example "t\\" onmouseover=\\"alert(1)")', id="md-title-breakout"),
    pytest.param("![a](javascript:alert(1))", id="md-img-js"),
    pytest.param(f"![a](data:image/svg+xml;base64,{B64_SVG})", id="md-img-data"),
    pytest.param('![a](https://ok.example/a.png"onerror="alert(1))', id="md-img-src-breakout"),
    pytest.param('![a"onerror="alert(1)](https://ok.example/a.png)', id="md-img-alt-breakout"),
    pytest.param("[![x](https://ok.example/a.png)](javascript:alert(1))", id="md-img-in-js-link"),
    pytest.param("![a](https://[x)", id="md-img-invalid-ipv6"),
    pytest.param("[a](http://[x)", id="md-link-invalid-ipv6"),
    pytest.param("<javascript:alert(1)>", id="md-autolink-js"),
    pytest.param("<vbscript:msgbox(1)>", id="md-autolink-vbscript"),
    pytest.param("<data:text/html,<script>alert(1)</script>>", id="md-autolink-data"),
    pytest.param("[<img src=x onerror=alert(1)>](https://ok.example)", id="md-html-in-link"),
    pytest.param('<div markdown="1">[a](javascript:alert(1))</div>', id="md-in-html"),
    pytest.param('*x* <a href="javascript:alert(1)">**y**</a>', id="md-mixed-html"),
    pytest.param("* [a](javascript:alert(1))\n* <img src=x onerror=alert(1)>", id="md-list"),
    pytest.param("> <script>alert(1)</script>", id="md-blockquote-script"),
    pytest.param("| a |\n|---|\n| <script>alert(1)</script> |", id="md-table-script"),
    pytest.param("`<script>alert(1)</script>`", id="md-inline-code-script"),
    pytest.param("```\n<script>alert(1)</script>\n```", id="md-fenced-script"),
    pytest.param('```js" onclick="alert(1)\nx\n```', id="md-fence-lang-breakout"),
    pytest.param('```{.js onclick="alert(1)"}\nx\n```', id="md-fence-attr-list"),
    # --- bare URLs that the linkifier must not turn into dangerous links
    pytest.param("javascript:alert(1)", id="bare-js"),
    pytest.param("data:evil.com/x", id="bare-data-domain"),
    pytest.param("see data://evil.com/x", id="bare-data-slashes"),
    pytest.param("DATA:text.com/html;base64,PHNjcmlwdD4=", id="bare-data-mixed-case"),
    pytest.param("JAVASCRIPT://www.evil.com/%0aalert(1)", id="bare-js-comment-trick"),
    pytest.param("vbscript:www.evil.com", id="bare-vbscript-domain"),
]


def test_corpus_is_large_and_distinct():
    inputs = [param.values[0] for param in VECTORS]
    assert len(inputs) >= 50
    assert len(set(inputs)) == len(inputs)


@pytest.mark.parametrize("attack", VECTORS)
def test_attack_is_neutralised(attack):
    assert_safe(render_markdown(attack))


@pytest.mark.parametrize("attack", VECTORS)
def test_attack_is_neutralised_when_nested_in_markdown(attack):
    """The same vector inside a list item, a quote and a table cell."""
    assert_safe(render_markdown(f"* item {attack}\n\n> {attack}\n\n| h |\n|---|\n| {attack} |"))


def test_rendering_twice_is_still_safe():
    """The output fed back in (as an editor re-saving it would) stays safe."""
    for param in VECTORS:
        assert_safe(render_markdown(render_markdown(param.values[0])))


# --- features


def test_list():
    parsed = assert_safe(render_markdown("* one\n* two"))
    assert parsed.tag_names() == ["ul", "li", "li"]
    assert "one" in parsed.all_text() and "two" in parsed.all_text()


def test_ordered_list_keeps_start():
    parsed = assert_safe(render_markdown("3. three\n4. four"))
    assert parsed.tag_names() == ["ol", "li", "li"]
    assert parsed.attrs_of("ol") == [{"start": "3"}]


def test_fenced_code_is_escaped_and_not_linkified():
    source = "```python\nif a < b: print('<b>https://ok.com</b>')\n```"
    parsed = assert_safe(render_markdown(source))
    assert parsed.tag_names() == ["pre", "code"]
    assert parsed.attrs_of("code") == [{"class": "language-python"}]
    assert parsed.all_text().strip() == "if a < b: print('<b>https://ok.com</b>')"


def test_inline_code_is_not_linkified():
    parsed = assert_safe(render_markdown("run `curl https://ok.com` now"))
    assert parsed.tag_names() == ["p", "code"]


def test_table():
    parsed = assert_safe(render_markdown("| a | b |\n|:-:|---|\n| 1 | 2 |"))
    assert parsed.tag_names() == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"]
    assert parsed.attrs_of("th")[0] == {"align": "center"}
    assert parsed.all_text().split() == ["a", "b", "1", "2"]


def test_emphasis():
    parsed = assert_safe(render_markdown("*em* **strong** ~~no~~"))
    assert parsed.tag_names() == ["p", "em", "strong"]


def test_external_link_gets_rel():
    parsed = assert_safe(render_markdown("[site](https://ok.example/page)"))
    assert parsed.attrs_of("a") == [{"href": "https://ok.example/page", "rel": LINK_REL}]
    assert LINK_REL == "nofollow noopener ugc"


def test_html_link_rel_is_replaced_not_trusted():
    parsed = assert_safe(render_markdown('<a href="https://ok.example" rel="opener">x</a>'))
    assert parsed.attrs_of("a") == [{"href": "https://ok.example", "rel": LINK_REL}]


def test_link_title_kept():
    parsed = assert_safe(render_markdown('[a](https://ok.example "Title")'))
    assert parsed.attrs_of("a")[0]["title"] == "Title"


@pytest.mark.parametrize("href", ["/threads/1", "#reply-3", "/threads/1?page=2#r"])
def test_internal_link_has_no_rel(href):
    parsed = assert_safe(render_markdown(f"[a]({href})"))
    assert parsed.attrs_of("a") == [{"href": href}]


@pytest.mark.parametrize(
    "href",
    [
        "//evil.example/x",
        "/\\evil.example/x",
        "mailto:a@ok.example",
        "threads/1",
        "http://ok.example",
    ],
)
def test_links_that_may_leave_the_site_get_rel(href):
    """Protocol-relative links, including the `/\\host` form browsers accept, are external."""
    parsed = assert_safe(render_markdown(f"[a]({href})"))
    assert parsed.attrs_of("a") == [{"href": href, "rel": LINK_REL}]


def test_html_link_with_slash_tab_slash_is_external():
    """Browsers drop tabs from URLs, so `/<tab>/host` is `//host`."""
    parsed = assert_safe(render_markdown('<a href="/&#9;/evil.example">a</a>'))
    assert parsed.attrs_of("a")[0]["rel"] == LINK_REL


def test_https_image_kept():
    parsed = assert_safe(render_markdown("![chart](https://ok.example/c.png)"))
    assert parsed.attrs_of("img") == [{"alt": "chart", "src": "https://ok.example/c.png"}]


@pytest.mark.parametrize(
    "src", ["HTTPS://ok.example/c.png", " https://ok.example/c.png", "https:\n//ok.example/c.png"]
)
def test_https_image_spellings_kept(src):
    """Case and surrounding blanks do not change the scheme for a browser."""
    parsed = assert_safe(render_markdown(f'<img alt="c" src="{src}">'))
    assert "src" in parsed.attrs_of("img")[0]


def test_http_image_loses_src():
    parsed = assert_safe(render_markdown("![chart](http://ok.example/c.png)"))
    assert parsed.attrs_of("img") == [{"alt": "chart"}]


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("see https://ok.com/a?b=1 now", "https://ok.com/a?b=1"),
        ("see www.ok.com now", "http://www.ok.com"),
    ],
)
def test_bare_url_is_linkified_with_rel(text, href):
    parsed = assert_safe(render_markdown(text))
    assert parsed.attrs_of("a") == [{"href": href, "rel": LINK_REL}]


@pytest.mark.parametrize(
    "text", ["ftp://files.com/a", "xmpp://chat.com", "irc:chat.com", "a@ok.com", "data:ok.com"]
)
def test_linkifier_only_makes_web_links(text):
    parsed = assert_safe(render_markdown(text))
    assert all(
        normalised_url(a["href"] or "").startswith(("http://", "https://"))
        for a in parsed.attrs_of("a")
    )


def test_existing_link_is_not_linkified_again():
    parsed = assert_safe(render_markdown("[https://ok.com](https://ok.com)"))
    assert parsed.tag_names() == ["p", "a"]


def test_unknown_html5_entity_in_scheme_stays_literal():
    """bleach does not decode `&colon;`, so it escapes the `&`: the browser sees no scheme."""
    parsed = assert_safe(render_markdown('<a href="javascript&colon;alert(1)">x</a>'))
    for a in parsed.attrs_of("a"):
        assert SCHEME.match(normalised_url(a.get("href") or "")) is None


def test_disallowed_html_is_stripped_to_text():
    parsed = assert_safe(render_markdown("<div><span>kept text</span></div>"))
    assert parsed.all_text().strip() == "kept text"


# --- plain-text helpers


def test_html_to_text():
    html = render_markdown("# Title\n\nSome *emphasis* &amp; `a < b`\n\n* one\n* two")
    assert html_to_text(html) == "Title Some emphasis & a < b one two"


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("Did you check the **calibration**?", "Did you check the calibration?"),
        ("_pre_-operative, `x`; [link](https://ok.example).", "pre-operative, x; link."),
        ("H~2~O and e=mc<sup>2</sup>!", "H~2~O and e=mc2!"),
    ],
)
def test_html_to_text_leaves_no_space_where_inline_formatting_was(source, text):
    assert html_to_text(render_markdown(source)) == text


def test_html_to_text_separates_words_where_blocks_end():
    html = render_markdown("# Heading\nText\n\n* one\n* two\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert html_to_text(html) == "Heading Text one two a b 1 2"
    assert html_to_text("<p>line<br>break</p><blockquote><p>quoted</p></blockquote>end") == (
        "line break quoted end"
    )


def test_html_to_text_reads_tags_whose_attributes_contain_angle_brackets():
    assert html_to_text('<p>see <a href="/x" title="a>b">this</a> now</p>') == "see this now"


def test_html_to_text_of_stripped_attack_has_no_markup_left():
    assert html_to_text(render_markdown("<script>alert(1)</script>\n\nhi")) == "alert(1) hi"


def test_excerpt_short_text_unchanged():
    assert excerpt("short text", 20) == "short text"


def test_excerpt_cuts_at_word_boundary():
    assert excerpt("alpha beta gamma delta", 12) == "alpha beta…"
    assert len(excerpt("word " * 100)) <= 201


def test_excerpt_single_long_word():
    assert excerpt("x" * 50, 10) == "x" * 10 + "…"


# --- nested lists


class ListOutline(HTMLParser):
    """The list structure alone, as text: "ul[li[ul[li li]] li]"."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in {"ul", "ol", "li"}:
            self.parts.append(f"{tag}[")

    def handle_endtag(self, tag):
        if tag in {"ul", "ol", "li"}:
            self.parts.append("]")

    def outline(self) -> str:
        return " ".join(self.parts).replace("[ ", "[").replace(" ]", "]").replace("[]", "")


def list_outline(source: str) -> str:
    html = render_markdown(source)
    assert_safe(html)
    return ListOutline(html).outline()


@pytest.mark.parametrize("indent", [2, 3, 4])
def test_nested_list_nests_at_two_three_or_four_spaces(indent):
    pad = " " * indent
    source = f"* heart rate\n{pad}* resting\n{pad}* at night\n* SpO2"
    assert list_outline(source) == "ul[li[ul[li li]] li]"


@pytest.mark.parametrize(
    "source",
    [
        "1. a\n   1. b\n      1. c\n2. d",  # three spaces a level, past the second level
        "* a\n  * b\n    * c\n* d",
        "* a\n    * b\n        * c\n* d",
    ],
)
def test_three_levels_nest(source):
    outer = "ol" if source.startswith("1.") else "ul"
    assert list_outline(source) == f"{outer}[li[{outer}[li[{outer}[li]]]] li]"


def test_bullets_nest_under_a_numbered_item_indented_by_two():
    assert list_outline("1. Stop the infusion\n  - check the line\n2. Call the team") == (
        "ol[li[ul[li]] li]"
    )


def test_nested_list_inside_a_block_quote_nests():
    assert list_outline("> * a\n>   * b\n> * c") == "ul[li[ul[li]] li]"


def test_nested_lists_keep_start_numbers_and_text():
    parsed = assert_safe(render_markdown("3. three\n  * sub item\n4. four"))
    assert parsed.attrs_of("ol") == [{"start": "3"}]
    assert parsed.all_text().split() == ["three", "sub", "item", "four"]


def test_indentation_outside_lists_is_left_alone():
    """Indented code stays code (list markers in it too); text after a list is a paragraph."""
    parsed = assert_safe(render_markdown("text\n\n    code line\n    - not a list\n\nafter"))
    assert parsed.tag_names() == ["p", "pre", "code", "p"]
    assert "- not a list" in parsed.all_text()
    parsed = assert_safe(render_markdown("* a\n  * b\n\nplain paragraph"))
    assert parsed.tag_names() == ["ul", "li", "ul", "li", "p"]


def test_code_inside_a_list_item_stays_code():
    parsed = assert_safe(render_markdown("* a\n\n        x = 1\n        - not an item"))
    assert parsed.tag_names() == ["ul", "li", "pre", "code"]
    assert parsed.all_text().strip().endswith("x = 1\n- not an item")


def test_fenced_code_after_a_list_is_untouched():
    parsed = assert_safe(render_markdown("* a\n  * b\n\n```\n  * keep my spaces\n```"))
    assert parsed.tag_names() == ["ul", "li", "ul", "li", "pre", "code"]
    assert "  * keep my spaces" in parsed.all_text()


def test_horizontal_rule_is_not_a_list_item():
    parsed = assert_safe(render_markdown("* a\n\n* * *\n\ntext"))
    assert parsed.tag_names() == ["ul", "li", "hr", "p"]
