"""Regenerate english.txt and medical.txt from Debian's `scowl` and `wordnet-base` packages.

    apt-get install scowl wordnet-base
    pip install --target /tmp/drugs --no-deps drug-named-entity-recognition==2.0.9  # data only
    python -m forum.search.vocabulary.compile --drugs /tmp/drugs [--scowl DIR] [--wordnet DIR]

Not used by the running app, which only reads the generated lists. What goes in:

english.txt  every SCOWL word up to size 60 (the size spelling checkers ship), in the
             English, American, British and common-variant lists of words and of
             capitalised words; its lists of proper names and abbreviations are left out.
medical.txt  from WordNet 3.0: every noun under the medical roots in ROOTS (drugs,
             diseases, symptoms, injuries, procedures, instruments, microorganisms,
             hormones, enzymes, ...) and every body noun, the adjectives that pertain to
             them ("myocardial" to myocardium, "renal" to kidney), and the SCOWL words of
             sizes 70 to 95 that end in a clinical suffix (-itis, -ectomy, -aemia, ...);
             the generic drug names of the drug-named-entity-recognition package's
             dictionary (DrugBank's open vocabulary, MeSH, MedlinePlus: every name that
             has an identifier there); then the British and American spelling of each
             (haem/hem, oesoph/esoph, ...). Also, of the nouns and adjectives WordNet
             defines in clinical words (CLINICAL_GLOSS), those beyond everyday English.

A word that base_forms() derives from a listed word (a plural, -ed, -ing) is left out too:
is_known() finds it through that form, so the lists stay about half as long.
"""

from __future__ import annotations

import argparse
import bz2
import pickle
import re
from collections.abc import Iterable
from pathlib import Path

from forum.search.vocabulary import HERE, base_forms

SCOWL_SIZES = (10, 20, 35, 40, 50, 55, 60)
SCOWL_LARGER = (70, 80, 95)
SCOWL_LISTS = ("english", "american", "british", "british_z", "variant_1")
SCOWL_KINDS = ("words", "upper")

# (lemma, sense number) in WordNet 3.0: everything below these is medical.
ROOTS = (
    ("drug", 1),
    ("medicine", 2),  # a medication
    ("disease", 1),
    ("illness", 1),
    ("disorder", 1),  # a physical condition with disturbed functioning
    ("symptom", 1),
    ("syndrome", 1),
    ("injury", 1),
    ("infection", 1),
    ("inflammation", 1),
    ("pathology", 2),  # a deviation from a healthy condition
    ("tumor", 1),
    ("body_part", 1),
    ("medical_procedure", 1),
    ("medical_care", 1),
    ("medical_diagnosis", 1),
    ("diagnostic_procedure", 1),
    ("surgery", 4),  # a surgical operation
    ("medical_instrument", 1),
    ("implant", 1),
    ("prosthesis", 1),
    ("microorganism", 1),
    ("hormone", 1),
    ("enzyme", 1),
    ("vitamin", 1),
    ("medical_specialty", 1),
    ("health_professional", 1),
)
NOUN_BODY = 8  # WordNet's lexicographer file noun.body: every body part and tissue
# WordNet files medical words by what they are ("alopecia" is a condition, "ferritin" a
# protein), so nouns and adjectives defined in clinical words count too; of those, only
# the words beyond everyday English (size 60) are taken, which leaves out "drying".
CLINICAL_GLOSS = re.compile(
    r"\b(?:diseases?|disorders?|medical|medicine|medication|surgical|surgery|patients?|blood"
    r"|infections?|inflammation|inflammatory|tissues?|tumou?rs?|cancers?|drugs?|organs?"
    r"|bones?|muscles?|glands?|arter(?:y|ies)|veins?|nerves?|heart|lungs?|kidneys?|liver"
    r"|brain|spinal|skin|symptoms?|syndrome|diagnos[ie]s|diagnostic|treatment|therapy"
    r"|pathological|physician|clinical|hospital|anatom(?:y|ical)|lesions?|bacteri(?:a|al|um)"
    r"|vir(?:us|al)|fever|painful|hormones?|enzymes?|antibiotics?|vaccines?|x-rays?|urine"
    r"|urinary|intestin(?:e|al)|stomach|abdom(?:en|inal)|uterus|uterine|pregnancy|fetus"
    r"|fetal|cardiac|pulmonary|renal|hepatic|cerebral|vascular|respiratory|teeth|tooth"
    r"|throat|joints?|vertebra[el]?|skull|swelling|wound|injur(?:y|ies)|bleeding"
    r"|anesthetic|analgesic|sedative|antibod(?:y|ies)|immune|proteins?|cells?)\b"
)

CLINICAL_SUFFIX = re.compile(
    r"(?:itis|itides|ectomy|ectomies|otomy|otomies|ostomy|ostomies|plasty|plasties|pexy"
    r"|rrhaphy|scopy|scopies|scopic|graphy|[ae]mias?|pathy|pathies|algia|plegia"
    r"|plegic|paresis|trophy|plasia|penia|cytosis|cytes?|urias?|rrhoea|rrhea|rrhage|pnoea"
    r"|pnea|phagia|phasia|ectasis|ectasia|stenosis|sclerosis|malacia|megaly|centesis"
    r"|tripsy|lysis|omas?|omata)$"
)

# American and British spellings: (American part, British part, where it may stand).
# "^" at the start of a word, "$" at its end, "" anywhere except after c, s or t ("chemo",
# "stem"); a part may end in a lookahead, which is not part of the replacement.
SPELLINGS = (
    ("hem(?!i)", "haem", ""),  # haemorrhage, haematoma, haemoglobin (not hemisphere)
    ("emia", "aemia", "$"),  # anaemia, ischaemia, septicaemia
    ("emias", "aemias", "$"),
    ("emic", "aemic", "$"),
    ("esophag", "oesophag", ""),
    ("edem", "oedem", "^"),
    ("edema", "oedema", "$"),  # lymphoedema, myxoedema
    ("estr", "oestr", "^"),
    ("estrogen", "oestrogen", ""),
    ("fet", "foet", "^"),
    ("pediatr", "paediatr", ""),
    ("orthoped", "orthopaed", ""),
    ("gynec", "gynaec", ""),
    ("anesth", "anaesth", ""),
    ("esthesi", "aesthesi", ""),
    ("rrhea", "rrhoea", ""),
    ("rrheal", "rrhoeal", ""),
    ("pnea", "pnoea", "$"),
    ("pneic", "pnoeic", "$"),
    ("celiac", "coeliac", "^"),
    ("cesarean", "caesarean", "^"),
    ("fec", "faec", "^"),
    ("etiolog", "aetiolog", ""),
    ("ischem", "ischaem", ""),
    ("leukem", "leukaem", ""),
    ("tumor", "tumour", ""),
    ("ameb", "amoeb", ""),
    ("homeo", "homoeo", ""),
    ("sulf", "sulph", ""),
)


def _text(part: str) -> str:
    return re.sub(r"\(\?.*?\)", "", part)


def _pattern(part: str, where: str) -> re.Pattern:
    if where == "^":
        return re.compile("^" + part)
    if where == "$":
        return re.compile(part + "$")
    return re.compile(r"(?<![cst])" + part)


def scowl_words(scowl: Path, sizes: Iterable[int]) -> set[str]:
    found: set[str] = set()
    for size in sizes:
        for name in SCOWL_LISTS:
            for kind in SCOWL_KINDS:
                path = scowl / f"{name}-{kind}.{size}"
                if path.exists():
                    found |= plain(path.read_text(encoding="latin-1").split())
    return found


def plain(candidates: Iterable[str]) -> set[str]:
    """Lower-cased words of letters only (possessives and contractions left out)."""
    return {w.lower() for w in candidates if w.isalpha() and w.isascii() and len(w) > 1}


def _synsets(path: Path) -> dict[str, tuple[int, list[str], list[tuple[str, str, str]], str]]:
    """WordNet data file: offset -> (lexicographer file, lemmas, pointers, definition)."""
    found = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue  # the licence at the top
        head, _, gloss = line.partition(" | ")
        fields = head.split()
        count = int(fields[3], 16)
        lemmas = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]) for i in range(count)]
        at = 4 + 2 * count
        pointers = []
        for _ in range(int(fields[at])):
            pointers.append((fields[at + 1], fields[at + 2], fields[at + 3]))
            at += 4
        found[fields[0]] = (int(fields[1]), lemmas, pointers, gloss.split(";")[0])
    return found


def _senses(path: Path) -> dict[str, list[str]]:
    """WordNet index file: lemma -> synset offsets, most common sense first."""
    found = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line.startswith("  "):
            fields = line.split()
            found[fields[0]] = fields[-int(fields[2]) :]
    return found


def wordnet_words(wordnet: Path) -> tuple[set[str], set[str]]:
    """Words of the medical branches, and words of synsets defined in clinical words."""
    nouns = _synsets(wordnet / "data.noun")
    senses = _senses(wordnet / "index.noun")
    medical = {offset for offset, (lexfile, *_) in nouns.items() if lexfile == NOUN_BODY}
    stack = [senses[lemma][sense - 1] for lemma, sense in ROOTS]
    walked: set[str] = set()
    while stack:
        offset = stack.pop()
        if offset in walked:
            continue
        walked.add(offset)
        stack += [t for sym, t, pos in nouns[offset][2] if sym in ("~", "~i") and pos == "n"]
    medical |= walked
    lemmas = [lemma for offset in medical for lemma in nouns[offset][1]]
    adjectives = _synsets(wordnet / "data.adj")
    for _, adjective_lemmas, pointers, _ in adjectives.values():
        if any(sym == "\\" and pos == "n" and t in medical for sym, t, pos in pointers):
            lemmas += adjective_lemmas
    defined = [
        lemma
        for synsets in (nouns, adjectives)
        for _, synset_lemmas, _, gloss in synsets.values()
        if CLINICAL_GLOSS.search(gloss)
        for lemma in synset_lemmas
    ]
    return _lemma_words(lemmas), _lemma_words(defined)


def _lemma_words(lemmas: Iterable[str]) -> set[str]:
    words = set()
    for lemma in lemmas:
        parts = re.split(r"[_-]", lemma)
        if len(parts) > 1:  # "Acapulco_gold", "Ebola_virus": names within a term are left out
            parts = [p for p in parts if p.islower() or p.endswith("'s")]
        words |= plain(p.removesuffix("'s") for p in parts)
    return words


def drug_words(drugs: Path) -> set[str]:
    """Words of the generic drug names in the drug-named-entity-recognition dictionary."""
    path = drugs / "drug_named_entity_recognition" / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(path, "rb") as file:
        # A file from that package, not user input; pickle is how it ships its data.
        names = pickle.load(file)["drug_canonical_to_data"]
    words = set()
    for name, data in names.items():
        if any(data.get(key) for key in ("drugbank_id", "mesh_id", "medline_plus_id")):
            words |= {w for w in plain(re.split(r"[^A-Za-z]+", name)) if len(w) > 3}
    return words


def spelling_variants(words: Iterable[str]) -> set[str]:
    """The British spelling of American words and the American spelling of British ones."""
    rules = [
        (_pattern(british, where), _text(american), _pattern(american, where), _text(british))
        for american, british, where in SPELLINGS
    ]
    words = set(words)
    found = set()
    for word in words:
        for british, american, american_pattern, british_text in rules:
            if british.search(word):  # already British: only the American form is new
                found.add(british.sub(american, word))
            elif american_pattern.search(word):
                found.add(american_pattern.sub(british_text, word))
    found -= words
    # -emic/-aemic only where the -emia/-aemia disease is listed ("anaemic", not "systaemic").
    return {w for w in found if not w.endswith("emic") or w[:-1] + "a" in words | found}


def compact(words: set[str]) -> list[str]:
    """`words` without those that base_forms() finds through another one that is kept."""
    roots = {w for w in words if not any(f in words for f in base_forms(w))}
    return sorted(w for w in words if w in roots or not any(f in roots for f in base_forms(w)))


def write(path: Path, header: str, words: list[str]) -> None:
    lines = [f"# {line}".rstrip() for line in header.strip().splitlines()]
    path.write_text("\n".join([*lines, *words]) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scowl", type=Path, default=Path("/usr/share/dict/scowl"))
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--drugs", type=Path, required=True, help="where pip put the package")
    args = parser.parse_args(argv)

    english = scowl_words(args.scowl, SCOWL_SIZES)
    larger = scowl_words(args.scowl, SCOWL_LARGER)
    branches, defined = wordnet_words(args.wordnet)
    medical = branches | (defined - english) | {w for w in larger if CLINICAL_SUFFIX.search(w)}
    medical |= drug_words(args.drugs)
    medical |= {w for w in spelling_variants(medical) if w.isalpha()}
    english_list = compact(english)
    medical_list = compact(medical)
    write(
        HERE / "english.txt",
        "Ordinary English words, American and British: SCOWL up to size 60 (see README.md).\n"
        "Generated by compile.py; do not edit (add words to clinical.txt instead).",
        english_list,
    )
    write(
        HERE / "medical.txt",
        "Medical words from WordNet 3.0, SCOWL and drug-named-entity-recognition's drug\n"
        "dictionary, in British and American spelling (see README.md).\n"
        "Generated by compile.py; do not edit (add words to clinical.txt instead).",
        medical_list,
    )
    print(f"english.txt: {len(english_list):,} words; medical.txt: {len(medical_list):,} words")


if __name__ == "__main__":
    main()
