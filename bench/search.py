"""Search speed: the forum's index rebuild and search page against bare Whoosh, same documents.

    .venv/bin/python bench/search.py                  # 100,000 posts, 5,000 threads, 200 queries
    .venv/bin/python bench/search.py --posts 2000 --threads 100 --queries 40     # smoke run
    .venv/bin/python bench/search.py --db /tmp/s.sqlite  # seeds it once, reuses it next time
    .venv/bin/python bench/search.py --profile        # then cProfile what missed its aim
    .venv/bin/python bench/search.py --keep           # keep the database and indexes, then
    .venv/bin/python bench/search.py --reuse DIR      # time the queries again on them

Seeds a SQLite database with the app's own schema (bench/seed.py, with the medical
corpus below: bodies composed from the synonyms in forum/search/synonyms.txt, drug,
procedure and test names, numbers and doses, so the vocabulary runs to tens of
thousands of words). Then, in one process and one app context:

  rebuild   the app's `forum.search.service.rebuild()` into an empty index folder
            (it reads the posts from the database as it goes), against a bare Whoosh
            build of the same documents, read beforehand: `create_in(dir, SCHEMA)`,
            `writer(limitmb=128, compound=False)`, `add_document(**doc.fields())`,
            `commit()`. A third
            line times the app's writer alone (`IndexStore.rebuild` over those documents).
  queries   mixed queries (words, phrases, quoted phrases, abbreviations, questions,
            misspellings, AND/OR/NOT, some with filters), each through the app's
            `search_page()` (parse, synonyms, grouping by thread, database recheck,
            highlights, spelling suggestions) and through a bare
            `searcher.search(QueryParser("body", SCHEMA).parse(text), limit=20)`
            reading the 20 hits' post ids. Both keep searchers open across queries
            (the app pools them and opens a new one when the index changes; the cost
            of opening one is printed apart). All queries run once untimed on
            both, then once timed, app and bare back to back (alternating which goes
            first).

The aims: the app's rebuild at 0.8x or more of the bare build's posts per second,
and the app's query p95 at most 2x the bare one's. The bare baseline does much less
per query (body only, every word required, no synonyms, no grouping, no highlights),
which is the point of the comparison: it is the floor Whoosh itself sets.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import re
import shutil
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `bench` and `forum` importable
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from whoosh import index as whoosh_index  # noqa: E402
from whoosh import query as wq  # noqa: E402
from whoosh.analysis import STOP_WORDS  # noqa: E402
from whoosh.qparser import QueryParser  # noqa: E402

from bench import seed as seeding  # noqa: E402
from bench.common import add_workdir_options, percentile, run_in_workdir  # noqa: E402
from bench.seed import SPECIALTIES, TOPICS, Corpus  # noqa: E402
from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.search import service  # noqa: E402
from forum.search.index import SCHEMA, Filters, IndexStore  # noqa: E402
from forum.search.query import synonyms  # noqa: E402
from forum.search.results import search_page  # noqa: E402
from forum.threads.models import Post, Thread  # noqa: E402

REBUILD_AIM = 0.8  # app posts/s over bare posts/s, at least
P95_AIM = 2.0  # app p95 over bare p95, at most
USERS = 300
LIMIT_MB = 128  # IndexStore.rebuild's writer(limitmb=128)

# --- the medical corpus --------------------------------------------------------------------
# Everyday words of clinical writing, the most frequent part of every body.
COMMON = """
patient patients case cases team ward clinic unit hospital practice service staff nurse nurses
doctor doctors registrar consultant resident residents trainee junior senior colleague colleagues
started stopped switched increased reduced reviewed checked measured recorded noticed found saw
tried used audited compared tracked followed admitted discharged referred scanned treated managed
week weeks month months year years day days night shift morning evening hour hours minute
dose doses level levels result results test tests scan scans trial trials study studies data
evidence guideline guidelines protocol pathway pathways audit outcome outcomes risk risks benefit
benefits cost costs time rate rates change changes problem problems question questions answer
experience experiences approach approaches option options decision decisions plan plans review
follow-up baseline threshold criteria score scores response responses effect effects side
adverse events event complication complications readmission readmissions mortality morbidity
safety efficacy quality access workload training education consent ethics board committee funding
better worse higher lower earlier later faster slower similar different common rare typical
acute chronic severe mild moderate stable unstable early late first second third new old
local national regional rural urban small large elderly young adult adults children older
really quite still also just only even though however because since while after before during
about around between within without against despite across every each most many some few
would could should might must need needs needed want wanted think thought know knew seems
looked looks made make makes took take takes gave give gives kept keep keeps went going get got
""".split()
SETTINGS = [
    "emergency department", "intensive care unit", "outpatient clinic", "day unit",
    "primary care", "rural hospital", "community hospital", "teaching hospital", "cath lab",
    "operating theatre", "stroke unit", "oncology ward", "labour ward", "nursing home",
    "urgent care centre", "medical assessment unit", "paediatric ward", "dialysis unit",
]  # fmt: skip
POPULATIONS = [
    "elderly patients", "children", "pregnant women", "athletes", "nursing home residents",
    "veterans", "adolescents", "transplant recipients", "frail patients", "obese patients",
    "patients on dialysis", "smokers", "neonates", "patients with dementia",
]  # fmt: skip
ROLES = [
    "pharmacy", "nursing", "surgical", "anaesthetic", "radiology", "cardiology", "physiotherapy",
    "palliative", "infection control", "quality improvement", "research", "informatics",
]  # fmt: skip
FREQUENCIES = [
    "once daily", "twice daily", "three times a day", "at night", "weekly", "every 8 hours",
    "every 12 hours", "as needed", "monthly", "every 3 weeks", "every other day",
]  # fmt: skip
DOSES = "0.5 1 2 2.5 5 10 12.5 20 25 40 50 75 80 100 150 200 250 300 400 500 750 1000".split()
IMAGING = [
    "CT", "MRI", "ultrasound", "echocardiography", "PET-CT", "x-ray", "angiography",
    "fluoroscopy", "DEXA", "mammography", "endoscopy", "colonoscopy", "bronchoscopy",
]  # fmt: skip
LABS = """
troponin lactate creatinine potassium sodium magnesium calcium phosphate albumin bilirubin ALT
AST GGT ferritin haemoglobin platelets neutrophils lymphocytes eosinophils CRP procalcitonin
D-dimer fibrinogen INR APTT HbA1c glucose ketones TSH T4 cortisol prolactin PSA CA-125 CEA AFP
NT-proBNP BNP urea eGFR bicarbonate chloride amylase lipase IgE IgG vitamin-D B12 folate
""".split()
GENES = """
BRCA1 BRCA2 EGFR KRAS HER2 PD-L1 ALK BRAF ROS1 MET RET NTRK TP53 PIK3CA IDH1 FLT3 NPM1 JAK2
BCR-ABL CFTR HLA-B27 APOE LDLR PCSK9 MTHFR FVL CYP2C19 CYP2D6 TPMT DPYD HFE SMN1 DMD FMR1
""".split()
REAL_DRUGS = """
metformin insulin gliclazide empagliflozin dapagliflozin semaglutide liraglutide sitagliptin
apixaban rivaroxaban edoxaban dabigatran warfarin heparin enoxaparin aspirin clopidogrel
ticagrelor prasugrel atorvastatin rosuvastatin ezetimibe bisoprolol metoprolol atenolol
amlodipine ramipril lisinopril losartan candesartan sacubitril furosemide bumetanide
spironolactone digoxin amiodarone adenosine alteplase tenecteplase levetiracetam valproate
lamotrigine carbamazepine phenytoin sertraline fluoxetine citalopram mirtazapine venlafaxine
olanzapine quetiapine risperidone haloperidol lithium clozapine morphine oxycodone fentanyl
paracetamol ibuprofen naproxen codeine tramadol ketamine propofol midazolam lorazepam
amoxicillin co-amoxiclav ceftriaxone piperacillin meropenem vancomycin gentamicin doxycycline
clarithromycin azithromycin ciprofloxacin metronidazole nitrofurantoin trimethoprim fluconazole
aciclovir oseltamivir remdesivir dexamethasone prednisolone hydrocortisone methotrexate
adalimumab infliximab rituximab pembrolizumab nivolumab trastuzumab bevacizumab tamoxifen
letrozole cisplatin carboplatin paclitaxel omeprazole lansoprazole ondansetron metoclopramide
salbutamol ipratropium tiotropium budesonide montelukast levothyroxine carbimazole alendronate
""".split()
DRUG_HEADS = """
ab ad al am an ap ar as at av az bel ben bi bo cab can car ce cel da de di do du el en er es
ev fa fe fi flu ga ge gla i ib id il im in ir iv ja ka ke la le li lo lu ma me mi mo na ne ni
no o ob ol om pa pe pi po pra que ra re ri ro sa se si so su ta te ti to tra tu ul va ve vi vo
xa ze zi zo
""".split()
DRUG_MIDDLES = "ba ca da fi la li lo ma mi na ne ni no pa ra ri ro sa ta te ti to va vi xi".split()
DRUG_STEMS = """
mab tinib pril sartan olol statin gliflozin gliptin parin xaban cillin mycin floxacin azole
vir prazole tide lukast dronate semide dipine cycline conazole platin taxel rubicin lisib
ciclib zumab ximab umab setron triptan pam lam barb caine fenac profen oxetine apine idone
""".split()
# Greek and Latin parts: prefix + (link) + suffix make words like gastroduodenoscopy.
ROOTS = """
cardio angio arterio veno phlebo hemo haemato lympho myelo neuro encephalo myelo cerebro psycho
gastro entero colo procto hepato cholecysto pancreato spleno nephro pyelo uro cysto prostato
hystero oophoro salpingo colpo mammo masto dermato onycho trichi osteo chondro arthro myo tendo
pneumo pulmono broncho tracheo laryngo pharyngo rhino oto ophthalmo kerato retino blepharo
thyro adreno pituito gluco lipo thrombo embolo cyto histo onco immuno patho radio echo endo
""".split()
LINKS = """
duodeno jejuno ileo esophago gastro hepato pancreato spleno nephro cysto angio neuro myo arthro
osteo chondro broncho laryngo rhino cardio pleuro pericardio peritoneo retro peri supra sub
""".split()
SUFFIXES = """
itis osis emia pathy algia ectomy otomy ostomy plasty scopy graphy gram logy lysis megaly
oma plegia paresis rrhea rrhage stenosis sclerosis genesis trophy centesis desis pexy tripsy
spasm malacia penia philia cele
""".split()
PROCEDURE_SUFFIXES = "ectomy otomy ostomy plasty scopy graphy centesis pexy tripsy".split()
TITLE_OPENERS = [
    "Early results with", "Has anyone trialled", "Practical lessons from", "Evidence review:",
    "Workflow changes after", "Costs and benefits of", "Patient feedback on",
    "Pitfalls when adopting", "Audit of", "Case discussion:", "Question about",
]  # fmt: skip


# Sentences of forum prose; each {slot} is filled by _Slots (a capital first letter
# capitalises the value). Vocabulary comes from the slots, so it grows with the corpus.
TEMPLATES = [
    "We started {drug} {dose} mg {freq} in {n} patients with {cond}.",
    "Has anyone tried {topic} for {cond} in the {setting}?",
    "In our {setting}, {pct}% of {cond} cases needed {procedure} within {days} days.",
    "The {lab} went from {value} to {value} after {weeks} weeks on {drug}.",
    "{Cond} with {cond} is common in {population} and the guideline says little about it.",
    "I would check {lab} and {lab} before switching from {drug} to {drug}.",
    "Our {role} team audited {n} {procedure} procedures and found {few} complications, "
    "mostly {finding}.",
    "The {gene} trial{nct} randomised {n} patients to {drug} or placebo, with a hazard ratio "
    "of {ratio}.",
    "Follow-up {imaging} showed {finding} in {pct}% of the {cond} group.",
    "How do you manage {cond} in {population} who cannot take {drug}?",
    "{gene} testing changed the plan for {few} of our {cond} patients this year.",
    "Since {year} we refer {finding} to the {specialty} team after {procedure}.",
    "We piloted {topic} on two wards over {few} months and tracked {cond} readmissions weekly.",
    "The sensitivity for {cond} looked good in the vendor study, but our case mix is older.",
    "Nursing staff needed about {few} weeks before the {topic} workflow felt routine.",
    "Alert fatigue was the main complaint, so we raised the {lab} threshold to {value}.",
    "Our pharmacists caught {few} dosing errors with {drug} in the first week.",
    "I would be careful with the subgroup analysis of {drug} in {population}; the "
    "confidence intervals are wide.",
    "A randomised comparison of {procedure} and {procedure} would settle this.",
    "Has anyone seen {finding} after {procedure} in {population}?",
    "Reimbursement for {topic} is still unclear here, which slows adoption in smaller practices.",
    "Training residents on {imaging} early made the biggest difference to {cond} outcomes.",
    "Dose check: {drug} {dose} mg per kg, at most {dose} mg a day, lower if the eGFR is "
    "under {few}.",
    "Our {specialty} colleagues prefer {drug} for {cond} unless the {lab} is above {value}.",
    "{Words}.",
]


class _Slots(dict):
    """Fills a template's slots: each lookup draws a fresh value."""

    def __init__(self, vocab: Vocabulary, rng: random.Random):
        super().__init__()
        self.vocab, self.rng = vocab, rng

    def __missing__(self, key: str) -> str:
        value = DRAWS[key.lower()](self.vocab, self.rng)
        return value[:1].upper() + value[1:] if key[:1].isupper() else value


DRAWS = {
    "drug": lambda vocab, rng: vocab.drug(rng),
    "cond": lambda vocab, rng: vocab.term(rng),
    "procedure": lambda vocab, rng: vocab.procedure(rng),
    "finding": lambda vocab, rng: vocab.medical_word(rng),
    "topic": lambda vocab, rng: rng.choice(vocab.topics),
    "specialty": lambda vocab, rng: rng.choice(vocab.specialties),
    "setting": lambda vocab, rng: rng.choice(SETTINGS),
    "population": lambda vocab, rng: rng.choice(POPULATIONS),
    "role": lambda vocab, rng: rng.choice(ROLES),
    "freq": lambda vocab, rng: rng.choice(FREQUENCIES),
    "dose": lambda vocab, rng: rng.choice(DOSES),
    "lab": lambda vocab, rng: rng.choice(LABS),
    "gene": lambda vocab, rng: rng.choice(GENES),
    "imaging": lambda vocab, rng: rng.choice(IMAGING),
    "n": lambda vocab, rng: str(rng.randint(2, 900)),
    "few": lambda vocab, rng: str(rng.randint(1, 40)),
    "pct": lambda vocab, rng: str(rng.randint(1, 99)),
    "days": lambda vocab, rng: str(rng.randint(1, 30)),
    "weeks": lambda vocab, rng: str(rng.randint(1, 52)),
    "year": lambda vocab, rng: str(rng.randint(2005, 2025)),
    "value": lambda vocab, rng: f"{rng.uniform(0.1, 400):.1f}",
    "ratio": lambda vocab, rng: f"{rng.uniform(0.4, 1.3):.2f}",
    "nct": lambda vocab, rng: (
        f" (NCT{rng.randint(0, 99_999_999):08d})" if rng.random() < 0.3 else ""
    ),
    "words": lambda vocab, rng: vocab.filler(rng, rng.randint(6, 14)),
}


def _compound(*parts: str) -> str:
    """Join word parts, dropping a vowel where two meet: gastro + itis -> gastritis."""
    word = parts[0]
    for part in parts[1:]:
        if word[-1] in "aeiou" and part[0] in "aeiou":
            word = word[:-1]
        word += part
    return word


def _zipf(n: int, exponent: float = 1.05) -> list[float]:
    """Cumulative Zipf weights for n ranked items (for random.choices(cum_weights=...))."""
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank**exponent
        out.append(total)
    return out


class Vocabulary:
    """The word lists and their weights; built from a seeded rng, so runs repeat exactly."""

    def __init__(self, seed_value: int):
        rng = random.Random(seed_value * 7919 + 11)
        concepts = synonyms().concepts
        self.concepts = concepts
        # Conditions and other concept terms, every form (full, abbreviation, variant).
        terms = [term for concept in concepts for term in concept]
        rng.shuffle(terms)
        self.terms = terms
        self.term_weights = _zipf(len(terms), 0.9)
        drugs = {f"{h}{m}{s}" for h in DRUG_HEADS for m in DRUG_MIDDLES for s in DRUG_STEMS}
        synthetic = sorted(drugs)
        rng.shuffle(synthetic)
        self.drugs = REAL_DRUGS + synthetic[:6000]  # real names are the head of the curve
        self.drug_weights = _zipf(len(self.drugs))
        medical = {_compound(r, s) for r in ROOTS for s in SUFFIXES}
        medical |= {_compound(r, link, s) for r in ROOTS for link in LINKS for s in SUFFIXES}
        medical_words = sorted(medical)
        rng.shuffle(medical_words)
        self.medical = medical_words[:30000]
        self.medical_weights = _zipf(len(self.medical))
        procedures = sorted(
            {_compound(r, s) for r in ROOTS for s in PROCEDURE_SUFFIXES}
            | {
                _compound(r, link, s)
                for r in ROOTS
                for link in LINKS[:12]
                for s in PROCEDURE_SUFFIXES
            }
        )
        rng.shuffle(procedures)
        self.procedures = procedures
        self.procedure_weights = _zipf(len(procedures))
        self.topics = [t.lower() for t in TOPICS]
        self.specialties = [s.lower() for s in SPECIALTIES]

    def term(self, rng: random.Random) -> str:
        return rng.choices(self.terms, cum_weights=self.term_weights)[0]

    def drug(self, rng: random.Random) -> str:
        return rng.choices(self.drugs, cum_weights=self.drug_weights)[0]

    def medical_word(self, rng: random.Random) -> str:
        return rng.choices(self.medical, cum_weights=self.medical_weights)[0]

    def procedure(self, rng: random.Random) -> str:
        return rng.choices(self.procedures, cum_weights=self.procedure_weights)[0]

    def filler(self, rng: random.Random, n: int) -> str:
        """n words of running text: mostly everyday words, some medical ones."""
        words = rng.choices(COMMON, k=n)
        for i in range(n):
            roll = rng.random()
            if roll < 0.12:
                words[i] = self.medical_word(rng)
            elif roll < 0.17:
                words[i] = self.drug(rng)
            elif roll < 0.22:
                words[i] = self.term(rng)
        return " ".join(words)

    # --- sentences ---------------------------------------------------------------------------
    def sentence(self, rng: random.Random) -> str:
        """One sentence of forum prose: a template with its slots filled at random."""
        template = rng.choice(TEMPLATES)
        return template.format_map(_Slots(self, rng))

    def body(self, rng: random.Random) -> tuple[str, str, str]:
        """A post: 1-3 paragraphs of 1-4 sentences; (markdown, html, plain text)."""
        paragraphs = [
            " ".join(self.sentence(rng) for _ in range(rng.randint(1, 4)))
            for _ in range(rng.choice((1, 1, 2, 2, 3)))
        ]
        text = "\n\n".join(paragraphs)
        html = "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in paragraphs)
        return text, html, text

    def title(self, rng: random.Random, thread_id: int) -> str:
        pick = rng.randrange(6)
        if pick == 0:
            title = f"How do I start a career in {rng.choice(self.topics)}"
        elif pick == 1:
            title = f"{self.drug(rng).capitalize()} versus {self.drug(rng)} for {self.term(rng)}"
        elif pick == 2:
            title = f"{TOPICS[rng.randrange(len(TOPICS))]} in the {rng.choice(SETTINGS)}"
        elif pick == 3:
            title = f"{self.term(rng).capitalize()} after {self.procedure(rng)}: what now?"
        elif pick == 4:
            title = f"Managing {self.term(rng)} in {rng.choice(POPULATIONS)}"
        else:
            title = f"{rng.choice(TITLE_OPENERS)} {rng.choice(TOPICS)} for {self.term(rng)}"
        return title[:200]

    def corpus(self) -> Corpus:
        return Corpus(body=self.body, title=self.title)


# --- queries -------------------------------------------------------------------------------
@dataclass
class Query:
    kind: str
    text: str  # what the user types (the app gets it as is)
    filters: dict[str, str] = field(default_factory=dict)  # Filters(**filters) for the app

    def bare_text(self, drop_stop_words: bool = False) -> str:
        """The same words for Whoosh's QueryParser: no field prefixes, no wildcard characters,
        and `-word` written as `NOT word` (the default parser has no minus operator).
        With `drop_stop_words`, Whoosh's own stop words are left out too, as its default
        analyzer would (ours indexes every word, so "how do I ..." is costly to AND)."""
        text = re.sub(r'\b[A-Za-z]+:("[^"]*"?|\S+)', " ", self.text)
        text = re.sub(r"(^|\s)-(?=\S)", r"\1NOT ", text)
        words = re.sub(r"[?*~^]", " ", text).split()
        if drop_stop_words:
            kept = [w for w in words if w in ("AND", "OR", "NOT") or w.lower() not in STOP_WORDS]
            words = kept or words
        return " ".join(words)

    def bare_filters(self) -> dict[str, str]:
        """Whoosh field -> value: the Filters plus any field prefixes typed in the text."""
        fields = {"specialty": "specialty", "topic": "topics", "kind": "kind"}
        found = {fields[k]: v.lower() for k, v in self.filters.items()}
        for name, value in re.findall(r'\b([A-Za-z]+):("[^"]*"?|\S+)', self.text):
            if name.lower() in fields:
                found[fields[name.lower()]] = value.strip('"').lower()
        return found


def _misspell(rng: random.Random, word: str) -> str:
    """One typo, keeping the first letter: two neighbours swapped, a letter dropped or doubled."""
    i = rng.randrange(1, len(word) - 1)
    pick = rng.randrange(3)
    if pick == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if pick == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def make_queries(vocab: Vocabulary, count: int, seed_value: int) -> list[Query]:
    """`count` mixed queries, the same for the same seed; about a fifth with a filter."""
    rng = random.Random(seed_value * 104729 + 3)
    abbreviations = [
        term
        for concept in vocab.concepts
        for term in concept[1:]
        if " " not in term and len(term) <= 6 and not term.islower()
    ] + ["afib", "vtach", "vfib"]
    phrases = [t for t in vocab.terms if " " in t and "-" not in t]
    topic_slugs = [seeding._slug(t) for t in TOPICS]
    specialty_slugs = [seeding._slug(s) for s in SPECIALTIES]
    head = max(50, len(vocab.medical) // 100)  # the more common medical words

    typo_targets = [w for w in REAL_DRUGS + LABS + vocab.medical[:head] if len(w) >= 6]

    def word() -> str:
        roll = rng.random()
        if roll < 0.4:
            return vocab.medical[rng.randrange(head)]
        if roll < 0.6:
            return rng.choice(vocab.medical)  # often a rare word
        if roll < 0.8:
            return rng.choice(REAL_DRUGS)
        return rng.choice(LABS + GENES)

    makers = [
        ("word", 20, lambda: word()),
        ("words", 18, lambda: rng.choice([
            f"{rng.choice(REAL_DRUGS)} dose",
            f"{rng.choice(REAL_DRUGS)} in {rng.choice(POPULATIONS)}",
            f"{rng.choice(LABS)} monitoring",
            f"{vocab.procedure(rng)} complications",
            f"{rng.choice(vocab.topics)} outcomes",
            f"{rng.choice(phrases)} {rng.choice(REAL_DRUGS)}",
            f"{rng.choice(IMAGING)} {word()}",
            f"{rng.choice(vocab.specialties)} training",
            f"{rng.choice(REAL_DRUGS)} side effects",
        ])),
        ("phrase", 10, lambda: f'"{rng.choice(phrases)}"'),
        ("abbrev", 15, lambda: rng.choice(abbreviations)
            + (f" {rng.choice(REAL_DRUGS)}" if rng.random() < 0.4 else "")),
        ("question", 14, lambda: rng.choice([
            f"how do I start a career in {rng.choice(vocab.topics)}",
            f"what is the best dose of {rng.choice(REAL_DRUGS)} for {rng.choice(phrases)}?",
            f"has anyone used {rng.choice(vocab.topics)} in the {rng.choice(SETTINGS)}?",
            f"is {rng.choice(REAL_DRUGS)} safe in {rng.choice(POPULATIONS)}?",
            f"when should we stop {rng.choice(REAL_DRUGS)} before {vocab.procedure(rng)}",
        ])),
        ("typo", 8, lambda: _misspell(rng, rng.choice(typo_targets))),
        ("boolean", 8, lambda: rng.choice([
            f"{rng.choice(REAL_DRUGS)} OR {rng.choice(REAL_DRUGS)}",
            f"{word()} AND {rng.choice(LABS)}",
            f"{rng.choice(phrases)} -{rng.choice(REAL_DRUGS)}",
        ])),
        ("field", 5, lambda: rng.choice([
            f"{word()} kind:{rng.choice(('question', 'discussion'))}",
            f"{rng.choice(abbreviations)} specialty:{rng.choice(specialty_slugs)}",
            f"topic:{rng.choice(topic_slugs)} {rng.choice(REAL_DRUGS)}",
        ])),
    ]  # fmt: skip
    kinds = rng.choices(makers, weights=[w for _, w, _ in makers], k=count)
    queries = []
    for kind, _, make in kinds:
        query = Query(kind, make())
        if kind != "field" and rng.random() < 0.2:
            name = rng.choice(("specialty", "topic", "kind"))
            value = {
                "specialty": lambda: rng.choice(specialty_slugs),
                "topic": lambda: rng.choice(topic_slugs),
                "kind": lambda: rng.choice(("question", "discussion")),
            }[name]()
            query.filters = {name: value}
        queries.append(query)
    return queries


# --- measuring -----------------------------------------------------------------------------
def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


@dataclass
class Build:
    label: str
    posts: int
    seconds: float
    size: int

    @property
    def rate(self) -> float:
        return self.posts / self.seconds if self.seconds else 0.0


def bare_build(documents, path: Path) -> Build:
    """Plain Whoosh, same schema and writer settings as IndexStore.rebuild."""
    path.mkdir(parents=True)
    started = time.perf_counter()
    ix = whoosh_index.create_in(str(path), SCHEMA)
    writer = ix.writer(limitmb=LIMIT_MB, compound=False)
    for document in documents:
        writer.add_document(**document.fields())
    writer.commit()
    seconds = time.perf_counter() - started
    return Build("bare", len(documents), seconds, dir_bytes(path))


def app_rebuild() -> Build:
    """The app's own path: forum.search.service.rebuild() (reads the database as it goes)."""
    started = time.perf_counter()
    count = service.rebuild()
    seconds = time.perf_counter() - started
    db.session.remove()
    if count is None:
        raise RuntimeError("rebuild() found the writer lock taken")
    return Build("app", count, seconds, service.store().size_bytes())


def writer_only(documents, path: Path) -> Build:
    """The app's writer alone: IndexStore.rebuild over the documents already read."""
    store = IndexStore(path)
    started = time.perf_counter()
    count = store.rebuild(documents, 0)
    seconds = time.perf_counter() - started
    return Build("app writer", count, seconds, store.size_bytes())


class Searchers:
    """Run one query through the app's search page or through bare Whoosh."""

    def __init__(self, bare_dir: Path):
        self.bare_ix = whoosh_index.open_dir(str(bare_dir))
        self.bare_searcher = self.bare_ix.searcher()  # opened once, as the app keeps its own
        self.parser = QueryParser("body", SCHEMA)

    def app(self, query: Query) -> int:
        page = search_page(query.text, Filters(**query.filters), page=1)
        return len(page.rows)

    def open_close(self) -> float:
        """Seconds to open and close a searcher (neither side does it per query)."""
        started = time.perf_counter()
        self.bare_ix.searcher().close()
        return time.perf_counter() - started

    def bare(self, query: Query, drop_stop_words: bool = False) -> int:
        filters = [wq.Term(name, value) for name, value in query.bare_filters().items()]
        results = self.bare_searcher.search(
            self.parser.parse(query.bare_text(drop_stop_words)),
            limit=20,
            filter=(wq.And(filters) if len(filters) > 1 else filters[0]) if filters else None,
        )
        return len([hit["post_id"] for hit in results])


def end_request() -> None:
    """What a request's teardown does: drop the session (and its identity map)."""
    db.session.remove()


SIDES = ("app", "bare", "bare-nostop")


def run_queries(searchers: Searchers, queries: list[Query]):
    """Warm all up with every query, then time each, app and bare back to back.

    "bare-nostop" is the bare search with Whoosh's stop words left out of the query.
    """
    runs = {
        "app": searchers.app,
        "bare": searchers.bare,
        "bare-nostop": lambda query: searchers.bare(query, drop_stop_words=True),
    }
    rows = {side: [] for side in SIDES}
    for query in queries:
        for side in SIDES:
            rows[side].append(runs[side](query))
            end_request()
    timings = {side: [] for side in SIDES}
    for i, query in enumerate(queries):
        order = SIDES[i % 3 :] + SIDES[: i % 3]  # each side goes first a third of the time
        for side in order:
            started = time.perf_counter()
            runs[side](query)
            timings[side].append(time.perf_counter() - started)
            end_request()
    return timings, rows


def corpus_words(index_dir: Path) -> tuple[int, int]:
    """(distinct words, distinct stemmed terms) in posts' bodies, from the bare index."""
    with whoosh_index.open_dir(str(index_dir)).reader() as reader:
        words = sum(1 for _ in reader.lexicon("spell_body"))
        stems = sum(1 for _ in reader.lexicon("body"))
    return words, stems


# --- the run -------------------------------------------------------------------------------
def seed_database(db_path: Path, args: argparse.Namespace, vocab: Vocabulary) -> float | None:
    """Seed a new database at db_path (returns the seconds), or reuse it (returns None)."""
    if db_path.exists():
        print(f"Reusing {db_path} (--posts, --threads and --seed do not change it).")
        return None
    print(f"Seeding {args.threads:,} threads and {args.posts:,} posts into {db_path} ...")
    started = time.perf_counter()
    seeding.seed(f"sqlite:///{db_path}", args.threads, args.posts, USERS, args.seed, vocab.corpus())
    return time.perf_counter() - started


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def report(
    builds: dict[str, Build] | None, timings: dict[str, list[float]], queries: list[Query]
):
    """Print the figures; `builds` is None when the indexes were reused (--reuse)."""
    rows = []
    if builds:
        app, bare = builds["app"], builds["bare"]
        rows += [
            ("rebuild posts/s", f"{app.rate:,.0f}", f"{bare.rate:,.0f}", app.rate / bare.rate),
            ("index MB", f"{app.size / 2**20:,.1f}", f"{bare.size / 2**20:,.1f}",
             app.size / bare.size),
        ]  # fmt: skip
    stats = {}
    for side in SIDES:
        values = timings[side]
        stats[side] = (percentile(values, 0.5), percentile(values, 0.95), sum(values) / len(values))
    for i, label in enumerate(("query p50 ms", "query p95 ms", "query mean ms")):
        a, b = stats["app"][i], stats["bare"][i]
        rows.append((label, _ms(a), _ms(b), a / b if b else float("nan")))
    for i, label in enumerate(("  stop words out: p50", "  stop words out: p95")):
        a, b = stats["app"][i], stats["bare-nostop"][i]
        rows.append((label, _ms(a), _ms(b), a / b if b else float("nan")))
    header = f"{'':22} {'app':>10} {'bare':>10} {'app/bare':>9}"
    print("\n" + header + "\n" + "-" * len(header))
    for label, a, b, ratio in rows:
        print(f"{label:22} {a:>10} {b:>10} {ratio:8.2f}x")
    if builds:
        app, bare, writer = builds["app"], builds["bare"], builds["writer"]
        print(
            f"{'  writer only posts/s':22} {writer.rate:>10,.0f} {'':>10} "
            f"{writer.rate / bare.rate:8.2f}x"
        )
        print(
            "rebuild: the app's service.rebuild() reads the posts from the database as it goes "
            f"({app.seconds:.1f} s for {app.posts:,}); bare indexes documents read beforehand "
            f"({bare.seconds:.1f} s); writer only = IndexStore.rebuild over those documents "
            f"({writer.seconds:.1f} s)."
        )
    print(
        "stop words out: the bare queries without Whoosh's stop words (its default analyzer "
        "drops them; ours indexes every word, which makes ANDing them slow for bare Whoosh)."
    )

    print(f"\n{'query kind':10} {'n':>4} {'app p50':>8} {'bare p50':>8} {'app p95':>8} "
          f"{'bare p95':>8} {'p95 x':>6} {'nostop p95':>10}")  # fmt: skip
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, query in enumerate(queries):
        by_kind[query.kind].append(i)
    for kind, indexes in sorted(by_kind.items(), key=lambda item: -len(item[1])):
        a = [timings["app"][i] for i in indexes]
        b = [timings["bare"][i] for i in indexes]
        c = [timings["bare-nostop"][i] for i in indexes]
        print(
            f"{kind:10} {len(indexes):4} {_ms(percentile(a, 0.5)):>8} "
            f"{_ms(percentile(b, 0.5)):>8} {_ms(percentile(a, 0.95)):>8} "
            f"{_ms(percentile(b, 0.95)):>8} {percentile(a, 0.95) / percentile(b, 0.95):5.1f}x "
            f"{_ms(percentile(c, 0.95)):>10}"
        )
    filtered = [i for i, q in enumerate(queries) if q.bare_filters()]
    print(f"({len(filtered)} of {len(queries)} queries with a filter or field prefix)")
    slowest = sorted(range(len(queries)), key=lambda i: -timings["app"][i])[:5]
    print("slowest app queries: " + "; ".join(
        f"{queries[i].text!r}{' ' + str(queries[i].filters) if queries[i].filters else ''} "
        f"{_ms(timings['app'][i])} ms (bare {_ms(timings['bare'][i])}, "
        f"stop words out {_ms(timings['bare-nostop'][i])})"
        for i in slowest
    ))  # fmt: skip

    if builds:
        rebuild_ratio = app.rate / bare.rate
        met = "meets" if rebuild_ratio >= REBUILD_AIM else "misses"
        print(
            f"\nVerdict: rebuild at {rebuild_ratio:.2f}x the bare build's posts/s {met} the "
            f"{REBUILD_AIM}x aim (writer alone: {writer.rate / bare.rate:.2f}x)."
        )
    for side, what in (("bare", "the bare p95"), ("bare-nostop", "the bare p95, stop words out")):
        ratio = stats["app"][1] / stats[side][1]
        met = "meets" if ratio <= P95_AIM else "misses"
        print(f"Verdict: query p95 at {ratio:.2f}x {what} {met} the {P95_AIM}x aim.")


# Functions of the app's search path whose share of the profiled time is printed.
APP_FUNCTIONS = {
    "service.py": ["rebuild", "all_documents", "_documents", "sync"],
    "store.py": ["rebuild", "fields", "digest"],
    "reading.py": ["_acquire", "search", "highlight", "suggest"],
    "scoring.py": [
        "evaluate", "term", "phrase", "_most_of", "_all", "filter_docs", "best_by_thread",
    ],
    "results.py": ["search_page", "_rows", "_visible", "_suggest"],
    "query.py": ["parse", "synonyms"],
    "queries.py": ["attach_topics"],
}  # fmt: skip


def print_profile(profiler: cProfile.Profile, title: str, lines: int = 30) -> None:
    """The app functions' shares of the profiled time, then pstats' top entries."""
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    print(f"\n--- cProfile: {title}: {total:.1f} s profiled (profiler overhead included) ---")
    shares = []
    for (filename, line, name), (_, calls, _, cumulative, _) in stats.stats.items():
        path = Path(filename)
        if "forum" in path.parts and name in APP_FUNCTIONS.get(path.name, ()):
            shares.append((cumulative, f"{path.parent.name}/{path.name}:{line} {name}", calls))
    for cumulative, where, calls in sorted(shares, reverse=True):
        print(f"  {cumulative / total:6.1%} {cumulative:8.2f} s {calls:8,} calls  {where}")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(lines)
        print(f"\n  top {lines} by {order}:")
        print(out.getvalue().split("\n", 4)[-1].rstrip())


def profile_misses(args, builds, timings, searchers: Searchers, queries: list[Query]) -> None:
    """Extra passes under cProfile (after the measurements) for each aim the app missed."""
    rebuild_missed = bool(builds) and builds["app"].rate / builds["bare"].rate < REBUILD_AIM
    p95 = {side: percentile(values, 0.95) for side, values in timings.items()}
    query_missed = p95["app"] / min(p95["bare"], p95["bare-nostop"]) > P95_AIM
    if not (rebuild_missed or query_missed or args.profile == "all"):
        print("\nBoth aims met; nothing to profile (use --profile all to profile anyway).")
    if query_missed or args.profile == "all":
        profiler = cProfile.Profile()
        for query in queries:
            profiler.enable()
            searchers.app(query)
            profiler.disable()
            end_request()
        print_profile(profiler, f"{len(queries)} app queries (search_page), one more pass")
    if builds and (rebuild_missed or args.profile == "all"):
        profiler = cProfile.Profile()
        profiler.enable()
        app_rebuild()
        profiler.disable()
        print_profile(profiler, "app rebuild (service.rebuild), once more")


def run(args: argparse.Namespace, workdir: Path) -> int:
    vocab = Vocabulary(args.seed)
    db_path = args.db.resolve() if args.db else workdir / "search.sqlite"
    if args.reuse and not (db_path.exists() and (workdir / "bare-index").is_dir()):
        print(f"{workdir} holds no database and indexes from an earlier --keep run.")
        return 2
    seed_seconds = None if args.reuse else seed_database(db_path, args, vocab)
    config = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "SECRET_KEY": "bench",
        "SEARCH_INDEX_DIR": str(workdir / "app-index"),
        "SEARCH_INDEX_NAME": "bench",
        "SEARCH_SYNC": "off",
    }
    app = create_app(config)
    with app.app_context():
        n_posts = db.session.scalar(select(func.count()).select_from(Post))
        n_threads = db.session.scalar(select(func.count()).select_from(Thread))
        seeded = f"seeded in {seed_seconds:.1f} s" if seed_seconds is not None else "reused"
        print(
            f"Database: {n_posts:,} posts in {n_threads:,} threads, {seeded}; "
            f"{db_path.stat().st_size / 2**20:,.0f} MB"
        )

        if args.reuse:
            print(f"Reusing the indexes in {workdir} (no rebuild figures).")
            return _time_queries(args, vocab, workdir, None)

        started = time.perf_counter()
        documents = list(service.all_documents())
        read_seconds = time.perf_counter() - started
        end_request()
        print(
            f"Read {len(documents):,} visible posts as Documents in {read_seconds:.1f} s "
            f"({len(documents) / read_seconds:,.0f}/s; not part of the bare timing)"
        )

        builds: dict[str, Build] = {}
        print("Building: app rebuild ...", end="", flush=True)
        builds["app"] = app_rebuild()
        print(f" {builds['app'].seconds:.1f} s; bare ...", end="", flush=True)
        builds["bare"] = bare_build(documents, workdir / "bare-index")
        print(f" {builds['bare'].seconds:.1f} s; app writer only ...", end="", flush=True)
        builds["writer"] = writer_only(documents, workdir / "writer-index")
        print(f" {builds['writer'].seconds:.1f} s")
        shutil.rmtree(workdir / "writer-index", ignore_errors=True)
        words, stems = corpus_words(workdir / "bare-index")
        print(
            f"Corpus: {len(documents):,} documents, {words:,} distinct words in bodies "
            f"({stems:,} stemmed terms), mean body {_mean_words(documents):.0f} words"
        )
        del documents
        return _time_queries(args, vocab, workdir, builds)


def _time_queries(args, vocab: Vocabulary, workdir: Path, builds) -> int:
    """The query half of the run, in the app context (the indexes are built)."""
    queries = make_queries(vocab, args.queries, args.seed)
    print(f"Queries: {len(queries)}, each run once to warm up, then once timed ...")
    searchers = Searchers(workdir / "bare-index")
    timings, rows = run_queries(searchers, queries)
    empty = sum(1 for n in rows["app"] if n == 0)
    print(
        f"Rows per query (max 20): app mean {sum(rows['app']) / len(queries):.1f} "
        f"({empty} with none), bare mean {sum(rows['bare']) / len(queries):.1f}"
    )
    opens = [searchers.open_close() for _ in range(21)]
    print(
        f"Opening and closing a searcher alone: p50 {_ms(percentile(opens, 0.5))} ms "
        "(paid by neither side per query: the app pools open searchers)"
    )
    report(builds, timings, queries)
    if args.profile:
        profile_misses(args, builds, timings, searchers, queries)
    return 0


def _mean_words(documents) -> float:
    sample = documents[:: max(1, len(documents) // 2000)]
    return sum(len(d.body.split()) for d in sample) / max(1, len(sample))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000, help="posts to seed (100000)")
    parser.add_argument("--threads", type=int, default=5000, help="threads to seed (5000)")
    parser.add_argument("--queries", type=int, default=200, help="queries to time (200)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for corpus and queries")
    add_workdir_options(parser, kept="database, indexes")
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="DIR",
        help="a directory kept by an earlier --keep run: time the queries again on its "
        "database and indexes, without rebuilding (and without rebuild figures)",
    )
    parser.add_argument(
        "--profile",
        nargs="?",
        const="misses",
        choices=("misses", "all"),
        help="after measuring, cProfile one more pass of the app's queries and/or rebuild: "
        "those that missed their aim (default), or all",
    )
    args = parser.parse_args(argv)
    if args.threads < 1 or args.posts < args.threads or args.queries < 1:
        parser.error("need --threads >= 1, --posts >= --threads and --queries >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_in_workdir(args, run, prefix="rounds-bench-search-", workdir=args.reuse)


if __name__ == "__main__":
    sys.exit(main())
