"""Reading what people type into the search box: our own small, bounded query language.

Whoosh's own parser is never given raw input. This module turns any string into a
tree of the nodes below (never raising), expands medical abbreviations and
synonyms from synonyms.txt, and says what it had to change; index/scoring.py scores
the tree against the index.

    words                 match most of them, ranked by how many and how well
    "a phrase"            the words in this order
    a AND b, a OR b       both / either;  NOT a, -a  leave out
    ( … )                 grouping
    author:name topic:slug specialty:slug kind:question|discussion
    is:solved|unsolved|unanswered   the thread's state (see index/store.py STATE_TERMS)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from forum.search import vocabulary

MAX_LENGTH = 500  # characters read from the query
MAX_TERMS = 32  # words and phrases kept
MAX_DEPTH = 6  # nested parentheses
FIELDS = {"author": "author", "topic": "topics", "specialty": "specialty", "kind": "kind"}
# is:<state>: solved (an accepted answer), unsolved (a question without one), unanswered
# (no replies). A FieldValue("is", state) node; the page re-checks them in the database.
STATES = ("solved", "unsolved", "unanswered")
SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")
# Words that carry no topic in a question typed as a sentence ("how do I start a
# career in ...", "has anyone used ..."). Among other plain words they are dropped:
# they match most posts, which costs time and adds nothing to the ranking.
FILLER = frozenset(
    "a about after am an and any anyone anybody are as at be been best but by can could "
    "did do does doing for from get got had has have how i i'm if in into is it its just "
    "me my of on or our out over should so some than that the their them then there these "
    "they this to us use used using very was way we were what when where which while who "
    "why will with would you your".split()
)


# --- the tree ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Words:
    """A word or a quoted phrase (several words in order)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class FieldValue:
    field: str  # a schema field (author, topics, specialty, kind), or "is" with a STATES value
    value: str


@dataclass(frozen=True)
class Synonyms:
    """Any of these alternatives (the original first), from synonyms.txt."""

    alternatives: tuple[Words, ...]


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class All:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class MostOf:
    """Plain words side by side: rank by how many match, require none in particular."""

    children: tuple[Node, ...]


Node = Words | FieldValue | Synonyms | Not | All | AnyOf | MostOf


@dataclass
class ParsedQuery:
    text: str
    root: Node | None
    meanings: list[tuple[str, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.root is None

    def plain_words(self) -> list[str]:
        """The words searched for (not excluded, not field filters), as typed."""
        return [word for word, _ in self._typed_words()]

    def correctable_words(self) -> list[str]:
        """The words searched for that synonyms.txt does not know: the only ones whose
        spelling "Did you mean" may question (a word of a term such as "hep A" is known)."""
        return [word for word, in_synonyms in self._typed_words() if not in_synonyms]

    def required_states(self) -> set[tuple[str, bool]]:
        """The is: states every result must have (True) or lack (False): those the whole
        query depends on (`stent is:solved`, `-is:unanswered`), not one side of an OR."""
        found: set[tuple[str, bool]] = set()

        def walk(node):
            if isinstance(node, FieldValue) and node.field == "is":
                found.add((node.value, True))
            elif isinstance(node, Not) and isinstance(node.child, FieldValue):
                if node.child.field == "is":
                    found.add((node.child.value, False))
            elif isinstance(node, All | MostOf):
                for child in node.children:
                    walk(child)

        if self.root is not None:
            walk(self.root)
        return found

    def uses_states(self) -> bool:
        """Whether an is: condition appears anywhere in the query (one side of an OR too)."""

        def walk(node) -> bool:
            if isinstance(node, FieldValue):
                return node.field == "is"
            if isinstance(node, Not):
                return walk(node.child)
            if isinstance(node, All | AnyOf | MostOf):
                return any(walk(child) for child in node.children)
            return False

        return self.root is not None and walk(self.root)

    def _typed_words(self) -> list[tuple[str, bool]]:
        found: list[tuple[str, bool]] = []

        def walk(node, negated=False):
            if isinstance(node, Words) and not negated:
                found.extend((word, False) for word in node.words)
            elif isinstance(node, Synonyms):
                if not negated:
                    found.extend((word, True) for word in node.alternatives[0].words)
            elif isinstance(node, Not):
                walk(node.child, True)
            elif isinstance(node, All | AnyOf | MostOf):
                for child in node.children:
                    walk(child, negated)

        if self.root is not None:
            walk(self.root)
        return found


# --- tokens --------------------------------------------------------------------------------
_TOKEN = re.compile(
    r'(?P<quote>"(?P<phrase>[^"]*)"?)'  # a phrase; an unclosed quote runs to the end
    r"|(?P<open>\()|(?P<close>\))"
    r"|(?P<field>[A-Za-z]+):(?P<value>\"[^\"]*\"?|[^\s()\"]+)"
    r"|(?P<minus>-)(?=[^\s\-])"
    r"|(?P<word>[^\s()\"]+)"
)
_WORD_CHARS = re.compile(r"[^\w'\-]+", re.UNICODE)


def clean_words(text: str) -> tuple[str, ...]:
    """Split into words of letters, digits, ' and -; wildcards and other symbols become spaces."""
    words = []
    for raw in _WORD_CHARS.sub(" ", text.replace("_", " ")).split():
        word = raw.strip("'-")
        if word:
            words.append(word)
    return tuple(words)


@dataclass
class _Token:
    kind: str
    value: str = ""
    words: tuple[str, ...] = ()


def _tokens(text: str, notes: list[str]) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        if match.group("quote") is not None:
            if not match.group("quote").endswith('"') or match.group("quote") == '"':
                notes.append("An unclosed quote was ignored.")
            words = clean_words(match.group("phrase") or "")
            if words:
                tokens.append(_Token("words", words=words))
        elif match.group("open"):
            tokens.append(_Token("("))
        elif match.group("close"):
            tokens.append(_Token(")"))
        elif match.group("field"):
            name = match.group("field").lower()
            raw = match.group("value").strip('"')
            if name == "author":  # usernames keep their underscores
                value = re.sub(r"[^A-Za-z0-9_-]", "", raw)
            else:
                value = " ".join(clean_words(raw))
            if name == "is":
                if value.lower() in STATES:
                    tokens.append(_Token("field", "is", (value.lower(),)))
                else:
                    notes.append(f"“is:{value}” is not a field we know; searched it as a word.")
                    tokens += [_Token("words", words=(w,)) for w in clean_words(f"is {value}")]
            elif name in FIELDS and value:
                tokens.append(_Token("field", FIELDS[name], (value,)))
            else:
                if name not in FIELDS:
                    notes.append(f"“{name}:” is not a field we know; searched it as a word.")
                words = clean_words(f"{name} {value}")
                tokens += [_Token("words", words=(w,)) for w in words]
        elif match.group("minus"):
            tokens.append(_Token("NOT"))
        else:
            word = match.group("word")
            if word in ("AND", "OR", "NOT"):
                tokens.append(_Token(word))
            elif word == "&&":
                tokens.append(_Token("AND"))
            elif word == "||":
                tokens.append(_Token("OR"))
            else:
                tokens += [_Token("words", words=(w,)) for w in clean_words(word)]
    return tokens


# --- grammar -------------------------------------------------------------------------------
class _Parser:
    """Recursive descent over the tokens; every malformed shape degrades to plain words."""

    def __init__(self, tokens: list[_Token], notes: list[str]):
        self.tokens = tokens
        self.pos = 0
        self.notes = notes
        self.leaves = 0
        self.truncated = False

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Node | None:
        node = self.sequence(depth=0)
        while self.peek() is not None:  # a stray ")" ended the sequence early
            self.take()
            self.notes.append("An unmatched parenthesis was ignored.")
            rest = self.sequence(depth=0)
            node = _join(MostOf, [n for n in (node, rest) if n is not None])
        return node

    def sequence(self, depth: int) -> Node | None:
        items = []
        while (token := self.peek()) is not None and token.kind != ")":
            item = self.either(depth)
            if item is not None:
                items.append(item)
        return _join(MostOf, items)

    def either(self, depth: int) -> Node | None:
        items = [self.both(depth)]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            items.append(self.both(depth))
        return _join(AnyOf, [i for i in items if i is not None])

    def both(self, depth: int) -> Node | None:
        items = [self.unary(depth)]
        while (token := self.peek()) is not None and token.kind == "AND":
            self.take()
            items.append(self.unary(depth))
        return _join(All, [i for i in items if i is not None])

    def unary(self, depth: int) -> Node | None:
        token = self.peek()
        if token is None or token.kind == ")":
            return None
        if token.kind == "NOT":
            self.take()
            child = self.unary(depth)
            if isinstance(child, Not):  # NOT NOT x is x; keeps "- - - -x" from nesting deep
                return child.child
            return Not(child) if child is not None else None
        return self.primary(depth)

    def primary(self, depth: int) -> Node | None:
        token = self.take()
        if token.kind == "(":
            if depth >= MAX_DEPTH:
                self.notes.append("Parentheses nested too deeply were flattened.")
                return None
            inner = self.sequence(depth + 1)
            if self.peek() is not None and self.peek().kind == ")":
                self.take()
            else:
                self.notes.append("An unmatched parenthesis was ignored.")
            return inner
        if token.kind in ("AND", "OR"):  # an operator with nothing before it
            return None
        if self.leaves >= MAX_TERMS:
            self.truncated = True
            return None
        self.leaves += 1
        if token.kind == "field":
            return FieldValue(token.value, token.words[0].lower())
        return Words(token.words)


def _join(kind, items: list[Node]) -> Node | None:
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return kind(tuple(items))


# --- synonyms ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SynonymTable:
    concepts: tuple[tuple[str, ...], ...]  # each: display name first, then the other terms
    by_term: dict  # lower-cased term words -> concept indexes
    longest: int
    by_singular: dict = field(default_factory=dict)  # the same, each word made singular
    words: frozenset = frozenset()  # every lower-cased word of every term

    def concepts_for(self, words: tuple[str, ...]) -> list[int]:
        """The concepts a term belongs to; a plural finds the singular ("heart attacks")."""
        key = tuple(w.lower() for w in words)
        found = self.by_term.get(key)
        if found is None:
            found = self.by_singular.get(tuple(_singular(w) for w in key), [])
        return found


def _singular(word: str) -> str:
    """A lower-cased word without a plural -s ("stents", "arteries"); short words stay
    as they are, so "PEs" or "ms" never turn into another abbreviation."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    return word[:-3] + "y" if word.endswith("ies") else word[:-1]


@cache
def load_synonyms(path: Path = SYNONYMS_FILE, mtime: float | None = None) -> SynonymTable:
    """Read synonyms.txt (one concept a line, terms separated by ' = ')."""
    concepts: list[tuple[str, ...]] = []
    by_term: dict[tuple[str, ...], list[int]] = {}
    by_singular: dict[tuple[str, ...], list[int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms = tuple(t.strip() for t in line.split(" = ") if t.strip())
        if len(terms) < 2:
            continue
        index = len(concepts)
        concepts.append(terms)
        for term in terms:
            key = tuple(w.lower() for w in clean_words(term))
            if key and index not in by_term.setdefault(key, []):
                by_term[key].append(index)
            singular = tuple(_singular(w) for w in key)
            if key and index not in by_singular.setdefault(singular, []):
                by_singular[singular].append(index)
    longest = max((len(k) for k in by_term), default=1)
    words = frozenset(w for key in by_term for w in key)
    return SynonymTable(tuple(concepts), by_term, longest, by_singular, words)


def synonyms() -> SynonymTable:
    """The table, re-read when the file changes (moderators extend it)."""
    return load_synonyms(SYNONYMS_FILE, SYNONYMS_FILE.stat().st_mtime)


def _expand_words(words: tuple[str, ...], table: SynonymTable, meanings: dict) -> Node:
    ids = table.concepts_for(words)
    if not ids:
        return Words(words)
    alternatives = [Words(words)]
    if _is_filler(Words(words), abbreviations=False):
        if not _is_abbreviation(words[0]):
            return Words(words)  # "as" typed as a word is the word
        # "AS" typed as an abbreviation (aortic stenosis): the word "as" would match
        # nearly every post, so only its meanings are searched.
        alternatives = []
    seen = {tuple(_singular(w.lower()) for w in words)}
    for concept in ids:
        for term in table.concepts[concept]:
            term_words = clean_words(term)
            key = tuple(_singular(w.lower()) for w in term_words)
            if key and key not in seen:
                seen.add(key)
                alternatives.append(Words(term_words))
    display = tuple(_singular(w.lower()) for w in clean_words(table.concepts[ids[0]][0]))
    if len(ids) > 1 or display != tuple(_singular(w.lower()) for w in words):
        meanings[" ".join(words)] = [table.concepts[c][0] for c in ids]
    return Synonyms(tuple(alternatives))


def _expand(node: Node, table: SynonymTable, meanings: dict) -> Node:
    if isinstance(node, Words):
        return _expand_words(node.words, table, meanings)
    if isinstance(node, Not):
        return Not(_expand(node.child, table, meanings))
    if isinstance(node, MostOf):
        return MostOf(_expand_runs(node.children, table, meanings))
    if isinstance(node, All | AnyOf):
        return type(node)(tuple(_expand(c, table, meanings) for c in node.children))
    return node


def _expand_runs(children: tuple[Node, ...], table: SynonymTable, meanings: dict):
    """Within side-by-side words, match multi-word terms first ("heart attack" -> MI)."""
    out: list[Node] = []
    i = 0
    while i < len(children):
        matched = False
        for size in range(min(table.longest, len(children) - i), 1, -1):
            run = children[i : i + size]
            if all(isinstance(c, Words) and len(c.words) == 1 for c in run):
                words = tuple(c.words[0] for c in run)
                if table.concepts_for(words):
                    out.append(_expand_words(words, table, meanings))
                    i += size
                    matched = True
                    break
        if not matched:
            out.append(_expand(children[i], table, meanings))
            i += 1
    return tuple(out)


# --- entry point ---------------------------------------------------------------------------
def parse(text: str, *, expand_synonyms: bool = True) -> ParsedQuery:
    """Parse anything a user might type; never raises."""
    notes: list[str] = []
    text = text or ""
    if len(text) > MAX_LENGTH:
        text = text[:MAX_LENGTH]
        notes.append(f"Only the first {MAX_LENGTH} characters of the query were used.")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    if _WILDCARD.search(text):
        notes.append("Wildcards and special symbols are not supported; searched the words.")
    parser = _Parser(_tokens(text, notes), notes)
    root = parser.parse()
    if parser.truncated:
        notes.append(f"Only the first {MAX_TERMS} words were used.")
    if root is not None and _only_negative(root):
        notes.append("A search needs at least one word to look for, not only words to leave out.")
        root = None
    meanings: dict[str, list[str]] = {}
    # Terms first, so that the filler words of a term ("hep A", "A and E") stay in it.
    if root is not None and expand_synonyms:
        root = _expand(root, synonyms(), meanings)
    if root is not None:
        root = _drop_filler(root)
    return ParsedQuery(text.strip(), root, list(meanings.items()), list(dict.fromkeys(notes)))


# "*", "~" and "^" anywhere, and "?" inside a word ("te?t"): not the "?" ending a question.
_WILDCARD = re.compile(r"[*~^]|\?(?=[\w])")


def known_word(word: str) -> bool:
    """Whether `word` is spelt right: in synonyms.txt or in the vocabulary lists
    (English and medical), in this form or a regular one ("stents")."""
    return vocabulary.is_known(word, synonyms().words)


def _is_filler(node: Node, abbreviations: bool = True, first: bool = True) -> bool:
    """A filler word; with `abbreviations`, not one typed in capitals that synonyms.txt
    knows as an abbreviation ("AS" is aortic stenosis, "as" is filler). Unless it is
    the `first` word, a capital letter is not filler either: "hep A", "vitamin A"."""
    if not (isinstance(node, Words) and len(node.words) == 1):
        return False
    word = node.words[0]
    if word.lower() not in FILLER:
        return False
    if not first and len(word) == 1 and word.isupper() and word != "I":
        return False
    return not (abbreviations and _is_abbreviation(word))


def _is_abbreviation(word: str) -> bool:
    return len(word) > 1 and word.isupper() and bool(synonyms().concepts_for((word,)))


def _drop_filler(node: Node) -> Node:
    """Drop filler words from side-by-side plain words, unless nothing else would be left."""
    if isinstance(node, MostOf):
        kept = [
            _drop_filler(c) for i, c in enumerate(node.children) if not _is_filler(c, first=i == 0)
        ]
        if any(not isinstance(c, Not) for c in kept):
            return _join(MostOf, kept)
        return node
    if isinstance(node, All | AnyOf):
        return type(node)(tuple(_drop_filler(c) for c in node.children))
    return node


def _only_negative(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, All | MostOf):
        return all(_only_negative(c) for c in node.children)
    return False
